/**
 * What an operator's dashboard counts (implemented by adapters/metrics).
 * Labels are small fixed sets: no caller or access number, no code, no id.
 */

/** What followed a code that was typed and not found. */
export type CodeFailureOutcome =
  /** "Invalid", and the caller may try again at once. */
  | 'retry'
  /** During a spike: "invalid" only after the slowdown. */
  | 'retry-slowed'
  /** The caller's number reached its limit (or was blocked meanwhile): "try later", hung up. */
  | 'sent-away';

/** Why a caller was sent away before typing, or before a code was looked up; `overloaded`: refused unanswered (load shedding). */
export type CallRefusalReason =
  'blocked' | 'anonymous-not-allowed' | 'too-many-calls-from-caller' | 'too-many-calls-on-access-number' | 'shutting-down' | 'overloaded';

/** The bridge's counters. */
export interface BridgeMetrics {
  codeFailed(outcome: CodeFailureOutcome): void;
  callRefused(reason: CallRefusalReason): void;
  /** A new call rang before its caller could type, because of a spike. */
  spikeWait(): void;
  guessingAlarm(scope: 'access-number' | 'service'): void;
  /** The guessing store failed to answer; the bridge went on without it. */
  guessingStoreFailed(): void;
}

/** The ARI adapter's: every REST request, by operation (`channels.play`), however it ended. */
export interface AriMetrics {
  ariRequest(operation: string, seconds: number, outcome: 'ok' | 'error'): void;
}

/** The ledger's: how long writes waited to commit, and the commits refused (the writes waiting are read at each scrape). */
export interface LedgerMetrics {
  /** A batch committed; its oldest write had waited `lagSeconds`. */
  ledgerBatchCommitted(writes: number, lagSeconds: number): void;
  /** The database refused a commit; its writes wait for the retry. */
  ledgerCommitFailed(): void;
}

/** Where a call is, as a dashboard counts them. */
export const callStates = ['code-entry', 'waiting', 'in-meeting', 'farewell'] as const;
export type CallStateLabel = (typeof callStates)[number];

/** Read at every scrape from the bridge. */
export interface BridgeGauges {
  callsByState(): Record<CallStateLabel, number>;
  meetingsLive(): number;
}

/** For a bridge, an ARI connection and a ledger nobody scrapes (metrics off, tests, tools). */
export const uncountedBridge: BridgeMetrics = {
  codeFailed: () => undefined,
  callRefused: () => undefined,
  spikeWait: () => undefined,
  guessingAlarm: () => undefined,
  guessingStoreFailed: () => undefined,
};

export const uncountedAri: AriMetrics = { ariRequest: () => undefined };

export const uncountedLedger: LedgerMetrics = { ledgerBatchCommitted: () => undefined, ledgerCommitFailed: () => undefined };
