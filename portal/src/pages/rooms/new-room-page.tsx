import { Anchor, NativeSelect, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, problemText } from '../../api/client';
import type { CreatedConference } from '../../api/types';
import { Problem } from '../../components/problem';
import { ShownOnce } from '../../components/shown-once';
import { useI18n } from '../../i18n/i18n';
import { useSignedIn } from '../../shell/session';
import { CODE_LABEL } from './codes';
import { DialInCard } from './dial-in-card';
import { NEW_ROOM, RoomForm, type RoomFormValues } from './room-form';

/** A new room; its codes are in the answer and shown here once, with the dial-in card to send. */
export function NewRoomPage() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const [codeKind, setCodeKind] = useState<'pair' | 'single'>('pair');
  const [created, setCreated] = useState<CreatedConference | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (values: RoomFormValues) => {
    setBusy(true);
    setProblem(null);
    const { data, error } = await api.POST('/api/v1/conferences', {
      body: { ...values, codes: codeKind, ...(user.role === 'user' && { ownerUserId: user.userId }) },
    });
    setBusy(false);
    if (data) setCreated(data);
    else setProblem(t('common.refused', { message: problemText(error) }));
  };

  if (created !== null) {
    const secrets = created.codes.map((code) => ({ label: t(CODE_LABEL[code.role]), value: code.code }));
    return (
      <Stack>
        <Title order={1}>{t('rooms.created.title', { name: created.conference.name })}</Title>
        <ShownOnce title={t('rooms.reset.title')} secrets={secrets} />
        <DialInCard conferenceId={created.conference.id} codes={created.codes} />
        <Anchor component={Link} to={`/rooms/${created.conference.id}`}>
          {created.conference.name}
        </Anchor>
      </Stack>
    );
  }
  return (
    <Stack>
      <Title order={1}>{t('rooms.create.title')}</Title>
      <Problem text={problem} />
      <RoomForm
        initial={NEW_ROOM}
        submitLabel={t('rooms.create.submit')}
        busy={busy}
        onSubmit={(values) => void create(values)}
        extra={
          <NativeSelect
            label={t('rooms.form.codes')}
            value={codeKind}
            data={(['pair', 'single'] as const).map((kind) => ({ value: kind, label: t(`rooms.codeKind.${kind}`) }))}
            onChange={(event) => setCodeKind(event.currentTarget.value as 'pair' | 'single')}
          />
        }
      />
    </Stack>
  );
}
