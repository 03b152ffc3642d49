import { Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatCount, formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ConnectionStatus } from './connection-status';
import { useLiveMeetings } from './live-stream';

/** Every live meeting the signed-in person may see, updated by push as callers come, go and change. */
export function LivePage() {
  const { t } = useI18n();
  const { conferences, connected } = useLiveMeetings();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('live.title')}</Title>
        <ConnectionStatus connected={connected} />
      </Group>
      {conferences === null ? (
        <Text>{t('common.loading')}</Text>
      ) : conferences.length === 0 ? (
        <Text>{t('live.empty')}</Text>
      ) : (
        <Table striped aria-label={t('live.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('live.column.room')}</Table.Th>
              <Table.Th>{t('live.column.started')}</Table.Th>
              <Table.Th>{t('live.column.callers')}</Table.Th>
              <Table.Th>{t('live.column.lobby')}</Table.Th>
              <Table.Th>{t('live.column.hands')}</Table.Th>
              <Table.Th>{t('live.column.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {conferences.map((conference) => {
              const lobby = conference.participants.filter((caller) => caller.waitingInLobby).length;
              const hands = conference.participants.filter((caller) => caller.handRaised).length;
              return (
                <Table.Tr key={conference.conferenceId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/live/${conference.conferenceId}`}>
                      {conference.conferenceName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{conference.startedAt === null ? t('live.waitingForLeader') : formatDateTime(conference.startedAt)}</Table.Td>
                  <Table.Td>{formatCount(conference.participants.length)}</Table.Td>
                  <Table.Td>{formatCount(lobby)}</Table.Td>
                  <Table.Td>{formatCount(hands)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      {conference.locked && <Badge color="dark">{t('live.locked')}</Badge>}
                      {conference.listenMode && <Badge color="dark">{t('live.listenMode')}</Badge>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
