import { Button, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, problemText } from '../../api/client';
import { passwordResetCode } from '../../api/session-api';
import { ConfirmedAction } from '../../components/confirmed-action';
import { Problem } from '../../components/problem';
import { NotYet, useFound } from '../../components/use-found';
import { ShownOnce } from '../../components/shown-once';
import { TitledSection } from '../../components/titled-section';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { mayCall } from '../../shell/navigation';
import { useSignedIn } from '../../shell/session';
import { TokensPanel } from './tokens-panel';
import { AccessAction, Done, UserState, useNotices } from './user-access';

/** One user: its tokens, a password reset code, deactivating and reactivating it, and deleting it for good. */
export function UserPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const navigate = useNavigate();
  const { userId = '' } = useParams();
  const {
    value: user,
    setValue,
    problem,
    setProblem,
  } = useFound(() => api.GET('/api/v1/users/{userId}', { params: { path: { userId } } }), userId);
  const [reset, setReset] = useState<{ resetCode: string; expiresAt: string } | null>(null);
  const notices = useNotices(setProblem);

  if (user === null || user === 'not-found') return <NotYet value={user} problem={problem} />;

  const remove = async () => {
    const { error, response } = await api.DELETE('/api/v1/users/{userId}', { params: { path: { userId } } });
    if (response.status === 204) void navigate('/users');
    else notices.refused(t('common.refused', { message: problemText(error) }));
  };
  const makeResetCode = async () => {
    setProblem(null);
    const answer = await passwordResetCode(userId);
    if ('problem' in answer) notices.refused(t('common.refused', { message: answer.problem }));
    else setReset(answer);
  };

  return (
    <Stack>
      <Title order={1}>{user.name}</Title>
      <Text>
        {t(`role.${user.role}`)} · {user.email ?? t('common.none')} · <UserState user={user} />
      </Text>
      <Problem text={problem} />
      <Done text={notices.done} />
      <TitledSection id="access-title" title={t('users.access.title')} explain={t('users.access.explain')}>
        <AccessAction
          user={user}
          onChanged={(changed, text) => {
            notices.told(text);
            setValue(changed);
          }}
          onRefused={notices.refused}
        />
      </TitledSection>
      <TokensPanel userId={user.id} canCreate={mayCall(session.user.role, 'postUsersUserIdTokens')} />
      <TitledSection id="password-title" title={t('users.reset.title')} explain={t('users.reset.explain')}>
        <Button variant="default" w="fit-content" onClick={() => void makeResetCode()}>
          {t('users.reset.create')}
        </Button>
        {reset !== null && (
          <>
            <ShownOnce title={t('users.reset.code')} secrets={[{ label: t('users.reset.code'), value: reset.resetCode }]} />
            <Text size="sm">{t('users.reset.expires', { date: formatDateTime(reset.expiresAt) })}</Text>
          </>
        )}
      </TitledSection>
      <TitledSection id="delete-title" title={t('users.delete.title')} explain={t('users.delete.explain')}>
        <ConfirmedAction
          label={t('users.delete', { name: user.name })}
          confirmLabel={t('users.delete.confirm', { name: user.name })}
          onConfirm={remove}
        />
      </TitledSection>
    </Stack>
  );
}
