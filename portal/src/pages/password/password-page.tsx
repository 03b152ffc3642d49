import { Alert, Anchor, Button, PasswordInput, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, type ApiProblem } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { SignedOutCard, SignInEmail } from '../../shell/signed-out-card';

type Field = 'email' | 'resetCode' | 'newPassword' | 'repeated';
type FieldErrors = Partial<Record<Field, string>>;

/**
 * A person signed out redeems the one-time code an admin gave them
 * (POST /api/v1/password) and chooses a password. What makes a password
 * acceptable and a code valid is the server's rule: its reasons are shown
 * at the field they concern.
 */
export function PasswordPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [resetCode, setResetCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const missing: FieldErrors = {
      ...(email.trim() === '' && { email: t('signIn.emailRequired') }),
      ...(resetCode.trim() === '' && { resetCode: t('password.codeRequired') }),
      ...(newPassword === '' && { newPassword: t('password.newRequired') }),
      ...(repeated !== newPassword && { repeated: t('password.notSame') }),
    };
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const { response, error } = await api.POST('/api/v1/password', {
        body: { email: email.trim(), resetCode: resetCode.trim(), newPassword },
      });
      if (response.status === 204) setDone(true);
      else setErrors(fieldErrorsOf(error, response.status));
    } catch (failure) {
      setProblem(t('common.error', { message: (failure as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  /** The server's reason in the page's language where it names one the catalogue has, else its own words. */
  const passwordReason = (field: NonNullable<ApiProblem['fields']>[number]): string => {
    switch (field.reason) {
      case 'too-short':
      case 'too-long':
        return t(`password.reason.${field.reason}`, { limit: String(field.limit ?? '') });
      case 'is-email':
      case 'one-character':
        return t(`password.reason.${field.reason}`);
      default:
        return field.message;
    }
  };

  /** The server's refusal at the field it names; a wrong, used or expired code at the code. */
  const fieldErrorsOf = (refusal: ApiProblem | undefined, status: number): FieldErrors => {
    if (refusal?.error === 'invalid-reset-code') return { resetCode: t('password.invalidCode') };
    const named: FieldErrors = {};
    for (const field of refusal?.fields ?? []) {
      if (field.field === 'email' || field.field === 'resetCode' || field.field === 'newPassword') {
        named[field.field] = field.field === 'newPassword' ? t('password.weak', { reason: passwordReason(field) }) : field.message;
      }
    }
    if (Object.keys(named).length === 0) setProblem(t('common.refused', { message: refusal?.message ?? String(status) }));
    return named;
  };

  if (done)
    return (
      <SignedOutCard title={t('password.title')} problem={null}>
        <Alert color="green" role="status">
          {t('password.done')}
        </Alert>
        <Anchor component={Link} to="/">
          {t('password.toSignIn')}
        </Anchor>
      </SignedOutCard>
    );
  return (
    <SignedOutCard title={t('password.title')} problem={problem} onSubmit={(event) => void submit(event)}>
      <Text size="sm">{t('password.explain')}</Text>
      <SignInEmail value={email} error={errors.email} onChange={setEmail} />
      <TextInput
        label={t('password.code')}
        autoComplete="one-time-code"
        required
        value={resetCode}
        error={errors.resetCode}
        onChange={(event) => setResetCode(event.currentTarget.value)}
      />
      <PasswordInput
        label={t('password.new')}
        description={t('password.rule')}
        autoComplete="new-password"
        required
        value={newPassword}
        error={errors.newPassword}
        onChange={(event) => setNewPassword(event.currentTarget.value)}
      />
      <PasswordInput
        label={t('password.repeat')}
        autoComplete="new-password"
        required
        value={repeated}
        error={errors.repeated}
        onChange={(event) => setRepeated(event.currentTarget.value)}
      />
      <Button type="submit" loading={busy}>
        {t('password.submit')}
      </Button>
      <Anchor component={Link} to="/" size="sm">
        {t('password.toSignIn')}
      </Anchor>
    </SignedOutCard>
  );
}
