import type { LocalDate } from '../../domain/billing/calendar';
import type { ChargeRater } from '../ports/charge-rater';
import type { Clock } from '../ports/clock-and-ids';
import type { OrganisationStore } from '../ports/admin-stores';
import type { ReportRunner } from '../ports/report-runner';
import { notFound } from './admin-error';
import type { OrganisationStatistics } from './organisation-statistics';
import { canSeeOrganisation, type Principal } from './roles';

export interface StatisticsService {
  /** Usage and charges of the organisation for the local dates from..to (inclusive, at most 13 months). */
  forOrganisation(principal: Principal, organisationId: string, from: LocalDate, to: LocalDate): Promise<OrganisationStatistics>;
}

/** Statistics are computed where the reports are, off the event loop, after the closed legs are rated. */
export function createStatisticsService(deps: {
  organisations: OrganisationStore;
  rater: ChargeRater;
  runner: ReportRunner;
  clock: Pick<Clock, 'now'>;
}): StatisticsService {
  const { organisations, rater, runner, clock } = deps;
  return {
    async forOrganisation(principal, organisationId, from, to) {
      if (!canSeeOrganisation(principal, organisationId) || !organisations.get(organisationId)) {
        throw notFound('organisation');
      }
      const at = clock.now();
      rater.rateClosedLegs(at);
      return runner.statistics({ organisationId, from, to, at });
    },
  };
}
