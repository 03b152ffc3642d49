import { Anchor, Button, PasswordInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { signIn } from '../api/session-api';
import { useI18n } from '../i18n/i18n';
import { PASSWORD_PATH } from '../pages/password/password-path';
import { SignedOutCard, SignInEmail } from './signed-out-card';
import { useSession } from './session';

/** E-mail and password (POST /api/v1/session); the server answers the same for a wrong e-mail or password. */
export function SignInPage() {
  const { t } = useI18n();
  const { signedIn, lost } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [problem, setProblem] = useState<string | null>(lost ? t('shell.sessionExpired') : null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = {
      ...(email.trim() === '' && { email: t('signIn.emailRequired') }),
      ...(password === '' && { password: t('signIn.passwordRequired') }),
    };
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const result = await signIn(email.trim(), password);
      if (result.kind === 'signed-in') signedIn(result.session);
      else if (result.kind === 'locked') setProblem(t('signIn.locked', { seconds: result.retryAfterSeconds }));
      else setProblem(t('signIn.wrong'));
    } catch (error) {
      setProblem(t('common.error', { message: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <SignedOutCard title={t('signIn.title')} problem={problem} onSubmit={(event) => void submit(event)}>
      <SignInEmail value={email} error={errors.email} onChange={setEmail} />
      <PasswordInput
        label={t('signIn.password')}
        autoComplete="current-password"
        required
        value={password}
        error={errors.password}
        onChange={(event) => setPassword(event.currentTarget.value)}
      />
      <Button type="submit" loading={busy}>
        {t('signIn.submit')}
      </Button>
      <Anchor component={Link} to={PASSWORD_PATH} size="sm">
        {t('password.haveCode')}
      </Anchor>
    </SignedOutCard>
  );
}
