import { addDays, compareLocalDates, formatLocalDate, localPeriod, type LocalDate, type Period } from '../../domain/billing/calendar';
import type { InvoiceTotals } from '../../domain/billing/vat';
import type { UsageStore } from '../ports/admin-stores';
import type { ChargeReportBuilder } from '../reports/charge-report-builder';
import { computeUsageStatistics, type MeetingUsage, type UsageFigures, type UsageStatistics } from './usage-statistics';

export type ChargeTotals = InvoiceTotals & { currency: 'NOK' };

export interface OrganisationStatistics extends UsageStatistics {
  organisationId: string;
  /** The one room the figures are of, or null for the whole organisation. */
  conferenceId: string | null;
  /** The local dates from..to (inclusive) in the configured time zone, as the charge reports count them. */
  period: Period;
  /**
   * The charge report's totals for the same period: legs still in a meeting
   * are charged when they close. Null for one room: VAT, adjustments and fees
   * are the account's, not a room's.
   */
  charge: ChargeTotals | null;
}

/** The statistics to compute: an organisation (or one of its rooms), a period, and `at`, until when the legs still in a meeting count. */
export interface StatisticsJob {
  organisationId: string;
  conferenceId: string | null;
  from: LocalDate;
  to: LocalDate;
  at: number;
}

/** Statistics across organisations (a reseller's customers): their ids, a period and `at`. */
export interface StatisticsAcrossJob {
  organisationIds: readonly string[];
  from: LocalDate;
  to: LocalDate;
  at: number;
}

export interface StatisticsAcross {
  period: Period;
  /** Across every organisation: peak callers counts everyone connected at once in any of them. */
  totals: UsageFigures;
  daily: UsageStatistics['daily'];
  /** Each organisation's totals and charge, in the order asked. */
  organisations: Array<{ organisationId: string; totals: UsageFigures; charge: ChargeTotals }>;
}

interface StatisticsDeps {
  usage: UsageStore;
  reports: ChargeReportBuilder;
  timeZone: string;
}

/**
 * Usage and charges of an organisation, or one of its rooms, for a period
 * (computed where the reports run, off the bridge's event loop). Charges
 * come from the billing's own report, so statistics and invoices never
 * disagree.
 */
export async function organisationStatistics(deps: StatisticsDeps, job: StatisticsJob): Promise<OrganisationStatistics> {
  const { organisationId, conferenceId, from, to, at } = job;
  const period = localPeriod(from, to, deps.timeZone);
  const meetings = await deps.usage.meetingsStarted(organisationId, period.startsAt, period.endsAt);
  const counted = conferenceId === null ? meetings : meetings.filter((meeting) => meeting.conferenceId === conferenceId);
  return {
    organisationId,
    conferenceId,
    period,
    ...computeUsageStatistics(counted, deps.timeZone, at, daysOf(from, to)),
    charge: conferenceId === null ? await chargeOf(deps, organisationId, from, to, at) : null,
  };
}

/** A reseller's (or the operator's) view: usage across the organisations, each one's totals and charge. */
export async function statisticsAcrossOrganisations(deps: StatisticsDeps, job: StatisticsAcrossJob): Promise<StatisticsAcross> {
  const { from, to, at } = job;
  const period = localPeriod(from, to, deps.timeZone);
  const days = daysOf(from, to);
  const all: MeetingUsage[] = [];
  const organisations: StatisticsAcross['organisations'] = [];
  for (const organisationId of job.organisationIds) {
    const meetings = await deps.usage.meetingsStarted(organisationId, period.startsAt, period.endsAt);
    all.push(...meetings);
    organisations.push({
      organisationId,
      totals: computeUsageStatistics(meetings, deps.timeZone, at, []).totals,
      charge: await chargeOf(deps, organisationId, from, to, at),
    });
  }
  const across = computeUsageStatistics(all, deps.timeZone, at, days);
  return { period, totals: across.totals, daily: across.daily, organisations };
}

async function chargeOf(deps: StatisticsDeps, organisationId: string, from: LocalDate, to: LocalDate, at: number): Promise<ChargeTotals> {
  const outcome = await deps.reports.build({ from, to, organisationId, includeLegs: false, unmaskedCallers: false }, at);
  const account = outcome.kind === 'report' ? await firstOf(outcome.report.accounts) : undefined;
  if (account === undefined) throw new Error(`statistics of an unknown organisation ${organisationId}`);
  // The invoice's totals; licence and room fees are in the total excl. VAT, not in the usage (chargesOre).
  const {
    participants: _participants,
    realSeconds: _realSeconds,
    chargedSeconds: _chargedSeconds,
    licenceFeesOre: _licenceFees,
    roomFeesOre: _roomFees,
    ...invoice
  } = account.totals;
  return { ...invoice, currency: 'NOK' };
}

/** The first of the items, without reading the others. */
async function firstOf<T>(items: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of items) return item;
  return undefined;
}

/** The local dates from..to, inclusive, as `YYYY-MM-DD`. */
function daysOf(from: LocalDate, to: LocalDate): string[] {
  const days: string[] = [];
  for (let day = from; compareLocalDates(day, to) <= 0; day = addDays(day, 1)) days.push(formatLocalDate(day));
  return days;
}
