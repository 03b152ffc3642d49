import { assertNever } from '../../domain/assert-never';
import { callTransition, type CallEffect, type CallEvent, type CallRules, type CallState } from '../../domain/call/call-machine';
import type { BridgeKind, CallerLeftReason } from '../../domain/conference/conference-state';
import type { PromptLanguage } from '../../domain/prompts/languages';
import { renderPrompts, type PromptRequest } from '../../domain/prompts/render';
import type { Logger } from '../../logger';
import type { Clock, Ids, TimerHandle } from '../ports/clock-and-ids';
import { ChannelGoneError, type IncomingCall, type Telephony } from '../ports/telephony';
import { guarded } from './guarded';
import type { MemoWriter } from './memo-writer';
import type { NameRecordings } from './name-recordings';
import { CHANNEL_LANGUAGE, LANGUAGE_VARIABLE } from './resync-memo';
import type { SerialQueues } from './serial-queues';

/** A call the bridge holds, as the rest of the bridge may read it. */
export interface HeldCall {
  readonly call: IncomingCall;
  /** The call's child logger (with `conferenceId` once the code is accepted). */
  readonly log: Logger;
  readonly state: CallState;
}

/** What the rest of the bridge does when the call machine says so. */
export interface CallHooks {
  /** Look the typed digits up (never log them) and answer with `codeAccepted`, or a rejected `codeChecked`. */
  checkCode(channelId: string, digits: string): void;
  /** The channel's bridge of a live conference, to leave it before a farewell. */
  bridgeId(conferenceId: string, kind: BridgeKind): string | undefined;
  /** A caller of the conference started a farewell: its bridges stay until the farewell is over. */
  farewellStarted(conferenceId: string, channelId: string): void;
  farewellOver(conferenceId: string, channelId: string): void;
  leftConference(conferenceId: string, channelId: string, reason: CallerLeftReason, at: number): void;
  /** The caller enters the conference whose code they typed (after saying their name, in a room with names on). */
  enterConference(channelId: string, recordedName: string | null): void;
  /** The bridge holds one call fewer: this one. */
  callEnded(channelId: string): void;
}

/**
 * Runs every call's machine (domain/call/call-machine.ts) and carries its
 * effects out. It is the one owner of the calls the bridge holds and of the
 * playbacks whose end it awaits: the rest of the bridge reads them here and
 * changes them only by feeding events.
 *
 * Telephony work for one call is kept in order per channel (`run`). A call
 * that is already forgotten (hung up) skips its queued work. When a step
 * fails, the call is over for us: a vanished channel is expected and quiet;
 * any other fault is logged and the channel hung up. Either way the call's
 * machine hears `gone`, so one caller's failure never touches another's.
 */
export interface CallDriver {
  /**
   * A call arrived: it is held, unanswered, until it is `screened` (fed as
   * an event), and will hear the access number's language or the one the
   * caller chose before a restart.
   */
  arrive(call: IncomingCall, log: Logger, languages: ArrivalLanguages): void;
  /** A caller of a conference that survived a restart, taken back as it was. */
  takeBack(call: IncomingCall, log: Logger, conferenceId: string, legId: string, bridge: BridgeKind | null): void;
  feed(channelId: string, event: CallEvent): void;
  /** A playback ended: a code prompt lets the first-digit timer start, a farewell hangs up. */
  playbackFinished(playbackId: string): void;
  /** Plays prompts of the conference to the caller in `language`, after the call's earlier telephony work. */
  play(channelId: string, language: PromptLanguage, prompts: readonly PromptRequest[]): void;
  /**
   * Resolves once no prompt we started is playing to the channel (at once if
   * none is), when the call is gone, or after `promptEndTimeoutMs` if the end of
   * a prompt never arrives (an event lost while the connection was down).
   */
  whenQuiet(channelId: string): Promise<void>;
  /** A recording ended: a caller saying their name goes on into the conference. */
  recordingEnded(recording: string, seconds: number | null): void;
  /** Runs `operation` after the call's earlier telephony work; a failure ends the call. */
  run(channelId: string, step: string, operation: () => Promise<void>): void;
  /** Runs `fire` after `ms` as the call's one timer (replacing any), unless the call is gone by then. */
  after(channelId: string, ms: number, what: string, fire: () => void): void;
  get(channelId: string): HeldCall | undefined;
  /** Every call held now, with its state at this instant. */
  all(): HeldCall[];
  /** The calls not past code entry yet (screening or typing), kept as they change so that an arrival need not look at every call. */
  beforeCode(): Iterable<HeldCall>;
  count(): number;
}

/** What decides the language a newly arrived caller hears (see the call machine's `arrived`). */
export interface ArrivalLanguages {
  accessLanguage: PromptLanguage | null;
  chosenLanguage: PromptLanguage | null;
}

interface LiveCall {
  call: IncomingCall;
  log: Logger;
  state: CallState;
  /** The wait before typing, the code-entry timer, the slow-down before "invalid", or the farewell's safety timer: never two at once. */
  timer: TimerHandle | null;
  /** The code prompt playing now, whose end starts the first-digit timer. */
  promptPlaybackId: string | null;
  /** Prompts started on the channel whose end has not arrived yet. */
  playing: number;
  /** Who waits for `playing` to reach 0 (see `whenQuiet`). */
  quietWaiters: Array<() => void>;
}

/** The recorded names a prompt plays. */
function recordedNamesIn(prompts: readonly PromptRequest[]): string[] {
  return prompts.flatMap((prompt) => ('name' in prompt ? [prompt.name] : []));
}

/**
 * A name being recorded whose end never arrives (a lost event) is given up
 * after this: the request, a beep and a few seconds take a fraction of it.
 */
const NAMING_TIMEOUT_MS = 30_000;

/**
 * A playback to a channel, kept until its end: a code prompt (its end starts
 * the first-digit timer), a farewell (its end hangs up), or another prompt
 * (its end only makes the channel quiet again).
 */
interface TrackedPlayback {
  channelId: string;
  purpose: 'code-prompt' | 'farewell' | 'prompt';
}

/**
 * Asterisk holds a channel's variable writes (and most of its commands) until
 * its prompt has ended. The longest prompt is a few seconds; one whose end
 * was lost is taken as over after this.
 */
const PROMPT_END_TIMEOUT_MS = 30_000;

export function createCallDriver(
  deps: {
    telephony: Telephony;
    clock: Clock;
    ids: Ids;
    queues: SerialQueues;
    /** Remembers on the channel what a restart must know: here, the language a caller chose. */
    memos: MemoWriter;
    rules: CallRules;
    /** A farewell whose end never arrives is cut off (hung up) after this long. */
    farewellTimeoutMs: number;
    names: NameRecordings;
  },
  hooks: CallHooks,
): CallDriver {
  const { telephony, clock, ids, queues, rules } = deps;
  const calls = new Map<string, LiveCall>();
  /** The calls of `beforeCode`, kept by `track` whenever a call's state changes, and left when it is forgotten. */
  const beforeCode = new Set<LiveCall>();
  const playbacks = new Map<string, TrackedPlayback>();
  /** The names being recorded, by recording, and whose call they are. */
  const recordings = new Map<string, string>();

  function feed(channelId: string, event: CallEvent): void {
    const live = calls.get(channelId);
    if (live === undefined) return;
    const before = live.state;
    const step = callTransition(rules, before, event);
    if (step.state === null) {
      if (before.phase === 'code-entry' || before.phase === 'screening')
        live.log.info({ reason: event.kind === 'gone' ? event.reason : null }, 'call ended during code entry');
    } else {
      live.state = step.state;
      track(live);
      // The conference is known from here on: the call's log lines name it.
      if (before.phase === 'code-entry' && step.state.phase === 'conference')
        live.log = live.log.child({ conferenceId: step.state.conferenceId });
    }
    carryOut(channelId, live, step.effects);
    if (step.state === null) hooks.callEnded(channelId);
  }

  function begin(call: IncomingCall, log: Logger, event: CallEvent): void {
    const step = callTransition(rules, null, event);
    if (step.state === null) return;
    const live: LiveCall = { call, log, state: step.state, timer: null, promptPlaybackId: null, playing: 0, quietWaiters: [] };
    calls.set(call.channelId, live);
    track(live);
    carryOut(call.channelId, live, step.effects);
  }

  function track(live: LiveCall): void {
    const phase = live.state.phase;
    if (phase === 'screening' || phase === 'code-entry') beforeCode.add(live);
    else beforeCode.delete(live);
  }

  function carryOut(channelId: string, live: LiveCall, effects: readonly CallEffect[]): void {
    for (const effect of effects) carryOutOne(channelId, live, effect);
  }

  function carryOutOne(channelId: string, live: LiveCall, effect: CallEffect): void {
    // Code-entry work is for a caller still typing (an earlier effect of the same step may have moved the call on).
    const typing = calls.get(channelId) === live && live.state.phase === 'code-entry';
    switch (effect.kind) {
      case 'ring':
        if (live.state.phase !== 'screening') return;
        return run(channelId, 'ring', () => telephony.indicateRinging(channelId));
      case 'answer':
        return run(channelId, 'answer', () => telephony.answer(channelId));
      case 'playPrompt': {
        if (!typing) return;
        const playbackId = startPlayback(live, channelId, 'code-prompt');
        live.promptPlaybackId = playbackId;
        const media = renderPrompts(effect.language, effect.prompts);
        return run(channelId, 'play code prompt', () => telephony.play(channelId, media, playbackId, effect.language));
      }
      case 'stopPrompt': {
        const playbackId = live.promptPlaybackId;
        if (!typing || playbackId === null) return;
        live.promptPlaybackId = null;
        // Its end no longer starts the timer; the channel is taken as quiet once the stop has gone out.
        endPlayback(playbackId);
        return run(channelId, 'stop code prompt', () => telephony.stopPlayback(playbackId));
      }
      case 'startTimer':
        if (!typing) return;
        return after(channelId, effect.ms, 'code entry timer', () =>
          feed(channelId, { kind: 'codeEntry', event: { kind: 'timerFired', timer: effect.timer } }),
        );
      case 'cancelTimer':
        live.timer?.cancel();
        live.timer = null;
        return;
      case 'checkCode':
        if (typing) hooks.checkCode(channelId, effect.digits);
        return;
      case 'languageChosen':
        live.log.info({ language: effect.language }, 'caller chose the language of the call');
        // Kvorum's own memo, for a restart; and the channel's language, which Asterisk speaks wherever Kvorum does not say.
        deps.memos.write(channelId, LANGUAGE_VARIABLE, effect.language);
        deps.memos.write(channelId, CHANNEL_LANGUAGE, effect.language);
        return;
      case 'startFarewell':
        return startFarewell(channelId, live, effect);
      case 'recordName':
        return recordName(channelId, live, effect);
      case 'cancelRecording':
        telephony
          .cancelRecording(effect.recording)
          .catch((error: unknown) => live.log.warn({ err: error }, 'cancelling a recording failed'));
        return;
      case 'discardName':
        recordings.delete(effect.recording);
        return deps.names.release(effect.recording);
      case 'enterConference':
        return hooks.enterConference(channelId, effect.recordedName);
      case 'hangUp':
        live.timer?.cancel();
        return run(channelId, 'hang up', async () => {
          await telephony.hangup(channelId);
          feed(channelId, { kind: 'gone', reason: 'caller-hung-up', at: clock.now() });
        });
      case 'forget':
        calls.delete(channelId);
        beforeCode.delete(live);
        live.timer?.cancel();
        for (const [playbackId, playback] of playbacks) {
          if (playback.channelId === channelId) playbacks.delete(playbackId);
        }
        live.playing = 0;
        quiet(live);
        for (const [recording, owner] of recordings) {
          if (owner === channelId) recordings.delete(recording);
        }
        return;
      case 'leftConference':
        return hooks.leftConference(effect.conferenceId, channelId, effect.reason, effect.at);
      case 'farewellOver':
        if (effect.conferenceId !== null) hooks.farewellOver(effect.conferenceId, channelId);
        return;
      default:
        return assertNever(effect);
    }
  }

  function startFarewell(channelId: string, live: LiveCall, effect: Extract<CallEffect, { kind: 'startFarewell' }>): void {
    const bridgeId =
      effect.conferenceId === null || effect.leaveBridge === null ? undefined : hooks.bridgeId(effect.conferenceId, effect.leaveBridge);
    after(channelId, deps.farewellTimeoutMs, 'farewell timer', () => feed(channelId, { kind: 'farewellEnded' }));
    if (effect.conferenceId !== null) hooks.farewellStarted(effect.conferenceId, channelId);
    if (bridgeId !== undefined) run(channelId, 'leave bridge', () => telephony.removeFromBridge(bridgeId, channelId));
    const playbackId = startPlayback(live, channelId, 'farewell');
    const media = renderPrompts(effect.language, effect.prompts);
    run(channelId, 'play farewell', () => telephony.play(channelId, media, playbackId, effect.language));
  }

  function startPlayback(live: LiveCall, channelId: string, purpose: TrackedPlayback['purpose']): string {
    const playbackId = ids.next('pb');
    playbacks.set(playbackId, { channelId, purpose });
    live.playing += 1;
    return playbackId;
  }

  /** Forgets a playback whose end came (or no longer matters); the channel may be quiet now. */
  function endPlayback(playbackId: string): TrackedPlayback | undefined {
    const playback = playbacks.get(playbackId);
    if (playback === undefined) return undefined;
    playbacks.delete(playbackId);
    const live = calls.get(playback.channelId);
    if (live !== undefined) {
      live.playing -= 1;
      if (live.playing === 0) quiet(live);
    }
    return playback;
  }

  function quiet(live: LiveCall): void {
    for (const resume of live.quietWaiters.splice(0)) resume();
  }

  function play(channelId: string, language: PromptLanguage, prompts: readonly PromptRequest[]): void {
    const live = calls.get(channelId);
    if (live === undefined) return;
    const playbackId = startPlayback(live, channelId, 'prompt');
    const media = renderPrompts(language, prompts);
    // A recorded name in it must outlive the playback (see name-recordings).
    deps.names.playing(playbackId, recordedNamesIn(prompts));
    run(channelId, 'play', () => telephony.play(channelId, media, playbackId, language));
  }

  function whenQuiet(channelId: string): Promise<void> {
    const live = calls.get(channelId);
    if (live === undefined || live.playing === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = clock.after(PROMPT_END_TIMEOUT_MS, () => {
        live.quietWaiters = live.quietWaiters.filter((waiter) => waiter !== resume);
        resolve();
      });
      const resume = () => {
        timer.cancel();
        resolve();
      };
      live.quietWaiters.push(resume);
    });
  }

  /**
   * The request, then the recording: Asterisk records only once the prompt
   * has played (both are commands of the channel), after its beep. A
   * recording Asterisk refuses costs the caller only their name.
   */
  function recordName(channelId: string, live: LiveCall, effect: Extract<CallEffect, { kind: 'recordName' }>): void {
    if (calls.get(channelId) !== live || live.state.phase !== 'naming') return;
    recordings.set(effect.recording, channelId);
    deps.names.recordingStarted(effect.recording);
    after(channelId, NAMING_TIMEOUT_MS, 'naming timer', () => feed(channelId, { kind: 'namingTimedOut' }));
    play(channelId, effect.language, effect.prompts);
    run(channelId, 'record name', async () => {
      try {
        await telephony.recordName(channelId, effect.recording, { maxSeconds: effect.maxSeconds });
      } catch (error) {
        if (error instanceof ChannelGoneError) throw error;
        live.log.warn({ err: error }, 'recording the name failed; going on without it');
        recordingEnded(effect.recording, null);
      }
    });
  }

  function recordingEnded(recording: string, seconds: number | null): void {
    deps.names.recordingEnded(recording);
    const channelId = recordings.get(recording);
    if (channelId === undefined) return;
    recordings.delete(recording);
    feed(channelId, { kind: 'nameRecorded', seconds });
  }

  function after(channelId: string, ms: number, what: string, fire: () => void): void {
    const live = calls.get(channelId);
    if (live === undefined) return;
    live.timer?.cancel();
    live.timer = clock.after(ms, guarded(live.log, what, fire));
  }

  function run(channelId: string, step: string, operation: () => Promise<void>): void {
    void queues.run(channelId, async () => {
      if (!calls.has(channelId)) return;
      try {
        await operation();
      } catch (error) {
        failed(channelId, step, error);
      }
    });
  }

  function failed(channelId: string, step: string, error: unknown): void {
    const live = calls.get(channelId);
    if (live === undefined) return;
    if (error instanceof ChannelGoneError) {
      live.log.debug({ step }, 'channel gone');
      feed(channelId, { kind: 'gone', reason: 'caller-hung-up', at: clock.now() });
      return;
    }
    live.log.error({ step, err: error }, 'telephony step failed; hanging up');
    feed(channelId, { kind: 'gone', reason: 'lost', at: clock.now() });
    telephony.hangup(channelId).catch((hangupError: unknown) => {
      if (!(hangupError instanceof ChannelGoneError)) live.log.warn({ err: hangupError }, 'hang-up after failure failed');
    });
  }

  function playbackFinished(playbackId: string): void {
    const playback = endPlayback(playbackId);
    if (playback === undefined) return;
    switch (playback.purpose) {
      case 'code-prompt': {
        const live = calls.get(playback.channelId);
        if (live?.state.phase === 'code-entry' && live.promptPlaybackId === playbackId) {
          live.promptPlaybackId = null;
          feed(playback.channelId, { kind: 'codeEntry', event: { kind: 'promptFinished' } });
        }
        return;
      }
      case 'farewell':
        return feed(playback.channelId, { kind: 'farewellEnded' });
      case 'prompt':
        return;
      default:
        return assertNever(playback.purpose);
    }
  }

  return {
    arrive: (call, log, languages) => begin(call, log, { kind: 'arrived', ...languages }),
    takeBack: (call, log, conferenceId, legId, bridge) => begin(call, log, { kind: 'takenBack', conferenceId, legId, bridge }),
    feed,
    playbackFinished,
    play,
    whenQuiet,
    recordingEnded,
    run,
    after,
    get: (channelId) => calls.get(channelId),
    all: () => [...calls.values()].map(({ call, log, state }) => ({ call, log, state })),
    beforeCode: () => beforeCode,
    count: () => calls.size,
  };
}
