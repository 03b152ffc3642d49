import { localPeriod, type LocalDate, type Period } from '../../domain/billing/calendar';
import type { InvoiceTotals } from '../../domain/billing/vat';
import type { UsageStore } from '../ports/admin-stores';
import type { ChargeReportBuilder } from '../reports/charge-report-builder';
import { computeUsageStatistics, type UsageStatistics } from './usage-statistics';

export interface OrganisationStatistics extends UsageStatistics {
  organisationId: string;
  /** The local dates from..to (inclusive) in the configured time zone, as the charge reports count them. */
  period: Period;
  /** The charge report's totals for the same period: legs still in a meeting are charged when they close. */
  charge: InvoiceTotals & { currency: 'NOK' };
}

/** The statistics to compute: an organisation, a period, and `at`, until when the legs still in a meeting count. */
export interface StatisticsJob {
  organisationId: string;
  from: LocalDate;
  to: LocalDate;
  at: number;
}

/**
 * Usage and charges of an organisation for a period (computed where the
 * reports run, off the bridge's event loop). Charges come from the billing's
 * own report, so statistics and invoices never disagree.
 */
export function organisationStatistics(
  deps: { usage: UsageStore; reports: ChargeReportBuilder; timeZone: string },
  job: StatisticsJob,
): OrganisationStatistics {
  const { organisationId, from, to, at } = job;
  const period = localPeriod(from, to, deps.timeZone);
  const outcome = deps.reports.build({ from, to, organisationId, includeLegs: false, unmaskedCallers: false }, at);
  const [account] = outcome.kind === 'report' ? outcome.report.accounts : [];
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
  return {
    organisationId,
    period,
    ...computeUsageStatistics(deps.usage.meetingsStarted(organisationId, period.startsAt, period.endsAt), deps.timeZone, at),
    charge: { ...invoice, currency: 'NOK' },
  };
}
