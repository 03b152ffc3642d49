import { Alert, Button } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { api, problemText } from '../../api/client';
import type { User } from '../../api/types';
import { ConfirmedAction } from '../../components/confirmed-action';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';

/** Whether the user may sign in: active, or deactivated since a day (written as Norwegians write it). */
export function UserState({ user }: { user: User }) {
  const { t } = useI18n();
  return (
    <>{user.deactivatedAt === null ? t('users.state.active') : t('users.state.deactivated', { date: formatDate(user.deactivatedAt) })}</>
  );
}

/** What the page last said: a change done (`told`) or a refusal, never both; the refusal is the page's `setProblem`. */
export function useNotices(setProblem: (problem: string | null) => void) {
  const [done, setDone] = useState<string | null>(null);
  return {
    done,
    told: (text: string) => {
      setProblem(null);
      setDone(text);
    },
    refused: (text: string) => {
      setDone(null);
      setProblem(text);
    },
  };
}

/** A change done, announced politely (role="status"); dark text on light green, as axe's contrast rule wants. */
export function Done({ text }: { text: string | null }) {
  if (text === null) return null;
  return (
    <Alert color="green" role="status">
      {text}
    </Alert>
  );
}

/**
 * Deactivate (asked once more) an active user, reactivate a deactivated one.
 * Who may is the server's rule: its refusal (yourself, the last operator, a
 * role above yours) goes to `onRefused` as its message.
 */
export function AccessAction(props: { user: User; onChanged: (user: User, done: string) => void; onRefused: (problem: string) => void }) {
  const { t } = useI18n();
  const { user } = props;
  // Deactivating swaps the button for "reactivate" and back: the focus goes to the new one, not to the page's start.
  const control = useRef<HTMLButtonElement>(null);
  const changing = useRef(false);
  useEffect(() => {
    if (changing.current) control.current?.focus();
    changing.current = false;
  }, [user.active]);
  const params = { params: { path: { userId: user.id } } };
  const answer = (
    { data, error }: { data?: User; error?: Parameters<typeof problemText>[0] },
    done: 'users.deactivated' | 'users.reactivated',
  ) => {
    changing.current = data !== undefined;
    if (data) props.onChanged(data, t(done, { name: data.name }));
    else props.onRefused(t('common.refused', { message: problemText(error) }));
  };
  const deactivate = async () => answer(await api.POST('/api/v1/users/{userId}/deactivate', params), 'users.deactivated');
  const reactivate = async () => answer(await api.POST('/api/v1/users/{userId}/reactivate', params), 'users.reactivated');
  if (user.active)
    return (
      <ConfirmedAction
        label={t('users.deactivate', { name: user.name })}
        confirmLabel={t('users.deactivate.confirm', { name: user.name })}
        onConfirm={deactivate}
        opener={control}
      />
    );
  return (
    <Button ref={control} variant="default" w="fit-content" onClick={() => void reactivate()}>
      {t('users.reactivate', { name: user.name })}
    </Button>
  );
}
