import { assertNever } from '../assert-never';
import { normaliseCallerNumber } from '../call/caller-number';
import type { GuessingLimits } from './guessing-limits';

/**
 * The rules against guessing conference codes. Pure: time arrives as `at`,
 * and what happened before (failures, blocks, alarms) arrives as the
 * answers of a store that only records and counts (app/ports/guessing-store.ts).
 * The window, the thresholds and every decision are here.
 *
 * Only a code that was typed and not found counts as a failure: silence and
 * `#` alone guess nothing. Numbers are counted in their E.164 form, so the
 * same phone presented as `+47…`, `0047…` or eight national digits is one
 * caller; callers who withhold their number share one bucket.
 */

/** Who a failure is counted against. */
export type CallerBucket = { kind: 'number'; number: string } | { kind: 'anonymous' };

/** The bucket of a caller number as presented (null: withheld). */
export function callerBucket(callerNumber: string | null): CallerBucket {
  const normalised = normaliseCallerNumber(callerNumber);
  return normalised === null ? { kind: 'anonymous' } : { kind: 'number', number: normalised };
}

/** The bucket as the store files it. */
export function bucketKey(bucket: CallerBucket): string {
  switch (bucket.kind) {
    case 'number':
      return `number:${bucket.number}`;
    case 'anonymous':
      return 'anonymous';
    default:
      return assertNever(bucket);
  }
}

/** A scope whose spike of failures raises one alarm per window. */
export type AlarmScope = { scope: 'access-number'; accessNumber: string } | { scope: 'service' };

/** The scope as the store files its last alarm. */
export function alarmKey(scope: AlarmScope): string {
  switch (scope.scope) {
    case 'access-number':
      return `access-number:${scope.accessNumber}`;
    case 'service':
      return 'service';
    default:
      return assertNever(scope);
  }
}

/**
 * What the store is asked: failures since `since` (the window that ends
 * now), each count only up to the number the rules compare it with, so a
 * flood of failures never makes an answer slower.
 */
export interface StandingQuery {
  bucket: string;
  accessNumber: string;
  since: number;
  at: number;
  countUpTo: { caller: number; accessNumber: number; service: number };
  /** The alarm scopes whose last alarm a recorded failure is answered with. */
  alarmScopes: { accessNumber: string; service: string };
}

/** The store's answer: the block on the bucket and the failures in the window, capped as asked. */
export interface Standing {
  /** The bucket is refused until this instant; null (or past) when not blocked. */
  blockedUntil: number | null;
  callerFailures: number;
  accessNumberFailures: number;
  serviceFailures: number;
}

/** With a failure just recorded: also when each spike scope last raised its alarm. */
export interface FailureStanding extends Standing {
  lastAlarmAt: { accessNumber: number | null; service: number | null };
}

export function standingQuery(limits: GuessingLimits, bucket: CallerBucket, accessNumber: string, at: number): StandingQuery {
  return {
    bucket: bucketKey(bucket),
    accessNumber,
    since: at - limits.windowMs,
    at,
    countUpTo: {
      caller: callerLimit(limits, bucket),
      accessNumber: limits.spikeFailuresPerAccessNumber,
      service: limits.spikeFailuresService,
    },
    alarmScopes: { accessNumber: alarmKey({ scope: 'access-number', accessNumber }), service: alarmKey({ scope: 'service' }) },
  };
}

/** Calls already in code entry (not counting the one arriving). */
export interface CodeEntryLoad {
  fromCaller: number;
  onAccessNumber: number;
}

export type Refusal =
  /** The caller's number (or the anonymous bucket) failed too often lately. */
  | { kind: 'refused'; reason: 'blocked'; bucket: CallerBucket['kind'] }
  /** The configuration refuses callers who withhold their number. */
  | { kind: 'refused'; reason: 'anonymous-not-allowed' }
  /** Too many calls in code entry at once from this caller, or on this access number. */
  | { kind: 'refused'; reason: 'too-many-calls'; scope: 'caller' | 'access-number'; limit: number };

/** First look at an arriving call, before the store is asked: the anonymous policy and the caps on calls at once. */
export function checkLoad(limits: GuessingLimits, bucket: CallerBucket, load: CodeEntryLoad): Refusal | null {
  if (bucket.kind === 'anonymous' && limits.anonymousCallers === 'refuse') return { kind: 'refused', reason: 'anonymous-not-allowed' };
  const callerCap = bucket.kind === 'anonymous' ? limits.maxCodeEntryCallsAnonymous : limits.maxCodeEntryCallsPerCaller;
  if (load.fromCaller >= callerCap) return { kind: 'refused', reason: 'too-many-calls', scope: 'caller', limit: callerCap };
  if (load.onAccessNumber >= limits.maxCodeEntryCallsPerAccessNumber) {
    return { kind: 'refused', reason: 'too-many-calls', scope: 'access-number', limit: limits.maxCodeEntryCallsPerAccessNumber };
  }
  return null;
}

/**
 * May this caller start typing a code? A blocked bucket is refused; during a
 * spike on the access number (or across the service) the call first rings
 * for `spikeArrivalWaitMs`, unanswered. Hanging up and calling again only
 * starts the wait again, so every call of a guesser costs the wait.
 */
export type ArrivalVerdict = { kind: 'allowed'; waitMs: number } | Refusal;

export function screenArrival(limits: GuessingLimits, bucket: CallerBucket, standing: Standing, at: number): ArrivalVerdict {
  if (isBlocked(standing.blockedUntil, at)) return { kind: 'refused', reason: 'blocked', bucket: bucket.kind };
  return { kind: 'allowed', waitMs: inSpike(limits, standing) ? limits.spikeArrivalWaitMs : 0 };
}

/** Checked before every code is looked up: a number blocked since the call arrived gets no more lookups, not even a right code. */
export function maySubmit(blockedUntil: number | null, at: number): boolean {
  return !isBlocked(blockedUntil, at);
}

export interface FailureVerdict {
  /**
   * - `may-retry`: the call's own tries go on;
   * - `blocked-now`: this failure reached the bucket's limit: end the call, refuse the bucket until `blockUntil`;
   * - `blocked`: the bucket was already refused (by another call meanwhile): end the call.
   */
  caller: 'may-retry' | 'blocked-now' | 'blocked';
  /** Set with `blocked-now`. */
  blockUntil: number | null;
  /** Added wait before the caller hears "invalid": non-zero during a spike. */
  delayMs: number;
  /** Spikes whose alarm is due (at most one per window per scope); the app claims each from the store before raising it. */
  alarms: GuessingAlarm[];
}

/** Many failures across many callers: worth waking someone up. Carries no digits. */
export type GuessingAlarm = AlarmScope & { failuresInWindow: number; previousAlarmAt: number | null };

/** A typed code was not found; `standing` counts it already. */
export function judgeFailure(
  limits: GuessingLimits,
  bucket: CallerBucket,
  accessNumber: string,
  standing: FailureStanding,
  at: number,
): FailureVerdict {
  const alreadyBlocked = isBlocked(standing.blockedUntil, at);
  const blockedNow = !alreadyBlocked && standing.callerFailures >= callerLimit(limits, bucket);
  const alarms: GuessingAlarm[] = [];
  const { accessNumber: accessAlarmAt, service: serviceAlarmAt } = standing.lastAlarmAt;
  if (standing.accessNumberFailures >= limits.spikeFailuresPerAccessNumber && alarmDue(limits, accessAlarmAt, at)) {
    alarms.push({ scope: 'access-number', accessNumber, failuresInWindow: standing.accessNumberFailures, previousAlarmAt: accessAlarmAt });
  }
  if (standing.serviceFailures >= limits.spikeFailuresService && alarmDue(limits, serviceAlarmAt, at)) {
    alarms.push({ scope: 'service', failuresInWindow: standing.serviceFailures, previousAlarmAt: serviceAlarmAt });
  }
  return {
    caller: alreadyBlocked ? 'blocked' : blockedNow ? 'blocked-now' : 'may-retry',
    blockUntil: blockedNow ? at + limits.callerBlockMs : null,
    delayMs: inSpike(limits, standing) ? limits.spikeSlowdownMs : 0,
    alarms,
  };
}

function inSpike(limits: GuessingLimits, standing: Standing): boolean {
  return standing.accessNumberFailures >= limits.spikeFailuresPerAccessNumber || standing.serviceFailures >= limits.spikeFailuresService;
}

function alarmDue(limits: GuessingLimits, lastAlarmAt: number | null, at: number): boolean {
  return lastAlarmAt === null || at - lastAlarmAt >= limits.windowMs;
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

function isBlocked(blockedUntil: number | null, at: number): boolean {
  return blockedUntil !== null && at < blockedUntil;
}
