import type { CodeEntryEvent } from '../../domain/code-entry/code-entry';
import { assertNever } from '../../domain/assert-never';
import type { ArrivalVerdict } from '../../domain/guessing/guessing-rules';
import type { GuessingLimits } from '../../domain/guessing/guessing-limits';
import { prompts, tryLaterPrompt } from '../../domain/prompts';
import type { CallAdmission } from '../../domain/call/call-machine';
import type { Logger } from '../../logger';
import type { Clock } from '../ports/clock-and-ids';
import type { CodeMatch, ConferenceDirectory } from '../ports/conference-directory';
import type { IncomingCall } from '../ports/telephony';
import type { CallDriver } from './call-driver';
import { createGuessingGuard } from './guessing-guard';

/**
 * Lets new callers type a code and checks what they typed: the typed digits
 * only ever travel from the call's machine to the directory, and are never
 * logged. Across calls, the guessing guard refuses numbers that failed too
 * often and slows every caller down during a spike of failures.
 */
export interface CodeEntryDriver {
  /** A call arrived: the caller is asked for the code, or refused with one clear prompt. */
  begin(call: IncomingCall): void;
  /** The call's machine asks for the digits to be checked. */
  checkCode(channelId: string, digits: string): void;
}

export function createCodeEntryDriver(
  deps: { calls: CallDriver; directory: ConferenceDirectory; clock: Clock; guessing: GuessingLimits; logger: Logger },
  onAccepted: (channelId: string, match: CodeMatch) => void,
): CodeEntryDriver {
  const { calls, clock, logger } = deps;
  const guessing = createGuessingGuard(deps.guessing, logger);

  function begin(call: IncomingCall): void {
    const log = logger.child({ channelId: call.channelId });
    log.info({ dialledNumber: call.dialledNumber }, 'call arrived');
    calls.arrive(call, log, admission(guessing.admit(call), log));
  }

  /** Only a caller the guessing guard lets in may type a code; the others hear why, briefly, and goodbye. */
  function admission(verdict: ArrivalVerdict, log: Logger): CallAdmission {
    switch (verdict.kind) {
      case 'allowed':
        return verdict;
      case 'refused':
        switch (verdict.reason) {
          case 'blocked':
            log.info({ bucket: verdict.bucket }, 'caller refused: too many failed codes lately');
            return { kind: 'refused', media: tryLaterPrompt };
          case 'anonymous-not-allowed':
            log.info('caller refused: number withheld');
            return { kind: 'refused', media: [prompts.anonymousRefused] };
          default:
            return assertNever(verdict);
        }
      default:
        return assertNever(verdict);
    }
  }

  function checkCode(channelId: string, digits: string): void {
    const match = lookUp(channelId, digits);
    if (match === null) return codeNotFound(channelId);
    onAccepted(channelId, match);
  }

  /**
   * Counts the failure across calls. A number that has now failed too often
   * is sent away at once (parallel calls from it included); during a spike
   * the caller waits before hearing "invalid", which slows every guesser down.
   */
  function codeNotFound(channelId: string): void {
    const held = calls.get(channelId);
    if (held?.state.phase !== 'code-entry') return;
    const verdict = guessing.codeFailed(held.call, clock.now(), held.log);
    if (verdict.caller !== 'may-retry') {
      calls.feed(channelId, { kind: 'sendAway', media: tryLaterPrompt, language: null });
      return;
    }
    const rejected: CodeEntryEvent = { kind: 'codeChecked', accepted: false };
    if (verdict.delayMs === 0) return calls.feed(channelId, { kind: 'codeEntry', event: rejected });
    // The machine ignores keys while it waits for the answer, and a hang-up cancels this timer.
    calls.after(channelId, verdict.delayMs, 'code entry slowdown', () => calls.feed(channelId, { kind: 'codeEntry', event: rejected }));
  }

  /** A directory fault is logged and treated as an unknown code: the caller may try again. */
  function lookUp(channelId: string, digits: string): CodeMatch | null {
    try {
      return deps.directory.findByCode(digits, clock.now());
    } catch (error) {
      calls.get(channelId)?.log.error({ err: error }, 'code lookup failed');
      return null;
    }
  }

  return { begin, checkCode };
}
