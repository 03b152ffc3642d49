import type { CodeEntryEvent } from '../../domain/code-entry/code-entry';
import { assertNever } from '../../domain/assert-never';
import { bucketKey, callerBucket, type CodeEntryLoad, type Refusal } from '../../domain/guessing/guessing-rules';
import type { GuessingLimits } from '../../domain/guessing/guessing-limits';
import type { PromptLanguage } from '../../domain/prompts/languages';
import type { PromptRequest } from '../../domain/prompts/render';
import type { Logger } from '../../logger';
import type { AccessNumberLanguages } from '../ports/access-numbers';
import type { Clock } from '../ports/clock-and-ids';
import type { CodeMatch, ConferenceDirectory } from '../ports/conference-directory';
import type { GuessingStore } from '../ports/guessing-store';
import type { BridgeMetrics, CallRefusalReason } from '../ports/metrics';
import type { IncomingCall } from '../ports/telephony';
import type { CallDriver, HeldCall } from './call-driver';
import { bucketFields, createGuessingGuard } from './guessing-guard';

/**
 * Lets new callers type a code and checks what they typed: the typed digits
 * only ever travel from the call's machine to the directory, and are never
 * logged. Across calls, the guessing guard caps the calls in code entry at
 * once, refuses numbers that failed too often (at arrival and again before
 * every lookup), and during a spike of failures makes new calls ring before
 * they may type and wrong codes wait before "invalid". The caller hears the
 * language of the access number dialled.
 */
export interface CodeEntryDriver {
  /**
   * A call arrived: it is screened, then the caller is asked for the code or
   * refused with one clear prompt. `chosenLanguage`: what the caller chose
   * before a restart.
   */
  begin(call: IncomingCall, chosenLanguage?: PromptLanguage | null): void;
  /** A call arrived while the bridge stops: it is answered, told to try later (as the dialplan says when Kvorum is down) and hung up. */
  refuse(call: IncomingCall): void;
  /** The call's machine asks for the digits to be checked. */
  checkCode(channelId: string, digits: string): void;
}

/** "All circuits are busy now. Please try your call again later.": it tells a guesser nothing. */
export const TRY_LATER: readonly PromptRequest[] = [{ key: 'call.try-later' }];

export function createCodeEntryDriver(
  deps: {
    calls: CallDriver;
    directory: ConferenceDirectory;
    accessNumbers: AccessNumberLanguages;
    clock: Clock;
    guessing: GuessingLimits;
    guessingStore: GuessingStore;
    metrics: BridgeMetrics;
    logger: Logger;
  },
  onAccepted: (channelId: string, match: CodeMatch) => void,
): CodeEntryDriver {
  const { calls, clock, metrics, logger } = deps;
  const guessing = createGuessingGuard({ limits: deps.guessing, store: deps.guessingStore, metrics, logger });

  function begin(call: IncomingCall, chosenLanguage: PromptLanguage | null = null): void {
    const log = logger.child({ channelId: call.channelId });
    log.info({ dialledNumber: call.dialledNumber }, 'call arrived');
    const load = codeEntryLoad(call);
    calls.arrive(call, log, { accessLanguage: languageOf(call.dialledNumber, log), chosenLanguage });
    const refusal = guessing.checkLoad(call, load);
    if (refusal !== null) return refuseForGuessing(call, refusal, log);
    screen(call, log).catch((error: unknown) => log.error({ err: error }, 'screening the call failed'));
  }

  function refuse(call: IncomingCall): void {
    const log = logger.child({ channelId: call.channelId });
    log.info('call refused: shutting down');
    metrics.callRefused('shutting-down');
    calls.arrive(call, log, { accessLanguage: languageOf(call.dialledNumber, log), chosenLanguage: null });
    calls.feed(call.channelId, { kind: 'screened', admission: { kind: 'refused', prompts: TRY_LATER } });
  }

  /** A directory fault is logged and taken as a number it does not know: the caller hears the default language. */
  function languageOf(dialledNumber: string, log: Logger): PromptLanguage | null {
    try {
      return deps.accessNumbers.languageOf(dialledNumber);
    } catch (error) {
      log.error({ err: error }, 'access number lookup failed');
      return null;
    }
  }

  /** Calls from the same caller (as normalised) and on the same access number that have not got past code entry. */
  function codeEntryLoad(call: IncomingCall): CodeEntryLoad {
    const bucket = bucketKey(callerBucket(call.callerNumber));
    const load: CodeEntryLoad = { fromCaller: 0, onAccessNumber: 0 };
    for (const held of calls.beforeCode()) {
      if (held.call.dialledNumber === call.dialledNumber) load.onAccessNumber += 1;
      if (bucketKey(callerBucket(held.call.callerNumber)) === bucket) load.fromCaller += 1;
    }
    return load;
  }

  async function screen(call: IncomingCall, log: Logger): Promise<void> {
    const verdict = await guessing.screen(call, log);
    const channelId = call.channelId;
    // Hung up meanwhile, or sent away by a stop.
    if (calls.get(channelId)?.state.phase !== 'screening') return;
    switch (verdict.kind) {
      case 'allowed':
        if (verdict.waitMs === 0) return calls.feed(channelId, { kind: 'screened', admission: { kind: 'allowed' } });
        log.info({ waitMs: verdict.waitMs }, 'code guessing spike: the call rings before code entry');
        metrics.spikeWait();
        calls.feed(channelId, { kind: 'screened', admission: { kind: 'wait' } });
        // A hang-up cancels this timer: calling again only starts a new wait.
        return calls.after(channelId, verdict.waitMs, 'spike wait', () =>
          calls.feed(channelId, { kind: 'screened', admission: { kind: 'allowed' } }),
        );
      case 'refused':
        return refuseForGuessing(call, verdict, log);
      default:
        return assertNever(verdict);
    }
  }

  /** The caller hears why, briefly, and goodbye. */
  function refuseForGuessing(call: IncomingCall, refusal: Refusal, log: Logger): void {
    const sendAway = (reason: CallRefusalReason, prompts: readonly PromptRequest[]) => {
      metrics.callRefused(reason);
      calls.feed(call.channelId, { kind: 'screened', admission: { kind: 'refused', prompts } });
    };
    switch (refusal.reason) {
      case 'blocked':
        log.info({ bucket: refusal.bucket }, 'caller refused: too many failed codes lately');
        return sendAway('blocked', TRY_LATER);
      case 'anonymous-not-allowed':
        log.info('caller refused: number withheld');
        return sendAway('anonymous-not-allowed', [{ key: 'call.anonymous-refused' }]);
      case 'too-many-calls':
        log.warn(
          {
            ...bucketFields(callerBucket(call.callerNumber)),
            accessNumber: call.dialledNumber,
            scope: refusal.scope,
            limit: refusal.limit,
          },
          'caller refused: too many calls in code entry at once',
        );
        return sendAway(refusal.scope === 'caller' ? 'too-many-calls-from-caller' : 'too-many-calls-on-access-number', TRY_LATER);
      default:
        return assertNever(refusal);
    }
  }

  function checkCode(channelId: string, digits: string): void {
    const held = calls.get(channelId);
    if (held === undefined) return;
    check(channelId, held, digits).catch((error: unknown) => held.log.error({ err: error }, 'checking a code failed'));
  }

  /** The block comes first: a number blocked since this call arrived gets no lookup, not even of a right code. */
  async function check(channelId: string, held: HeldCall, digits: string): Promise<void> {
    const mayLookUp = await guessing.maySubmit(held.call, clock.now(), held.log);
    if (!stillChecking(channelId)) return;
    if (!mayLookUp) {
      held.log.info('caller refused: blocked during code entry');
      metrics.callRefused('blocked');
      return calls.feed(channelId, { kind: 'turnAway', prompts: TRY_LATER });
    }
    const match = await lookUp(held, digits);
    if (match === null) return codeNotFound(channelId, held);
    if (!stillChecking(channelId)) return;
    onAccepted(channelId, match);
  }

  /** Still waiting for the answer: not hung up, not sent away, not asked again after a gap. */
  function stillChecking(channelId: string): boolean {
    const state = calls.get(channelId)?.state;
    return state?.phase === 'code-entry' && state.entry.phase === 'checking';
  }

  /**
   * Counts the failure across calls (a caller who hung up meanwhile has still
   * guessed). A number that has now failed too often is sent away; during a
   * spike the caller waits before hearing "invalid".
   */
  async function codeNotFound(channelId: string, held: HeldCall): Promise<void> {
    const verdict = await guessing.codeFailed(held.call, clock.now(), held.log);
    metrics.codeFailed(verdict.caller !== 'may-retry' ? 'sent-away' : verdict.delayMs > 0 ? 'retry-slowed' : 'retry');
    if (!stillChecking(channelId)) return;
    if (verdict.caller !== 'may-retry') return calls.feed(channelId, { kind: 'turnAway', prompts: TRY_LATER });
    const rejected: CodeEntryEvent = { kind: 'codeChecked', accepted: false };
    if (verdict.delayMs === 0) return calls.feed(channelId, { kind: 'codeEntry', event: rejected });
    // The machine ignores keys while it waits for the answer, and a hang-up cancels this timer.
    calls.after(channelId, verdict.delayMs, 'code entry slowdown', () => calls.feed(channelId, { kind: 'codeEntry', event: rejected }));
  }

  /** A directory fault is logged and treated as an unknown code: the caller may try again. */
  async function lookUp(held: HeldCall, digits: string): Promise<CodeMatch | null> {
    try {
      return await deps.directory.findByCode(digits, clock.now());
    } catch (error) {
      held.log.error({ err: error }, 'code lookup failed');
      return null;
    }
  }

  return { begin, refuse, checkCode };
}
