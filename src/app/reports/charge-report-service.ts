import type { ChargeRater } from '../ports/charge-rater';
import type { Clock } from '../ports/clock-and-ids';
import type { ChargeReportRun, ReportRunner } from '../ports/report-runner';
import type { ChargeReportQuery } from './charge-report-query';

export interface ChargeReportService {
  /**
   * Rates the legs that closed since the last rating (on the bridge's own
   * connection, as its checkpoints do: a few legs), then has the report made
   * off the event loop and streamed.
   */
  run(query: ChargeReportQuery): Promise<ChargeReportRun>;
}

export function createChargeReportService(deps: {
  rater: ChargeRater;
  runner: ReportRunner;
  clock: Pick<Clock, 'now'>;
}): ChargeReportService {
  const { rater, runner, clock } = deps;
  return {
    async run(query) {
      const generatedAt = clock.now();
      // Rate first, so a report never misses a leg that has ended.
      await rater.rateClosedLegs(generatedAt);
      return runner.chargeReport({ ...query, generatedAt });
    },
  };
}
