import { assertNever } from '../assert-never';
import type { GuessingLimits } from './guessing-limits';
import { boundedWith, stillRecent, withFailure, type RecentFailures } from './recent-failures';

/**
 * The rules against guessing conference codes. Pure: time arrives as `at`,
 * the state is a value, and each step returns the next one.
 *
 * Only a code that was typed and not found counts as a failure: silence and
 * `#` alone guess nothing. Callers who withhold their number share one bucket.
 */

/** Who a failure is counted against. */
export type CallerBucket = { kind: 'number'; number: string } | { kind: 'anonymous' };

interface CallerFailures {
  recent: RecentFailures;
  /** Refused until this instant; null when not blocked. */
  blockedUntil: number | null;
}

interface SpikeWatch {
  recent: RecentFailures;
  /** When the last alarm for this scope was raised: at most one per window. */
  alarmedAt: number | null;
}

export interface GuessingState {
  /** By bucket key, least recently failing first. */
  callers: ReadonlyMap<string, CallerFailures>;
  /** By access number, least recently failing first. */
  accessNumbers: ReadonlyMap<string, SpikeWatch>;
  service: SpikeWatch;
}

export type ArrivalVerdict =
  | { kind: 'allowed' }
  /** The caller's number (or the anonymous bucket) failed too often lately. */
  | { kind: 'refused'; reason: 'blocked'; bucket: CallerBucket['kind'] }
  /** The configuration refuses callers who withhold their number. */
  | { kind: 'refused'; reason: 'anonymous-not-allowed' };

export interface FailedCode {
  callerNumber: string | null;
  accessNumber: string;
}

/** Many failures across many callers: worth waking someone up. Carries no digits. */
export type GuessingAlarm =
  { scope: 'access-number'; accessNumber: string; failuresInWindow: number } | { scope: 'service'; failuresInWindow: number };

export interface FailureStep {
  state: GuessingState;
  /**
   * - `may-retry`: the call's own tries go on;
   * - `blocked-now`: this failure reached the bucket's limit: end the call;
   * - `blocked`: the bucket was already refused (a call made before the block): end the call.
   */
  caller: 'may-retry' | 'blocked-now' | 'blocked';
  /** Added wait before the caller hears "invalid": non-zero during a spike. */
  delayMs: number;
  alarms: GuessingAlarm[];
}

export function initialGuessingState(): GuessingState {
  return { callers: new Map(), accessNumbers: new Map(), service: { recent: [], alarmedAt: null } };
}

function bucketOf(callerNumber: string | null): CallerBucket {
  return callerNumber === null ? { kind: 'anonymous' } : { kind: 'number', number: callerNumber };
}

/** May this caller start typing a code? Asked when the call arrives. */
export function checkArrival(limits: GuessingLimits, state: GuessingState, callerNumber: string | null, at: number): ArrivalVerdict {
  const bucket = bucketOf(callerNumber);
  if (bucket.kind === 'anonymous' && limits.anonymousCallers === 'refuse') return { kind: 'refused', reason: 'anonymous-not-allowed' };
  const failures = state.callers.get(bucketKey(bucket));
  return failures !== undefined && isBlocked(failures, at)
    ? { kind: 'refused', reason: 'blocked', bucket: bucket.kind }
    : { kind: 'allowed' };
}

/** A typed code was not found: count it against the caller, the access number and the service. */
export function recordFailedCode(limits: GuessingLimits, state: GuessingState, failed: FailedCode, at: number): FailureStep {
  const { windowMs } = limits;
  const bucket = bucketOf(failed.callerNumber);
  const key = bucketKey(bucket);
  const before = state.callers.get(key) ?? { recent: [], blockedUntil: null };
  const limit = callerLimit(limits, bucket);
  const recent = withFailure(before.recent, at, windowMs, limit);
  const alreadyBlocked = isBlocked(before, at);
  const blockedNow = !alreadyBlocked && recent.length >= limit;
  const callerFailures: CallerFailures = {
    recent,
    blockedUntil: blockedNow ? at + limits.callerBlockMs : alreadyBlocked ? before.blockedUntil : null,
  };
  const callerLive = (entry: CallerFailures) => isBlocked(entry, at) || stillRecent(entry.recent, at, windowMs).length > 0;

  const accessWatch = watched(state.accessNumbers.get(failed.accessNumber), at, windowMs, limits.spikeFailuresPerAccessNumber);
  const serviceWatch = watched(state.service, at, windowMs, limits.spikeFailuresService);
  const spikeLive = (entry: SpikeWatch) => stillRecent(entry.recent, at, windowMs).length > 0;

  const alarms: GuessingAlarm[] = [];
  if (accessWatch.alarm) {
    alarms.push({ scope: 'access-number', accessNumber: failed.accessNumber, failuresInWindow: accessWatch.watch.recent.length });
  }
  if (serviceWatch.alarm) alarms.push({ scope: 'service', failuresInWindow: serviceWatch.watch.recent.length });

  return {
    state: {
      callers: boundedWith(state.callers, key, callerFailures, limits.maxTrackedNumbers, callerLive),
      accessNumbers: boundedWith(state.accessNumbers, failed.accessNumber, accessWatch.watch, limits.maxTrackedNumbers, spikeLive),
      service: serviceWatch.watch,
    },
    caller: alreadyBlocked ? 'blocked' : blockedNow ? 'blocked-now' : 'may-retry',
    delayMs: accessWatch.spike || serviceWatch.spike ? limits.spikeSlowdownMs : 0,
    alarms,
  };
}

function watched(
  before: SpikeWatch | undefined,
  at: number,
  windowMs: number,
  threshold: number,
): { watch: SpikeWatch; spike: boolean; alarm: boolean } {
  const recent = withFailure(before?.recent ?? [], at, windowMs, threshold);
  const spike = recent.length >= threshold;
  const lastAlarm = before?.alarmedAt ?? null;
  const alarm = spike && (lastAlarm === null || at - lastAlarm >= windowMs);
  return { watch: { recent, alarmedAt: alarm ? at : lastAlarm }, spike, alarm };
}

function callerLimit(limits: GuessingLimits, bucket: CallerBucket): number {
  switch (bucket.kind) {
    case 'number':
      return limits.maxFailuresPerCaller;
    case 'anonymous':
      return limits.maxFailuresAnonymous;
    default:
      return assertNever(bucket);
  }
}

function bucketKey(bucket: CallerBucket): string {
  switch (bucket.kind) {
    case 'number':
      return `number:${bucket.number}`;
    case 'anonymous':
      return 'anonymous';
    default:
      return assertNever(bucket);
  }
}

function isBlocked(failures: CallerFailures, at: number): boolean {
  return failures.blockedUntil !== null && at < failures.blockedUntil;
}
