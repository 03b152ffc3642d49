import type { LocalDate } from '../../domain/billing/calendar';
import type { ChargeRater } from '../ports/charge-rater';
import type { Clock } from '../ports/clock-and-ids';
import type { ConferenceStore, OrganisationStore } from '../ports/admin-stores';
import type { ReportRunner } from '../ports/report-runner';
import { notFound } from './admin-error';
import type { OrganisationStatistics, StatisticsAcross } from './organisation-statistics';
import { canSeeOrganisation, type Principal } from './roles';

export interface StatisticsService {
  /** Usage and charges of the organisation for the local dates from..to (inclusive, at most 13 months). */
  forOrganisation(principal: Principal, organisationId: string, from: LocalDate, to: LocalDate): Promise<OrganisationStatistics>;
  /** The same of one room of the organisation (404 for a room of another), without the account's charge. */
  forRoom(
    principal: Principal,
    organisationId: string,
    conferenceId: string,
    from: LocalDate,
    to: LocalDate,
  ): Promise<OrganisationStatistics>;
  /**
   * Across every organisation the principal can see (a reseller: its own and
   * those it resells; the operator: all), ordered by name, with the names.
   */
  acrossOrganisations(
    principal: Principal,
    from: LocalDate,
    to: LocalDate,
  ): Promise<StatisticsAcross & { names: ReadonlyMap<string, string> }>;
}

/** Statistics are computed where the reports are, off the event loop, after the closed legs are rated. */
export function createStatisticsService(deps: {
  organisations: OrganisationStore;
  conferences: ConferenceStore;
  rater: ChargeRater;
  runner: ReportRunner;
  clock: Pick<Clock, 'now'>;
}): StatisticsService {
  const { organisations, conferences, rater, runner, clock } = deps;

  async function checkOrganisation(principal: Principal, organisationId: string): Promise<void> {
    if (!canSeeOrganisation(principal, organisationId) || !(await organisations.get(organisationId))) throw notFound('organisation');
  }

  /** Every closed leg is rated before the figures are read; answers the instant they count to. */
  async function rated(): Promise<number> {
    const at = clock.now();
    await rater.rateClosedLegs(at);
    return at;
  }

  return {
    async forOrganisation(principal, organisationId, from, to) {
      await checkOrganisation(principal, organisationId);
      return runner.statistics({ organisationId, conferenceId: null, from, to, at: await rated() });
    },

    async forRoom(principal, organisationId, conferenceId, from, to) {
      await checkOrganisation(principal, organisationId);
      if ((await conferences.get(conferenceId))?.organisationId !== organisationId) throw notFound('conference');
      return runner.statistics({ organisationId, conferenceId, from, to, at: await rated() });
    },

    async acrossOrganisations(principal, from, to) {
      const visible = (
        await organisations.list(principal.visibleOrganisations === 'all' ? undefined : principal.visibleOrganisations)
      ).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      const statistics = await runner.statisticsAcross({ organisationIds: visible.map((o) => o.id), from, to, at: await rated() });
      return { ...statistics, names: new Map(visible.map((o) => [o.id, o.name])) };
    },
  };
}
