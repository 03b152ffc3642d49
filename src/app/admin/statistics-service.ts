import type { Clock } from '../ports';
import { compareLocalDates, localPeriod, type LocalDate, type Period } from '../../domain/billing/calendar';
import { AdminError, notFound } from './admin-error';
import type { ChargeTotals, OrganisationStore, UsageStore } from './admin-stores';
import { canSeeOrganisation, type Principal } from './roles';
import { computeUsageStatistics, type UsageStatistics } from './usage-statistics';

export interface OrganisationStatistics extends UsageStatistics {
  organisationId: string;
  /** The local dates from..to (inclusive) in the configured time zone, as the charge reports count them. */
  period: Period;
  /** Rated charges only: legs still in a meeting are charged when they close. */
  charge: ChargeTotals;
}

export function createStatisticsService(deps: {
  usage: UsageStore;
  organisations: OrganisationStore;
  timeZone: string;
  clock: Pick<Clock, 'now'>;
}) {
  const { usage, organisations, timeZone, clock } = deps;

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
        charge: usage.charges(organisationId, period.startsAt, period.endsAt),
      };
    },
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
