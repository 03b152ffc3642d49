import { Anchor, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, problemText, type ApiProblem } from '../../api/client';
import { TitledSection } from '../../components/titled-section';
import { formatCount, formatDateTime, formatMoney, inNorwegianOrder } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../shell/session';
import { thisMonthSoFar, type PeriodValue } from '../usage/period';
import { PeriodPicker } from '../usage/period-picker';
import { AdjustmentsPanel } from './adjustments-panel';
import { chargeReportUrl, type ChargeReportJson } from './charge-report';
import { TariffsPanel } from './tariffs-panel';
import { VatPanel } from './vat-panel';

const ALL_ACCOUNTS = '';

/** The report on screen: on its way, answered, or refused (a period the API does not take, a fault). */
type ReportState = { kind: 'loading' } | { kind: 'report'; report: ChargeReportJson } | { kind: 'refused'; problem: string };
const MEETINGS_SHOWN = 50;

/**
 * The charge report of a period on screen, the same report as CSV and JSON
 * downloads, and the tariffs, VAT rates and adjustments behind it, editable
 * by the roles the API lets change them.
 */
export function BillingPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const role = session?.user.role ?? 'finance';
  const ownOrganisation = session?.user.organisationId ?? '';
  const manyOrganisations = role === 'operator' || role === 'reseller';
  const [period, setPeriod] = useState<PeriodValue>(thisMonthSoFar);
  const [organisations, setOrganisations] = useState<Array<{ id: string; name: string }>>([]);
  // Their own account first: the operator may then ask for every account (a large report), a reseller picks a customer.
  const [account, setAccount] = useState<string>(ownOrganisation);
  const [report, setReport] = useState<ReportState>({ kind: 'loading' });

  useEffect(() => {
    if (!manyOrganisations) return;
    void api.GET('/api/v1/organisations').then(({ data }) => data && setOrganisations(data.organisations));
  }, [manyOrganisations]);

  const query = { from: period.from, to: period.to, account: manyOrganisations && account !== ALL_ACCOUNTS ? account : null };
  const jsonUrl = chargeReportUrl({ ...query, format: 'json' });
  useEffect(() => {
    // A report asked for earlier (another period, typed day by day) is cancelled, on the server too, and never shown.
    const asked = new AbortController();
    setReport({ kind: 'loading' });
    fetch(jsonUrl, { credentials: 'same-origin', signal: asked.signal })
      .then(async (response) => {
        const body: unknown = await response.json();
        if (asked.signal.aborted) return;
        if (response.ok) setReport({ kind: 'report', report: body as ChargeReportJson });
        else setReport({ kind: 'refused', problem: t('common.refused', { message: problemText(body as ApiProblem) }) });
      })
      .catch((error: unknown) => {
        if (!asked.signal.aborted) setReport({ kind: 'refused', problem: t('common.error', { message: String(error) }) });
      });
    return () => asked.abort();
  }, [jsonUrl, t]);

  const selectedOrganisation = manyOrganisations ? account : ownOrganisation;
  return (
    <Stack>
      <Title order={1}>{t('billing.title')}</Title>
      <TitledSection id="report-title" title={t('billing.report.title')} problem={report.kind === 'refused' ? report.problem : null}>
        <Group align="end">
          <PeriodPicker value={period} onChange={setPeriod} />
          {manyOrganisations && (
            <NativeSelect
              label={t('billing.account')}
              value={account}
              onChange={(event) => setAccount(event.currentTarget.value)}
              data={[
                ...(role === 'operator' ? [{ value: ALL_ACCOUNTS, label: t('billing.allAccounts') }] : []),
                ...inNorwegianOrder(organisations, (o) => o.name).map((o) => ({ value: o.id, label: o.name })),
              ]}
            />
          )}
          <Anchor href={chargeReportUrl({ ...query, format: 'csv' })} download>
            {t('billing.download.csv')}
          </Anchor>
          <Anchor href={jsonUrl} download>
            {t('billing.download.json')}
          </Anchor>
        </Group>
        <div aria-busy={report.kind === 'loading'}>
          {report.kind === 'loading' && <Text role="status">{t('billing.report.loading')}</Text>}
          {report.kind === 'report' && <Report report={report.report} />}
        </div>
      </TitledSection>
      {selectedOrganisation !== '' && <TariffsPanel organisationId={selectedOrganisation} role={role} />}
      <VatPanel role={role} />
      {selectedOrganisation !== '' && <AdjustmentsPanel organisationId={selectedOrganisation} role={role} period={period} />}
    </Stack>
  );
}

function Report({ report }: { report: ChargeReportJson }) {
  const { t } = useI18n();
  if (report.accounts.length === 0) return <Text>{t('billing.report.empty')}</Text>;
  return (
    <Stack>
      {report.accounts.map(({ account, meetings, licences, rooms, adjustments, totals }) => (
        <Stack key={account.organisationId} gap="xs">
          <Title order={3} size="h4">
            {t('billing.report.account', { name: account.name, reference: account.billingReference })}
          </Title>
          {meetings.length + licences.length + rooms.length + adjustments.length === 0 ? (
            // The answer says so: no meeting, fee or adjustment in the period.
            <Text>{t('billing.report.empty')}</Text>
          ) : (
            <Table aria-label={t('billing.report.totals', { name: account.name })} withTableBorder>
              <Table.Tbody>
                {(
                  [
                    ['billing.total.usage', totals.chargesOre],
                    ['billing.total.licences', totals.licenceFeesOre],
                    ['billing.total.rooms', totals.roomFeesOre],
                    ['billing.total.adjustments', totals.adjustmentsOre],
                    ['billing.total.exclVat', totals.totalExclVatOre],
                    ['billing.total.vat', totals.vatOre],
                    ['billing.total.inclVat', totals.totalInclVatOre],
                  ] as const
                ).map(([key, ore]) => (
                  <Table.Tr key={key}>
                    <Table.Th scope="row">{t(key)}</Table.Th>
                    <Table.Td ta="right">{formatMoney(ore)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {meetings.length > 0 && (
            <Table striped aria-label={t('billing.report.meetings', { name: account.name })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('billing.meeting.room')}</Table.Th>
                  <Table.Th>{t('billing.meeting.started')}</Table.Th>
                  <Table.Th>{t('billing.meeting.participants')}</Table.Th>
                  <Table.Th>{t('billing.meeting.minutes')}</Table.Th>
                  <Table.Th>{t('billing.meeting.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {meetings.slice(0, MEETINGS_SHOWN).map((meeting) => (
                  <Table.Tr key={meeting.meetingId}>
                    <Table.Td>{meeting.conferenceName}</Table.Td>
                    <Table.Td>{formatDateTime(meeting.startedAt)}</Table.Td>
                    <Table.Td>{formatCount(meeting.participants)}</Table.Td>
                    <Table.Td>{formatCount(Math.round(meeting.chargedSeconds / 60))}</Table.Td>
                    <Table.Td ta="right">{formatMoney(meeting.amountOre)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {meetings.length > MEETINGS_SHOWN && (
            <Text size="sm">{t('billing.report.more', { count: formatCount(meetings.length - MEETINGS_SHOWN) })}</Text>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
