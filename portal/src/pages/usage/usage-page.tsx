import { Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, problemText } from '../../api/client';
import type { paths } from '../../api/schema';
import { Problem } from '../../components/problem';
import { formatCount, formatMoney, inNorwegianOrder } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../shell/session';
import { thisMonthSoFar, type PeriodValue } from './period';
import { PeriodPicker } from './period-picker';
import { UsageCharts } from './usage-charts';

type OrganisationStatistics =
  paths['/api/v1/organisations/{organisationId}/statistics']['get']['responses'][200]['content']['application/json'];
type StatisticsAcross = paths['/api/v1/statistics']['get']['responses'][200]['content']['application/json'];
type Figures = OrganisationStatistics['totals'];

const ACROSS = 'across';
const ROOMS_SHOWN = 100;
const WHOLE = 'whole';

/**
 * Usage for a period: the organisation's (or one room's) minutes, meetings
 * and peak callers per day in charts; a reseller (or the operator) also
 * across every organisation it resells.
 */
export function UsagePage() {
  const { t } = useI18n();
  const { session } = useSession();
  const role = session?.user.role;
  const ownOrganisation = session?.user.organisationId ?? '';
  const manyOrganisations = role === 'operator' || role === 'reseller';
  const [period, setPeriod] = useState<PeriodValue>(thisMonthSoFar);
  // A reseller starts with its customers together; the operator with its own organisation (across every one is a large job).
  const [scope, setScope] = useState<string>(role === 'reseller' ? ACROSS : ownOrganisation);
  const [room, setRoom] = useState<string>(WHOLE);
  const [organisations, setOrganisations] = useState<Array<{ id: string; name: string }>>([]);
  const [organisation, setOrganisation] = useState<OrganisationStatistics | null>(null);
  const [roomStatistics, setRoomStatistics] = useState<OrganisationStatistics | null>(null);
  const [across, setAcross] = useState<StatisticsAcross | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!manyOrganisations) return;
    void api.GET('/api/v1/organisations').then(({ data }) => data && setOrganisations(data.organisations));
  }, [manyOrganisations]);

  useEffect(() => {
    let current = true;
    setProblem(null);
    const query = { from: period.from, to: period.to };
    const failed = (error: unknown) => current && setProblem(t('common.refused', { message: problemText(error as never) }));
    if (scope === ACROSS) {
      setOrganisation(null);
      void api.GET('/api/v1/statistics', { params: { query } }).then(({ data, error }) => {
        if (!current) return;
        if (data) setAcross(data);
        else failed(error);
      });
    } else if (scope !== '') {
      setAcross(null);
      void api
        .GET('/api/v1/organisations/{organisationId}/statistics', { params: { path: { organisationId: scope }, query } })
        .then(({ data, error }) => {
          if (!current) return;
          if (data) setOrganisation(data);
          else failed(error);
        });
    }
    return () => {
      current = false;
    };
  }, [scope, period, t]);

  useEffect(() => {
    setRoomStatistics(null);
    if (room === WHOLE || scope === ACROSS || scope === '') return;
    let current = true;
    void api
      .GET('/api/v1/organisations/{organisationId}/conferences/{conferenceId}/statistics', {
        params: { path: { organisationId: scope, conferenceId: room }, query: { from: period.from, to: period.to } },
      })
      .then(({ data, error }) => {
        if (!current) return;
        if (data) setRoomStatistics(data);
        else setProblem(t('common.refused', { message: problemText(error) }));
      });
    return () => {
      current = false;
    };
  }, [room, scope, period, t]);

  const shown = room === WHOLE ? organisation : roomStatistics;
  return (
    <Stack>
      <Title order={1}>{t('usage.title')}</Title>
      <Group align="end">
        <PeriodPicker value={period} onChange={setPeriod} />
        {manyOrganisations && (
          <NativeSelect
            label={t('usage.organisation')}
            value={scope}
            onChange={(event) => {
              setScope(event.currentTarget.value);
              setRoom(WHOLE);
            }}
            data={[
              { value: ACROSS, label: t('usage.allOrganisations') },
              ...inNorwegianOrder(organisations, (o) => o.name).map((o) => ({ value: o.id, label: o.name })),
            ]}
          />
        )}
        {scope !== ACROSS && organisation !== null && (
          <NativeSelect
            label={t('usage.room')}
            value={room}
            onChange={(event) => setRoom(event.currentTarget.value)}
            data={[
              { value: WHOLE, label: t('usage.allRooms') },
              ...inNorwegianOrder(organisation.byConference, (c) => c.conferenceName).map((c) => ({
                value: c.conferenceId,
                label: c.conferenceName,
              })),
            ]}
          />
        )}
      </Group>
      <Problem text={problem} />
      {scope === ACROSS ? (
        across === null ? (
          <Text>{t('common.loading')}</Text>
        ) : (
          <>
            <Totals figures={across.totals} />
            <UsageCharts daily={across.daily} />
            <OrganisationsTable across={across} />
          </>
        )
      ) : shown === null ? (
        <Text>{t('common.loading')}</Text>
      ) : (
        <>
          <Totals figures={shown.totals} chargeOre={shown.charge?.totalExclVatOre ?? null} />
          <UsageCharts daily={shown.daily} />
          {room === WHOLE && <RoomsTable statistics={shown} />}
        </>
      )}
    </Stack>
  );
}

function Totals({ figures, chargeOre = null }: { figures: Figures; chargeOre?: number | null }) {
  const { t } = useI18n();
  const items = [
    { label: t('usage.total.meetings'), value: formatCount(figures.meetingsHeld) },
    { label: t('usage.total.minutes'), value: formatCount(figures.participantMinutes) },
    { label: t('usage.total.peakCallers'), value: formatCount(figures.peakCallers) },
    { label: t('usage.total.averageParticipants'), value: formatCount(figures.averageParticipants) },
    ...(chargeOre === null ? [] : [{ label: t('usage.total.chargeExclVat'), value: formatMoney(chargeOre) }]),
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: items.length }} component="dl">
      {items.map((item) => (
        <Card withBorder key={item.label}>
          <Text component="dt" size="sm">
            {item.label}
          </Text>
          <Text component="dd" m={0} fw={700} size="xl">
            {item.value}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** The busiest rooms first, at most ROOMS_SHOWN of them (an organisation may have thousands). */
function RoomsTable({ statistics }: { statistics: OrganisationStatistics }) {
  const { t } = useI18n();
  if (statistics.byConference.length === 0) return <Text>{t('usage.noMeetings')}</Text>;
  const busiest = [...statistics.byConference].sort((a, b) => b.participantSeconds - a.participantSeconds).slice(0, ROOMS_SHOWN);
  const more = statistics.byConference.length - busiest.length;
  return (
    <>
      <Table striped aria-label={t('usage.byRoom')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('usage.column.room')}</Table.Th>
            <Table.Th>{t('usage.total.meetings')}</Table.Th>
            <Table.Th>{t('usage.total.minutes')}</Table.Th>
            <Table.Th>{t('usage.column.peakParticipants')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {busiest.map((room) => (
            <Table.Tr key={room.conferenceId}>
              <Table.Td>{room.conferenceName}</Table.Td>
              <Table.Td>{formatCount(room.meetingsHeld)}</Table.Td>
              <Table.Td>{formatCount(room.participantMinutes)}</Table.Td>
              <Table.Td>{formatCount(room.peakParticipants)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {more > 0 && <Text size="sm">{t('usage.moreRooms', { count: formatCount(more) })}</Text>}
    </>
  );
}

function OrganisationsTable({ across }: { across: StatisticsAcross }) {
  const { t } = useI18n();
  return (
    <Table striped aria-label={t('usage.byOrganisation')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('usage.column.organisation')}</Table.Th>
          <Table.Th>{t('usage.total.meetings')}</Table.Th>
          <Table.Th>{t('usage.total.minutes')}</Table.Th>
          <Table.Th>{t('usage.total.peakCallers')}</Table.Th>
          <Table.Th>{t('usage.total.chargeExclVat')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {inNorwegianOrder(across.organisations, (o) => o.name).map((o) => (
          <Table.Tr key={o.organisationId}>
            <Table.Td>{o.name}</Table.Td>
            <Table.Td>{formatCount(o.totals.meetingsHeld)}</Table.Td>
            <Table.Td>{formatCount(o.totals.participantMinutes)}</Table.Td>
            <Table.Td>{formatCount(o.totals.peakCallers)}</Table.Td>
            <Table.Td>{formatMoney(o.charge.totalExclVatOre)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
