import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, problemText } from '../../api/client';
import { passwordResetCode } from '../../api/session-api';
import { ConfirmedAction } from '../../components/confirmed-action';
import { Problem } from '../../components/problem';
import { NotYet, useFound } from '../../components/use-found';
import { ShownOnce } from '../../components/shown-once';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { mayCall } from '../../shell/navigation';
import { useSignedIn } from '../../shell/session';
import { TokensPanel } from './tokens-panel';

/** One user: its tokens, a password reset code, and deactivating it. */
export function UserPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const navigate = useNavigate();
  const { userId = '' } = useParams();
  const { value: user, problem, setProblem } = useFound(() => api.GET('/api/v1/users/{userId}', { params: { path: { userId } } }), userId);
  const [reset, setReset] = useState<{ resetCode: string; expiresAt: string } | null>(null);

  if (user === null || user === 'not-found') return <NotYet value={user} problem={problem} />;

  const deactivate = async () => {
    const { error, response } = await api.DELETE('/api/v1/users/{userId}', { params: { path: { userId } } });
    if (response.status === 204) void navigate('/users');
    else setProblem(t('common.refused', { message: problemText(error) }));
  };
  const makeResetCode = async () => {
    setProblem(null);
    const answer = await passwordResetCode(userId, session.csrfToken);
    if ('problem' in answer) setProblem(t('common.refused', { message: answer.problem }));
    else setReset(answer);
  };

  return (
    <Stack>
      <Title order={1}>{user.name}</Title>
      <Text>
        {t(`role.${user.role}`)} · {user.email ?? t('common.none')}
      </Text>
      <Problem text={problem} />
      <TokensPanel userId={user.id} canCreate={mayCall(session.user.role, 'postUsersUserIdTokens')} />
      <Card withBorder component="section" aria-labelledby="password-title">
        <Stack>
          <Title order={2} id="password-title">
            {t('users.reset.title')}
          </Title>
          <Text size="sm">{t('users.reset.explain')}</Text>
          <Button variant="default" w="fit-content" onClick={() => void makeResetCode()}>
            {t('users.reset.create')}
          </Button>
          {reset !== null && (
            <>
              <ShownOnce title={t('users.reset.code')} secrets={[{ label: t('users.reset.code'), value: reset.resetCode }]} />
              <Text size="sm">{t('users.reset.expires', { date: formatDateTime(reset.expiresAt) })}</Text>
            </>
          )}
        </Stack>
      </Card>
      <ConfirmedAction
        label={t('users.deactivate')}
        confirmLabel={t('users.deactivate.confirm', { name: user.name })}
        onConfirm={deactivate}
      />
    </Stack>
  );
}
