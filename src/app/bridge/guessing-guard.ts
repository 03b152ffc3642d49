import { assertNever } from '../../domain/assert-never';
import {
  alarmKey,
  bucketKey,
  callerBucket,
  checkLoad,
  judgeFailure,
  maySubmit,
  screenArrival,
  standingQuery,
  type ArrivalVerdict,
  type CallerBucket,
  type CodeEntryLoad,
  type FailureVerdict,
  type GuessingAlarm,
  type Refusal,
} from '../../domain/guessing/guessing-rules';
import type { GuessingLimits } from '../../domain/guessing/guessing-limits';
import type { Logger } from '../../logger';
import type { GuessingStore } from '../ports/guessing-store';
import type { BridgeMetrics } from '../ports/metrics';
import type { IncomingCall } from '../ports/telephony';

/**
 * Applies the guessing rules (domain/guessing) to the bridge's calls with
 * what the store remembers, which every Kvorum process on the database
 * shares and a restart keeps; records what they decide; logs and counts
 * what operators must know. Nothing logged here carries a digit that was typed.
 *
 * A store that fails is logged and counted, and the call goes on as if
 * nothing were recorded against it: a database fault must not lock every
 * honest caller out, and the tries of one call stay limited all the same.
 */
export interface GuessingGuard {
  /** Asked first when a call arrives, with the calls already in code entry: the anonymous policy and the caps on calls at once. */
  checkLoad(call: IncomingCall, load: CodeEntryLoad): Refusal | null;
  /** Then: may the caller type, now or after the spike wait? */
  screen(call: IncomingCall, log: Logger): Promise<ArrivalVerdict>;
  /** Before every code lookup: false when the caller's number was blocked meanwhile. */
  maySubmit(call: IncomingCall, at: number, log: Logger): Promise<boolean>;
  /** A code typed on `call` was found to be unknown at `at`. */
  codeFailed(call: IncomingCall, at: number, log: Logger): Promise<Pick<FailureVerdict, 'caller' | 'delayMs'>>;
}

export function createGuessingGuard(deps: {
  limits: GuessingLimits;
  store: GuessingStore;
  metrics: BridgeMetrics;
  logger: Logger;
}): GuessingGuard {
  const { limits, store, metrics, logger } = deps;

  function checkCallLoad(call: IncomingCall, load: CodeEntryLoad): Refusal | null {
    return checkLoad(limits, callerBucket(call.callerNumber), load);
  }

  async function screen(call: IncomingCall, log: Logger): Promise<ArrivalVerdict> {
    const bucket = callerBucket(call.callerNumber);
    try {
      const standing = await store.standing(standingQuery(limits, bucket, call.dialledNumber, call.at));
      return screenArrival(limits, bucket, standing, call.at);
    } catch (error) {
      storeFailed(log, error);
      return { kind: 'allowed', waitMs: 0 };
    }
  }

  async function checkBeforeLookup(call: IncomingCall, at: number, log: Logger): Promise<boolean> {
    try {
      return maySubmit(await store.blockedUntil(bucketOf(call), at), at);
    } catch (error) {
      storeFailed(log, error);
      return true;
    }
  }

  async function codeFailed(call: IncomingCall, at: number, log: Logger): Promise<Pick<FailureVerdict, 'caller' | 'delayMs'>> {
    const bucket = callerBucket(call.callerNumber);
    const query = standingQuery(limits, bucket, call.dialledNumber, at);
    let verdict: FailureVerdict;
    try {
      const standing = await store.recordFailure({ bucket: query.bucket, accessNumber: call.dialledNumber, at }, query);
      verdict = judgeFailure(limits, bucket, call.dialledNumber, standing, at);
      if (verdict.blockUntil !== null) await store.block(query.bucket, verdict.blockUntil, at);
    } catch (error) {
      storeFailed(log, error);
      return { caller: 'may-retry', delayMs: 0 };
    }
    if (verdict.caller === 'blocked-now') {
      log.warn({ ...bucketFields(bucket), blockedForMs: limits.callerBlockMs }, 'caller refused for a while after too many failed codes');
    }
    for (const alarm of verdict.alarms) void raiseOnce(alarm, at);
    return { caller: verdict.caller, delayMs: verdict.delayMs };
  }

  /** Several processes may see the same spike: the store lets one of them raise it. */
  async function raiseOnce(alarm: GuessingAlarm, at: number): Promise<void> {
    try {
      if (!(await store.claimAlarm(alarmKey(alarm), at, alarm.previousAlarmAt))) return;
    } catch (error) {
      // Better twice (another process may raise it too) than never.
      storeFailed(logger, error);
    }
    metrics.guessingAlarm(alarm.scope);
    const fields = { failuresInWindow: alarm.failuresInWindow, windowMs: limits.windowMs, slowdownMs: limits.spikeSlowdownMs };
    switch (alarm.scope) {
      case 'access-number':
        logger.warn({ alarm: 'code-guessing', scope: alarm.scope, accessNumber: alarm.accessNumber, ...fields }, 'code guessing alarm');
        return;
      case 'service':
        logger.warn({ alarm: 'code-guessing', scope: alarm.scope, ...fields }, 'code guessing alarm');
        return;
      default:
        assertNever(alarm);
    }
  }

  function storeFailed(log: Logger, error: unknown): void {
    metrics.guessingStoreFailed();
    log.error({ err: error }, 'guessing store failed; going on without it');
  }

  return { checkLoad: checkCallLoad, screen, maySubmit: checkBeforeLookup, codeFailed };
}

function bucketOf(call: IncomingCall): string {
  return bucketKey(callerBucket(call.callerNumber));
}

/** The caller as a log line names it: the normalised number, or `anonymous`. */
export function bucketFields(bucket: CallerBucket): { callerNumber: string } {
  return { callerNumber: bucket.kind === 'anonymous' ? 'anonymous' : bucket.number };
}
