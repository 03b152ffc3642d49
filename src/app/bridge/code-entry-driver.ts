import {
  codeEntryTransition,
  startCodeEntry,
  type CodeEntryEffect,
  type CodeEntryEvent,
  type CodeEntryStep,
} from '../../domain/code-entry/code-entry';
import { assertNever } from '../../domain/assert-never';
import type { ArrivalVerdict } from '../../domain/guessing/guessing-rules';
import { prompts, tryLaterPrompt } from '../../domain/prompts';
import type { AppContext } from './app-context';
import type { CallOperations } from './call-operations';
import { guarded } from './guarded';
import { createGuessingGuard } from './guessing-guard';
import type { IncomingCall } from '../ports/telephony';
import type { CodeMatch } from '../ports/conference-directory';

/**
 * Runs the code-entry machine for callers who have not reached a conference
 * yet, and carries its effects out. The typed digits only ever travel from
 * the machine to the directory: they are never logged. Across calls, the
 * guessing guard refuses numbers that failed too often and slows every
 * caller down during a spike of failures.
 */
export interface CodeEntryDriver {
  begin(call: IncomingCall): void;
  feed(channelId: string, event: CodeEntryEvent): void;
  /** Keys and prompt ends were lost (a gap in the event connection): ask for the code again. */
  restart(channelId: string): void;
}

export function createCodeEntryDriver(
  ctx: AppContext,
  operations: CallOperations,
  onAccepted: (channelId: string, match: CodeMatch) => void,
): CodeEntryDriver {
  const { calls, clock, telephony, ids, playbacks, settings } = ctx;
  const rules = {
    firstDigitTimeoutMs: settings.firstDigitTimeoutMs,
    interDigitTimeoutMs: settings.interDigitTimeoutMs,
    maxCodeTries: settings.maxCodeTries,
  };
  const guessing = createGuessingGuard(settings.guessing, ctx.logger);

  function begin(call: IncomingCall): void {
    const log = ctx.logger.child({ channelId: call.channelId });
    const first = startCodeEntry();
    calls.set(call.channelId, { phase: 'code-entry', call, log, entry: first.state, promptPlaybackId: null, timer: null });
    log.info({ dialledNumber: call.dialledNumber }, 'call arrived');
    operations.run(call.channelId, 'answer', () => telephony.answer(call.channelId));
    const admission = guessing.admit(call);
    if (admission.kind === 'allowed') apply(call.channelId, first);
    else refuse(call.channelId, admission);
  }

  /** The caller may not type a code at all: one clear prompt, then goodbye. */
  function refuse(channelId: string, refusal: Exclude<ArrivalVerdict, { kind: 'allowed' }>): void {
    const log = calls.get(channelId)?.log;
    switch (refusal.reason) {
      case 'blocked':
        log?.info({ bucket: refusal.bucket }, 'caller refused: too many failed codes lately');
        operations.farewell(channelId, tryLaterPrompt, settings.defaultLanguage);
        return;
      case 'anonymous-not-allowed':
        log?.info('caller refused: number withheld');
        operations.farewell(channelId, [prompts.anonymousRefused], settings.defaultLanguage);
        return;
      default:
        assertNever(refusal);
    }
  }

  function feed(channelId: string, event: CodeEntryEvent): void {
    const record = calls.get(channelId);
    if (record?.phase !== 'code-entry') return;
    apply(channelId, codeEntryTransition(rules, record.entry, event));
  }

  function restart(channelId: string): void {
    const record = calls.get(channelId);
    if (record?.phase !== 'code-entry') return;
    record.log.info('asking for the code again after a gap');
    carryOut(channelId, { kind: 'cancelTimer' });
    carryOut(channelId, { kind: 'stopPrompt' });
    apply(channelId, startCodeEntry());
  }

  function apply(channelId: string, step: CodeEntryStep): void {
    const record = calls.get(channelId);
    if (record?.phase !== 'code-entry') return;
    record.entry = step.state;
    for (const effect of step.effects) carryOut(channelId, effect);
  }

  function carryOut(channelId: string, effect: CodeEntryEffect): void {
    const record = calls.get(channelId);
    if (record?.phase !== 'code-entry') return;
    switch (effect.kind) {
      case 'playPrompt': {
        const playbackId = ids.next('pb');
        record.promptPlaybackId = playbackId;
        playbacks.set(playbackId, { channelId, purpose: 'code-prompt' });
        operations.run(channelId, 'play code prompt', () => telephony.play(channelId, effect.media, playbackId, settings.defaultLanguage));
        return;
      }
      case 'stopPrompt': {
        const playbackId = record.promptPlaybackId;
        if (playbackId === null) return;
        record.promptPlaybackId = null;
        playbacks.delete(playbackId);
        operations.run(channelId, 'stop code prompt', () => telephony.stopPlayback(playbackId));
        return;
      }
      case 'startTimer':
        record.timer?.cancel();
        record.timer = clock.after(
          effect.ms,
          guarded(record.log, 'code entry timer', () => feed(channelId, { kind: 'timerFired', timer: effect.timer })),
        );
        return;
      case 'cancelTimer':
        record.timer?.cancel();
        record.timer = null;
        return;
      case 'checkCode': {
        const match = lookUp(channelId, effect.digits);
        if (match === null) return codeNotFound(channelId);
        feed(channelId, { kind: 'codeChecked', accepted: true });
        onAccepted(channelId, match);
        return;
      }
      case 'farewell':
        record.log.info('code entry failed; saying goodbye');
        operations.farewell(channelId, effect.media, settings.defaultLanguage);
        return;
      default:
        assertNever(effect);
    }
  }

  /**
   * Counts the failure across calls. A number that has now failed too often
   * is sent away at once (parallel calls from it included); during a spike
   * the caller waits before hearing "invalid", which slows every guesser down.
   */
  function codeNotFound(channelId: string): void {
    const record = calls.get(channelId);
    if (record?.phase !== 'code-entry') return;
    const verdict = guessing.codeFailed(record.call, clock.now(), record.log);
    if (verdict.caller !== 'may-retry') {
      operations.farewell(channelId, tryLaterPrompt, settings.defaultLanguage);
      return;
    }
    const rejected: CodeEntryEvent = { kind: 'codeChecked', accepted: false };
    if (verdict.delayMs === 0) return feed(channelId, rejected);
    // The machine ignores keys while it waits for the answer, and a hang-up cancels this timer.
    record.timer?.cancel();
    record.timer = clock.after(
      verdict.delayMs,
      guarded(record.log, 'code entry slowdown', () => feed(channelId, rejected)),
    );
  }

  /** A directory fault is logged and treated as an unknown code: the caller may try again. */
  function lookUp(channelId: string, digits: string): CodeMatch | null {
    try {
      return ctx.directory.findByCode(digits, clock.now());
    } catch (error) {
      calls.get(channelId)?.log.error({ err: error }, 'code lookup failed');
      return null;
    }
  }

  return { begin, feed, restart };
}
