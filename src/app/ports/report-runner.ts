import type { OrganisationStatistics, StatisticsAcross, StatisticsAcrossJob, StatisticsJob } from '../admin/organisation-statistics';
import type { ChargeReportQuery } from '../reports/charge-report-query';

/**
 * Runs reports off the bridge's event loop (implemented with worker threads
 * on their own read-only connections): a month of a million legs is seconds
 * of work during which keypad answers and prompts must not wait. Jobs are
 * plain data, so they can cross to another thread or process.
 */
export interface ReportRunner {
  /** Resolves once the report is under way (or its account is unknown), before its first byte. */
  chargeReport(job: ChargeReportJob): Promise<ChargeReportRun>;
  statistics(job: StatisticsJob): Promise<OrganisationStatistics>;
  statisticsAcross(job: StatisticsAcrossJob): Promise<StatisticsAcross>;
  /** Ends every job still running (a stop). */
  close(): Promise<void>;
}

export interface ChargeReportJob extends ChargeReportQuery {
  /** The report's "generated at": every leg closed before it has been rated. */
  generatedAt: number;
}

export type ChargeReportRun = { kind: 'unknown-account' } | { kind: 'report'; chunks: ReportChunks };

/**
 * The report's bytes as they are made, at the pace they are read: the job
 * waits while the reader does not take them. A reader that stops early
 * (`return`, as a closed HTTP response does) ends the job.
 */
export type ReportChunks = AsyncIterable<Uint8Array>;
