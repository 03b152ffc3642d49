import { assertNever } from '../../domain/assert-never';
import {
  checkArrival,
  initialGuessingState,
  recordFailedCode,
  type ArrivalVerdict,
  type FailureStep,
  type GuessingAlarm,
  type GuessingState,
} from '../../domain/guessing/guessing-rules';
import type { GuessingLimits } from '../../domain/guessing/guessing-limits';
import type { Logger } from '../../logger';
import type { IncomingCall } from '../ports/telephony';

/**
 * Holds the guessing state for the whole bridge (it lives as long as the
 * process: a restart forgets it) and logs what operators must know. Nothing
 * logged here carries a digit that was typed.
 */
export interface GuessingGuard {
  /** Asked when a call arrives, before code entry starts. */
  admit(call: IncomingCall): ArrivalVerdict;
  /** A code typed on `call` was found to be unknown at `at`. */
  codeFailed(call: IncomingCall, at: number, log: Logger): Omit<FailureStep, 'state' | 'alarms'>;
}

export function createGuessingGuard(limits: GuessingLimits, logger: Logger): GuessingGuard {
  let state: GuessingState = initialGuessingState();

  function admit(call: IncomingCall): ArrivalVerdict {
    return checkArrival(limits, state, call.callerNumber, call.at);
  }

  function codeFailed(call: IncomingCall, at: number, log: Logger): Omit<FailureStep, 'state' | 'alarms'> {
    const step = recordFailedCode(limits, state, { callerNumber: call.callerNumber, accessNumber: call.dialledNumber }, at);
    state = step.state;
    if (step.caller === 'blocked-now') {
      log.warn(
        { callerNumber: call.callerNumber ?? 'anonymous', blockedForMs: limits.callerBlockMs },
        'caller refused for a while after too many failed codes',
      );
    }
    for (const alarm of step.alarms) raise(alarm);
    return { caller: step.caller, delayMs: step.delayMs };
  }

  function raise(alarm: GuessingAlarm): void {
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

  return { admit, codeFailed };
}
