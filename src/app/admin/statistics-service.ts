import type { Clock } from '../ports/clock-and-ids';
import { compareLocalDates, localPeriod, type LocalDate, type Period } from '../../domain/billing/calendar';
import { AdminError, notFound } from './admin-error';
import type { InvoiceTotals } from '../../domain/billing/vat';
import type { ChargeReportService } from '../reports/charge-report-service';
import type { OrganisationStore, UsageStore } from '../ports/admin-stores';
import { canSeeOrganisation, type Principal } from './roles';
import { computeUsageStatistics, type UsageStatistics } from './usage-statistics';

export interface OrganisationStatistics extends UsageStatistics {
  organisationId: string;
  /** The local dates from..to (inclusive) in the configured time zone, as the charge reports count them. */
  period: Period;
  /** The charge report's totals for the same period: legs still in a meeting are charged when they close. */
  charge: InvoiceTotals & { currency: 'NOK' };
}

export interface StatisticsService {
  /** Usage and charges of the organisation for the local dates from..to (inclusive). */
  forOrganisation(principal: Principal, organisationId: string, from: LocalDate, to: LocalDate): OrganisationStatistics;
}

export function createStatisticsService(deps: {
  usage: UsageStore;
  organisations: OrganisationStore;
  chargeReports: ChargeReportService;
  timeZone: string;
  clock: Pick<Clock, 'now'>;
}): StatisticsService {
  const { usage, organisations, chargeReports, timeZone, clock } = deps;

  /** Charges come from the billing's own report, so statistics and invoices never disagree. */
  function charge(organisationId: string, from: LocalDate, to: LocalDate): OrganisationStatistics['charge'] {
    const outcome = chargeReports.build({ from, to, organisationId, includeLegs: false, unmaskedCallers: false });
    const totals = outcome.kind === 'report' ? outcome.report.accounts[0]?.totals : undefined;
    if (!totals) throw notFound('organisation');
    const { participants: _participants, realSeconds: _realSeconds, chargedSeconds: _chargedSeconds, ...invoice } = totals;
    return { ...invoice, currency: 'NOK' };
  }

  return {
    forOrganisation(principal: Principal, organisationId: string, from: LocalDate, to: LocalDate): OrganisationStatistics {
      if (!canSeeOrganisation(principal, organisationId) || !organisations.get(organisationId)) {
        throw notFound('organisation');
      }
      if (compareLocalDates(from, to) > 0) throw new AdminError('invalid', 'must not be before from', 'to');
      const period = localPeriod(from, to, timeZone);
      const meetings = usage.meetingsStarted(organisationId, period.startsAt, period.endsAt);
      return {
        organisationId,
        period,
        ...computeUsageStatistics(meetings, timeZone, clock.now()),
        charge: charge(organisationId, from, to),
      };
    },
  };
}
