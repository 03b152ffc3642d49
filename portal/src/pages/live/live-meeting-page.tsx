import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, problemText, type ApiProblem } from '../../api/client';
import { Problem } from '../../components/problem';
import { TitledSection } from '../../components/titled-section';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ConnectionStatus } from './connection-status';
import { useLiveMeetings, type LiveCaller, type LiveConference } from './live-stream';

type Outcome = Promise<{ error?: ApiProblem | undefined }>;

/**
 * One live meeting and its callers, updated by push. Every action is the
 * admin API's live control, so the same core rules as the keypad decide
 * (a participant an admin muted cannot unmute themself, and so on).
 */
export function LiveMeetingPage() {
  const { t } = useI18n();
  const { conferenceId = '' } = useParams();
  const { conferences, connected } = useLiveMeetings();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<'end' | 'disconnect' | null>(null);
  const meeting = conferences?.find((conference) => conference.conferenceId === conferenceId);
  const name = meeting?.conferenceName ?? '';

  const run = async (outcome: Outcome) => {
    setBusy(true);
    setProblem(null);
    const { error } = await outcome;
    setBusy(false);
    setConfirming(null);
    if (error) setProblem(t('common.refused', { message: problemText(error) }));
  };
  const path = { conferenceId };

  // The keyboard's focus follows the question: to its answer when asked, back to the button that asked it when
  // cancelled or done, and to the heading once the meeting is ended (its buttons go with it).
  const heading = useRef<HTMLHeadingElement>(null);
  const endButton = useRef<HTMLButtonElement>(null);
  const disconnectButton = useRef<HTMLButtonElement>(null);
  const answer = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (confirming !== null) {
      answer.current?.focus();
      return;
    }
    focusAfter.current?.focus();
    focusAfter.current = null;
  }, [confirming]);
  const ask = (kind: 'end' | 'disconnect') => {
    focusAfter.current = kind === 'end' ? endButton.current : disconnectButton.current;
    setConfirming(kind);
  };
  const confirmed = () => {
    if (confirming === 'end') focusAfter.current = heading.current;
    void run(
      confirming === 'end'
        ? api.POST('/api/v1/conferences/{conferenceId}/live/end', { params: { path } })
        : api.POST('/api/v1/conferences/{conferenceId}/live/participants/disconnect', { params: { path } }),
    );
  };
  const question = confirming === 'end' ? t('live.confirm.end') : t('live.confirm.disconnectAll');

  return (
    <Stack>
      <Anchor component={Link} to="/live">
        {t('live.back')}
      </Anchor>
      <Group justify="space-between">
        <Title order={1} ref={heading} tabIndex={-1}>
          {name === '' ? t('live.meeting.title') : t('live.meeting.titleOf', { name })}
        </Title>
        <ConnectionStatus connected={connected} />
      </Group>
      <Problem text={problem} />
      {conferences === null ? (
        <Text>{t('common.loading')}</Text>
      ) : meeting === undefined ? (
        <Alert color="gray" role="status">
          {t('live.meeting.notLive')}
        </Alert>
      ) : (
        <>
          <MeetingSummary meeting={meeting} />
          <TitledSection id="meeting-controls" title={t('live.meeting.controls')}>
            <Group>
              <Button
                variant="default"
                disabled={busy}
                onClick={() =>
                  void run(
                    api.POST('/api/v1/conferences/{conferenceId}/live/lock', { params: { path }, body: { locked: !meeting.locked } }),
                  )
                }
              >
                {meeting.locked ? t('live.action.unlock') : t('live.action.lock')}
              </Button>
              <Button
                variant="default"
                disabled={busy}
                onClick={() =>
                  void run(
                    api.POST('/api/v1/conferences/{conferenceId}/live/listen-mode', {
                      params: { path },
                      body: { on: !meeting.listenMode },
                    }),
                  )
                }
              >
                {meeting.listenMode ? t('live.action.listenModeOff') : t('live.action.listenModeOn')}
              </Button>
              <Button ref={disconnectButton} variant="default" disabled={busy} onClick={() => ask('disconnect')}>
                {t('live.action.disconnectAll')}
              </Button>
              <Button ref={endButton} color="red" disabled={busy} onClick={() => ask('end')}>
                {t('live.action.end')}
              </Button>
            </Group>
            {confirming !== null && (
              // Mantine overrides aria-labelledby (with its title's id, none here): the dialog is named by its question.
              <Alert color="red" role="alertdialog" aria-label={question}>
                <Text mb="sm">{question}</Text>
                <Group>
                  <Button ref={answer} color="red" disabled={busy} onClick={confirmed}>
                    {confirming === 'end' ? t('live.confirm.endYes') : t('live.confirm.disconnectAllYes')}
                  </Button>
                  <Button variant="default" onClick={() => setConfirming(null)}>
                    {t('common.cancel')}
                  </Button>
                </Group>
              </Alert>
            )}
          </TitledSection>
          <Callers meeting={meeting} busy={busy} run={run} />
        </>
      )}
    </Stack>
  );
}

function MeetingSummary({ meeting }: { meeting: LiveConference }) {
  const { t } = useI18n();
  return (
    <Group>
      <Text>
        {meeting.startedAt === null ? t('live.waitingForLeader') : t('live.meeting.startedAt', { at: formatDateTime(meeting.startedAt) })}
      </Text>
      {meeting.locked && <Badge color="dark">{t('live.locked')}</Badge>}
      {meeting.listenMode && <Badge color="dark">{t('live.listenMode')}</Badge>}
    </Group>
  );
}

/** How a caller is named on screen: the masked number, or that it was withheld; with a marker when they said their name. */
function callerLabel(caller: LiveCaller, t: ReturnType<typeof useI18n>['t']): string {
  return caller.maskedCallerNumber ?? t('live.caller.withheld');
}

function Callers({ meeting, busy, run }: { meeting: LiveConference; busy: boolean; run: (outcome: Outcome) => Promise<void> }) {
  const { t } = useI18n();
  const conferenceId = meeting.conferenceId;
  const place = (caller: LiveCaller) =>
    caller.waitingInLobby ? t('live.caller.inLobby') : caller.joinedAt === null ? t('live.caller.waiting') : t('live.caller.inMeeting');
  return (
    <TitledSection id="callers-title" title={t('live.callers.title', { count: meeting.participants.length })}>
      <Table striped aria-labelledby="callers-title">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('live.callers.caller')}</Table.Th>
            <Table.Th>{t('live.callers.role')}</Table.Th>
            <Table.Th>{t('live.callers.place')}</Table.Th>
            <Table.Th>{t('live.callers.muted')}</Table.Th>
            <Table.Th>{t('live.callers.hand')}</Table.Th>
            <Table.Th>{t('live.callers.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {meeting.participants.map((caller) => {
            const label = callerLabel(caller, t);
            const path = { conferenceId, legId: caller.legId };
            return (
              <Table.Tr key={caller.legId} data-leg={caller.legId}>
                <Table.Td>
                  <Group gap="xs">
                    <Text span ff="monospace">
                      {label}
                    </Text>
                    {caller.nameRecorded && (
                      <Badge variant="outline" color="dark" title={t('live.caller.nameRecordedHint')}>
                        {t('live.caller.nameRecorded')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{t(caller.role === 'leader' ? 'live.role.leader' : 'live.role.participant')}</Table.Td>
                <Table.Td>{place(caller)}</Table.Td>
                <Table.Td>
                  {caller.muted ? (caller.mutedByHost ? t('live.caller.mutedByHost') : t('live.caller.mutedSelf')) : t('common.no')}
                </Table.Td>
                <Table.Td>
                  {caller.handRaisedAt === null ? t('common.no') : t('live.caller.handSince', { at: formatDateTime(caller.handRaisedAt) })}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {caller.waitingInLobby ? (
                      <>
                        <Button
                          size="xs"
                          disabled={busy}
                          aria-label={t('live.action.admitCaller', { caller: label })}
                          onClick={() =>
                            void run(api.POST('/api/v1/conferences/{conferenceId}/live/lobby/{legId}/admit', { params: { path } }))
                          }
                        >
                          {t('live.action.admit')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          disabled={busy}
                          aria-label={t('live.action.refuseCaller', { caller: label })}
                          onClick={() =>
                            void run(api.POST('/api/v1/conferences/{conferenceId}/live/lobby/{legId}/refuse', { params: { path } }))
                          }
                        >
                          {t('live.action.refuse')}
                        </Button>
                      </>
                    ) : (
                      <>
                        <Button
                          size="xs"
                          variant="default"
                          disabled={busy}
                          aria-label={t(caller.muted ? 'live.action.unmuteCaller' : 'live.action.muteCaller', { caller: label })}
                          onClick={() =>
                            void run(
                              api.POST('/api/v1/conferences/{conferenceId}/live/participants/{legId}/mute', {
                                params: { path },
                                body: { muted: !caller.muted },
                              }),
                            )
                          }
                        >
                          {caller.muted ? t('live.action.unmute') : t('live.action.mute')}
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          color="red"
                          disabled={busy}
                          aria-label={t('live.action.removeCaller', { caller: label })}
                          onClick={() =>
                            void run(api.DELETE('/api/v1/conferences/{conferenceId}/live/participants/{legId}', { params: { path } }))
                          }
                        >
                          {t('live.action.remove')}
                        </Button>
                      </>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </TitledSection>
  );
}
