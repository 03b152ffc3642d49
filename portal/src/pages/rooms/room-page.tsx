import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, problemText } from '../../api/client';
import type { Conference, IssuedCode } from '../../api/types';
import { ConfirmedAction } from '../../components/confirmed-action';
import { Problem } from '../../components/problem';
import { NotYet, useFound } from '../../components/use-found';
import { ShownOnce } from '../../components/shown-once';
import { TitledSection } from '../../components/titled-section';
import { formatDay } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { CODE_LABEL } from './codes';
import { DialInCard } from './dial-in-card';
import { RoomForm, roomFormValues, type RoomFormValues } from './room-form';

/** One room: its settings, its codes (reset, shown once), its dial-in card, and deleting it. */
export function RoomPage() {
  const { t } = useI18n();
  const { conferenceId = '' } = useParams();
  const found = useFound(() => api.GET('/api/v1/conferences/{conferenceId}', { params: { path: { conferenceId } } }), conferenceId);
  const { value: room, setValue: setRoom, problem, setProblem } = found;
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [newCodes, setNewCodes] = useState<IssuedCode[]>([]);

  if (room === null || room === 'not-found') return <NotYet value={room} problem={problem} />;

  const save = async (values: RoomFormValues) => {
    setBusy(true);
    setSaved(false);
    setProblem(null);
    const { data, error } = await api.PATCH('/api/v1/conferences/{conferenceId}', { params: { path: { conferenceId } }, body: values });
    setBusy(false);
    if (data) {
      setRoom(data);
      setSaved(true);
    } else setProblem(t('common.refused', { message: problemText(error) }));
  };

  const reset = async (role: IssuedCode['role']) => {
    setProblem(null);
    const { data, error } = await api.POST('/api/v1/conferences/{conferenceId}/codes/{role}/reset', {
      params: { path: { conferenceId, role } },
    });
    if (data) setNewCodes((codes) => [...codes.filter((code) => code.role !== role), data.code]);
    else setProblem(t('common.refused', { message: problemText(error) }));
  };

  const roles: IssuedCode['role'][] = room.codeKind === 'pair' ? ['leader', 'participant'] : ['single'];
  return (
    <Stack>
      <Title order={1}>{room.name}</Title>
      <Problem text={problem} />
      <TitledSection id="settings-title" title={t('rooms.edit.title')}>
        {saved && (
          <Text role="status" c="green.9">
            {t('rooms.edit.saved')}
          </Text>
        )}
        <RoomForm
          key={room.updatedAt}
          initial={roomFormValues(room)}
          submitLabel={t('common.save')}
          busy={busy}
          onSubmit={(v) => void save(v)}
        />
      </TitledSection>
      <TitledSection id="codes-title" title={t('rooms.reset.title')} explain={t('rooms.reset.explain')}>
        <Group>
          {roles.map((role) => (
            <Button key={role} variant="default" onClick={() => void reset(role)}>
              {t(`rooms.reset.${role}`)}
            </Button>
          ))}
        </Group>
        {newCodes.length > 0 && (
          <ShownOnce
            title={t('rooms.reset.done')}
            secrets={newCodes.map((code) => ({ label: t(CODE_LABEL[code.role]), value: code.code }))}
          />
        )}
      </TitledSection>
      <DialInCard conferenceId={room.id} codes={newCodes} />
      <DeleteRoom room={room} />
    </Stack>
  );
}

/** Deleting asks once more; a room inside its 12-month binding is refused by the server, with the day it may go. */
function DeleteRoom({ room }: { room: Conference }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [refusal, setRefusal] = useState<{ message: string; allowedFrom: string | null } | null>(null);

  const remove = async () => {
    const { error, response } = await api.DELETE('/api/v1/conferences/{conferenceId}', { params: { path: { conferenceId: room.id } } });
    if (response.status === 204) {
      void navigate('/rooms');
      return;
    }
    let allowedFrom: string | null = null;
    if (response.status === 409) {
      const subscription = await api.GET('/api/v1/conferences/{conferenceId}/subscription', {
        params: { path: { conferenceId: room.id } },
      });
      allowedFrom = subscription.data?.bindingEndsOn ?? null;
    }
    setRefusal({ message: problemText(error), allowedFrom });
  };

  return (
    <TitledSection id="delete-title" title={t('rooms.delete.title')} explain={t('rooms.delete.explain')}>
      {refusal !== null && (
        <Alert color="red" role="alert">
          <Text>{t('rooms.delete.refused', { message: refusal.message })}</Text>
          {refusal.allowedFrom !== null && <Text>{t('rooms.delete.allowedFrom', { date: formatDay(refusal.allowedFrom) })}</Text>}
        </Alert>
      )}
      <ConfirmedAction label={t('common.delete')} confirmLabel={t('rooms.delete.confirm', { name: room.name })} onConfirm={remove} />
    </TitledSection>
  );
}
