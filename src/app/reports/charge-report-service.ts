import { maskCallerNumber } from '../../domain/billing/caller-number-mask';
import { formatLocalDate, localPeriod, parseLocalDate, startOfLocalDay, type LocalDate, type Period } from '../../domain/billing/calendar';
import { licenceFee } from '../../domain/licensing/licence-fee';
import { invoiceTotals, VAT_BY_RATE_RULE, VAT_ROUNDING_RULE, type VatRate } from '../../domain/billing/vat';
import type { AccountChargeReport, ChargeReport, LicenceFeeLine } from './charge-report';
import type { AccountRow, ChargeReportSource, LegChargeRow, LicenceFeeSource, MeetingTotalsRow } from '../ports/charge-report-source';

export interface ChargeReportRequest {
  from: LocalDate;
  /** Inclusive. */
  to: LocalDate;
  /** One account, or null for every account with activity in the period. */
  organisationId: string | null;
  includeLegs: boolean;
  /** Show caller numbers in full (they are masked by default). */
  unmaskedCallers: boolean;
}

export type ChargeReportOutcome = { kind: 'report'; report: ChargeReport } | { kind: 'unknown-account' };

export interface ChargeReportService {
  /** Rates closed legs, then builds the report. Leg lines are read when a writer iterates them. */
  build(request: ChargeReportRequest): ChargeReportOutcome;
}

export function createChargeReportService(deps: {
  source: ChargeReportSource;
  /** The hosts' licences; without it the report has no licence lines. */
  licences?: LicenceFeeSource;
  timeZone: string;
  now: () => number;
}): ChargeReportService {
  const { source, timeZone, now } = deps;

  /** The account's licence lines for the period, each prorated by day (domain/licensing/licence-fee.ts). */
  function licenceLines(organisationId: string, from: LocalDate, to: LocalDate): LicenceFeeLine[] {
    if (!deps.licences) return [];
    return deps.licences.licencesRunning(organisationId, formatLocalDate(from), formatLocalDate(to)).flatMap((licence) => {
      const startsOn = parseLocalDate(licence.startsOn);
      const endsOn = licence.endsOn === null ? null : parseLocalDate(licence.endsOn);
      if (startsOn === null) return [];
      const fee = licenceFee({ startsOn, endsOn, priceOrePerYear: licence.priceOrePerYear }, from, to);
      if (fee.from === null || fee.to === null) return [];
      const { organisationId: _account, startsOn: _starts, endsOn: _ends, ...names } = licence;
      return [{ ...names, from: formatLocalDate(fee.from), to: formatLocalDate(fee.to), days: fee.days, amountOre: fee.amountOre }];
    });
  }

  function accountReport(account: AccountRow, request: ChargeReportRequest, period: Period, vatRates: readonly VatRate[]) {
    const { startsAt, endsAt } = period;
    const meetings = source.meetingTotals(account.organisationId, startsAt, endsAt);
    const adjustments = source.adjustments(account.organisationId, startsAt, endsAt);
    const licences = licenceLines(account.organisationId, request.from, request.to);
    const usage = meetings.map((meeting) => ({ amountOre: meeting.amountOre, suppliedAt: meeting.startedAt }));
    // A licence line is supplied from its first day, as a meeting from its start.
    const fees = licences.map((line) => ({ amountOre: line.amountOre, suppliedAt: startOfLocalDay(parseLocalDate(line.from) ?? request.from, timeZone) }));
    const corrections = adjustments.map(({ adjustment, suppliedAt }) => ({ amountOre: adjustment.amountOre, suppliedAt }));
    const usageOre = usage.reduce((sum, supply) => sum + supply.amountOre, 0);
    const licenceFeesOre = fees.reduce((sum, supply) => sum + supply.amountOre, 0);
    // VAT on everything (usage, licence fees and adjustments); chargesOre stays the usage.
    // An empty invoice shows the rate a charge on the period's last day would carry.
    const invoice = invoiceTotals([...usage, ...fees], corrections, vatRates, endsAt - 1);
    const report: AccountChargeReport = {
      account,
      meetings,
      legs: request.includeLegs ? legLines(source.legCharges(account.organisationId, startsAt, endsAt), request.unmaskedCallers) : null,
      adjustments: adjustments.map(({ adjustment }) => adjustment),
      licences,
      totals: { ...sumMeetingTimes(meetings), ...invoice, chargesOre: usageOre, licenceFeesOre },
    };
    return report;
  }

  return {
    build(request) {
      const generatedAt = now();
      // Rate first, so a report never misses a leg that has ended.
      source.rateClosedLegs(generatedAt);
      const period = localPeriod(request.from, request.to, timeZone);
      let accounts: AccountRow[];
      if (request.organisationId === null) {
        accounts = source.accountsWithActivity(period.startsAt, period.endsAt);
        // Accounts whose only activity in the period is a running licence.
        const listed = new Set(accounts.map((account) => account.organisationId));
        const licensed = (deps.licences?.licencesRunning(null, formatLocalDate(request.from), formatLocalDate(request.to)) ?? [])
          .map((licence) => licence.organisationId)
          .filter((id, index, ids) => !listed.has(id) && ids.indexOf(id) === index)
          .flatMap((id) => source.account(id) ?? []);
        accounts = [...accounts, ...licensed].sort((a, b) => a.organisationId.localeCompare(b.organisationId));
      } else {
        const account = source.account(request.organisationId);
        if (account === null) return { kind: 'unknown-account' };
        accounts = [account];
      }
      const vatRates = source.vatRates();
      const reports = accounts.map((account) => accountReport(account, request, period, vatRates));
      const mixesRates = reports.some((report) => report.totals.vatRateBasisPoints === null);
      return {
        kind: 'report',
        report: { period, generatedAt, currency: 'NOK', vatRule: mixesRates ? VAT_BY_RATE_RULE : VAT_ROUNDING_RULE, accounts: reports },
      };
    },
  };
}

function sumMeetingTimes(meetings: readonly MeetingTotalsRow[]) {
  const sums = { participants: 0, realSeconds: 0, chargedSeconds: 0 };
  for (const meeting of meetings) {
    sums.participants += meeting.participants;
    sums.realSeconds += meeting.realSeconds;
    sums.chargedSeconds += meeting.chargedSeconds;
  }
  return sums;
}

function* legLines(rows: Iterable<LegChargeRow>, unmasked: boolean): Iterable<LegChargeRow> {
  if (unmasked) {
    yield* rows;
    return;
  }
  // Each row is a fresh object from the source: masking in place saves a copy per leg.
  for (const row of rows) {
    row.callerNumber = maskCallerNumber(row.callerNumber);
    yield row;
  }
}
