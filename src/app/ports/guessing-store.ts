import type { FailureStanding, Standing, StandingQuery } from '../../domain/guessing/guessing-rules';

/** A failed code as the store files it: which bucket, on which access number, when. Never the digits. */
export interface RecordedFailure {
  bucket: string;
  accessNumber: string;
  at: number;
}

/**
 * Where the guessing limits keep what happened (implemented by adapters/db):
 * failed codes, blocks and the last alarm per scope, shared by every Kvorum
 * process on the same database and kept across restarts. It only records and
 * counts; every decision is in domain/guessing/guessing-rules.ts.
 *
 * Promise-returning so that a store across the network fits; the bridge asks
 * it on every arrival and before every code lookup, so an answer must be
 * quick (indexed, counts capped by the query). Rows older than the window
 * are pruned as failures are recorded.
 */
export interface GuessingStore {
  /** The bucket's block and the failures in the window. */
  standing(query: StandingQuery): Promise<Standing>;
  /** When the bucket's block ends; null when it is not blocked at `at`. */
  blockedUntil(bucket: string, at: number): Promise<number | null>;
  /** Records a failure and answers the standing with it counted, and when each spike scope last alarmed. */
  recordFailure(failure: RecordedFailure, query: StandingQuery): Promise<FailureStanding>;
  /** Refuses the bucket until `until` (a longer block already there stays). */
  block(bucket: string, until: number, at: number): Promise<void>;
  /**
   * Takes the alarm of the scope for `at` if its last alarm is still
   * `previousAlarmAt`: true for exactly one of several processes that saw the
   * same spike, so the alarm is raised once.
   */
  claimAlarm(scope: string, at: number, previousAlarmAt: number | null): Promise<boolean>;
}
