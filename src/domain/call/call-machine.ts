import { assertNever } from '../assert-never';
import {
  codeEntryTransition,
  startCodeEntry,
  type CodeEntryEffect,
  type CodeEntryEvent,
  type CodeEntryRules,
  type CodeEntryState,
  type CodeEntryStep,
  type HeardLanguage,
} from '../code-entry/code-entry';
import type { BridgeKind, CallerLeftReason } from '../conference/conference-state';
import type { PromptLanguage } from '../prompts/languages';
import type { PromptRequest } from '../prompts/render';

/**
 * One call's life at the bridge, from the moment it arrives until it is gone:
 * the caller types a code (the code-entry machine), is in a conference (whose
 * own machine knows the rules there), and may hear a last prompt before being
 * hung up. Pure, like the other machines: the state is a value, events come
 * in, effects go out as data, and the app carries them out in order.
 *
 * `null` is a call the bridge no longer holds (never arrived, or gone).
 */
export type CallState =
  /**
   * Arrived and not answered yet: the guessing guard decides whether the
   * caller may type (during a spike the call rings meanwhile). `hears` is
   * the language a prompt would be in.
   */
  | { phase: 'screening'; hears: HeardLanguage }
  /** The caller is typing a code. */
  | { phase: 'code-entry'; entry: CodeEntryState }
  /**
   * The code was accepted in a room with names on: the caller hears the
   * request, a beep, and says their name into `recording` (ended by `#` or
   * the maximum length) before entering the conference.
   */
  | { phase: 'naming'; conferenceId: string; legId: string; recording: string; language: PromptLanguage }
  /** The code was accepted: the conference's state has the caller; this says which bridge of it the channel is in. */
  | { phase: 'conference'; conferenceId: string; legId: string; bridge: BridgeKind | null }
  /** The caller hears a last prompt and is then hung up; a conference it leaves keeps its bridges until then. */
  | { phase: 'farewell'; conferenceId: string | null };

/** The rules of a call: typing the code, and the language of a caller whose access number is not known. */
export interface CallRules extends CodeEntryRules {
  /** What callers hear before the code when the directory does not know the number they dialled. */
  defaultLanguage: PromptLanguage;
}

/** A name is at most this long ("a few seconds"); `#` ends it sooner. */
export const NAME_MAX_SECONDS = 3;

/** What a room with names on asks of a caller whose code was accepted: a name, in this recording, in their language. */
export interface NameRequest {
  recording: string;
  language: PromptLanguage;
}

/**
 * May a new caller type a code? Refused callers are answered, hear `prompts`
 * and are hung up; `wait`: not yet, the call rings (unanswered) until
 * screened again.
 */
export type CallAdmission = { kind: 'allowed' } | { kind: 'refused'; prompts: readonly PromptRequest[] } | { kind: 'wait' };

export type CallEvent =
  /**
   * A call arrived on an access number whose language is `accessLanguage`
   * (null: a number the directory does not know). `chosenLanguage` is the
   * language the caller chose before a restart of the bridge, if any: it wins.
   * It is screened before anything is sent to it.
   */
  | { kind: 'arrived'; accessLanguage: PromptLanguage | null; chosenLanguage: PromptLanguage | null }
  | { kind: 'screened'; admission: CallAdmission }
  /** An event for the code-entry machine (a key, the prompt's end, a timer, the answer of a code check). */
  | { kind: 'codeEntry'; event: CodeEntryEvent }
  /**
   * The code was found: from here the caller belongs to the conference, on
   * leg `legId`, after saying their name first when `naming` asks for it.
   */
  | { kind: 'codeAccepted'; conferenceId: string; legId: string; naming: NameRequest | null }
  /** The recording of the name ended after `seconds` (whole seconds, as Asterisk counts them); null: it failed. */
  | { kind: 'nameRecorded'; seconds: number | null }
  /** The end of the recording never came (an event lost): the caller goes on without a name. */
  | { kind: 'namingTimedOut' }
  /** A caller of a conference that survived a restart, taken back as it was. */
  | { kind: 'takenBack'; conferenceId: string; legId: string; bridge: BridgeKind | null }
  /** The conference put the channel in one of its bridges. */
  | { kind: 'movedToBridge'; bridge: BridgeKind }
  /** The conference sends its caller away: `prompts` in `language`, then hang up. */
  | { kind: 'sendAway'; prompts: readonly PromptRequest[]; language: PromptLanguage }
  /**
   * The bridge turns away a caller not in a conference yet (screening,
   * typing a code, saying their name: a shutdown, a block): `prompts` in the
   * language the caller hears, then hang up.
   */
  | { kind: 'turnAway'; prompts: readonly PromptRequest[] }
  /** The last prompt ended (or its end never came in time). */
  | { kind: 'farewellEnded' }
  /** Keys and prompt ends were lost in a gap of the event connection: ask for the code again. */
  | { kind: 'restartCodeEntry' }
  /** The caller hung up, or the call was lost to a fault. */
  | { kind: 'gone'; reason: CallerLeftReason; at: number };

export type CallEffect =
  /** Ringing towards the caller, while the call is not answered. */
  | { kind: 'ring' }
  | { kind: 'answer' }
  /** What the code-entry machine asks for, except its farewell, which is the call's. */
  | Exclude<CodeEntryEffect, { kind: 'farewell' }>
  /** Out of the bridge `leaveBridge` (if any), play `prompts`, then hang up; a safety timer cuts it off if its end never comes. */
  | {
      kind: 'startFarewell';
      prompts: readonly PromptRequest[];
      language: PromptLanguage;
      leaveBridge: BridgeKind | null;
      conferenceId: string | null;
    }
  | { kind: 'hangUp' }
  /** Play `prompts`, then record the caller's name into `recording` (beep first, `#` ends it, at most `maxSeconds`). */
  | { kind: 'recordName'; recording: string; prompts: readonly PromptRequest[]; language: PromptLanguage; maxSeconds: number }
  /** Stop a recording whose end never came. */
  | { kind: 'cancelRecording'; recording: string }
  /** The recording of the name is not kept: the caller said none, left, or the recording went wrong. */
  | { kind: 'discardName'; recording: string }
  /** The caller enters the conference, with their recorded name (or none). */
  | { kind: 'enterConference'; conferenceId: string; legId: string; recordedName: string | null }
  /** Drop everything held for the call: its timers and the playbacks whose end was awaited. */
  | { kind: 'forget' }
  /** The caller left its conference: the conference's rules run (a meeting left empty ends, …). */
  | { kind: 'leftConference'; conferenceId: string; reason: CallerLeftReason; at: number }
  /** A farewell is over: the conference it was part of may now let its bridges go. */
  | { kind: 'farewellOver'; conferenceId: string | null };

export interface CallStep {
  state: CallState | null;
  effects: CallEffect[];
}

export function callTransition(rules: CallRules, state: CallState | null, event: CallEvent): CallStep {
  if (state === null) {
    if (event.kind === 'arrived') {
      return { state: { phase: 'screening', hears: arrivalLanguage(rules, event.accessLanguage, event.chosenLanguage) }, effects: [] };
    }
    if (event.kind === 'takenBack')
      return { state: { phase: 'conference', conferenceId: event.conferenceId, legId: event.legId, bridge: event.bridge }, effects: [] };
    return unchanged(state);
  }
  switch (event.kind) {
    case 'arrived':
      return unchanged(state);
    case 'screened':
      return state.phase === 'screening' ? screened(event.admission, state.hears) : unchanged(state);
    case 'codeEntry':
      return state.phase === 'code-entry' ? entering(codeEntryTransition(rules, state.entry, event.event)) : unchanged(state);
    case 'codeAccepted': {
      // Code entry is over; the call goes on in the conference, after the name if the room asks for one. A
      // call carried from another media server passed its code there: it is answered here and goes on alike.
      if (state.phase === 'code-entry') return accepted(event.conferenceId, event.legId, event.naming);
      if (state.phase !== 'screening') return unchanged(state);
      const step = accepted(event.conferenceId, event.legId, event.naming);
      return { state: step.state, effects: [{ kind: 'answer' }, ...step.effects] };
    }
    case 'nameRecorded':
      return state.phase === 'naming' ? named(state, event.seconds) : unchanged(state);
    case 'namingTimedOut':
      return state.phase === 'naming'
        ? enterWith(state, null, [
            { kind: 'cancelRecording', recording: state.recording },
            { kind: 'discardName', recording: state.recording },
          ])
        : unchanged(state);
    case 'takenBack':
      return unchanged(state);
    case 'movedToBridge':
      return state.phase === 'conference' ? { state: { ...state, bridge: event.bridge }, effects: [] } : unchanged(state);
    case 'sendAway':
      // Only a conference sends away; callers not in one are turned away (turnAway) or by their code entry.
      return state.phase === 'conference' ? sendAway(state, event.prompts, event.language) : unchanged(state);
    case 'turnAway':
      return turnAway(rules, state, event.prompts);
    case 'farewellEnded':
      return state.phase === 'farewell' ? { state, effects: [{ kind: 'hangUp' }] } : unchanged(state);
    case 'restartCodeEntry': {
      if (state.phase !== 'code-entry') return unchanged(state);
      const restarted = entering(startCodeEntry(state.entry.hears));
      return { state: restarted.state, effects: [{ kind: 'cancelTimer' }, { kind: 'stopPrompt' }, ...restarted.effects] };
    }
    case 'gone':
      return { state: null, effects: [{ kind: 'forget' }, ...goneFrom(state, event.reason, event.at)] };
    default:
      return assertNever(event);
  }
}

/**
 * Before the code, a caller hears the language of the access number they
 * dialled (the default language for a number the directory does not know),
 * unless they chose one (the choice survives a restart of the bridge).
 */
function arrivalLanguage(rules: CallRules, accessLanguage: PromptLanguage | null, chosenLanguage: PromptLanguage | null): HeardLanguage {
  if (chosenLanguage !== null) return { language: chosenLanguage, chosen: true };
  return { language: accessLanguage ?? rules.defaultLanguage, chosen: false };
}

function screened(admission: CallAdmission, hears: HeardLanguage): CallStep {
  switch (admission.kind) {
    case 'allowed': {
      const first = entering(startCodeEntry(hears));
      return { state: first.state, effects: [{ kind: 'answer' }, ...first.effects] };
    }
    case 'refused':
      return answeredFarewell(admission.prompts, hears.language);
    case 'wait':
      return { state: { phase: 'screening', hears }, effects: [{ kind: 'ring' }] };
    default:
      return assertNever(admission);
  }
}

function accepted(conferenceId: string, legId: string, naming: NameRequest | null): CallStep {
  if (naming === null) return enterWith({ conferenceId, legId }, null, []);
  return {
    state: { phase: 'naming', conferenceId, legId, recording: naming.recording, language: naming.language },
    effects: [
      {
        kind: 'recordName',
        recording: naming.recording,
        prompts: [{ key: 'names.say-name' }],
        language: naming.language,
        maxSeconds: NAME_MAX_SECONDS,
      },
    ],
  };
}

/**
 * The name is kept when something was said: Asterisk counts whole seconds,
 * so `#` at the beep (or a failed recording) leaves none, and the caller is
 * announced by a tone as in a room without names.
 */
function named(state: Extract<CallState, { phase: 'naming' }>, seconds: number | null): CallStep {
  if (seconds !== null && seconds >= 1) return enterWith(state, state.recording, [{ kind: 'cancelTimer' }]);
  return enterWith(state, null, [{ kind: 'cancelTimer' }, { kind: 'discardName', recording: state.recording }]);
}

function enterWith(to: { conferenceId: string; legId: string }, recordedName: string | null, before: CallEffect[]): CallStep {
  return {
    state: { phase: 'conference', conferenceId: to.conferenceId, legId: to.legId, bridge: null },
    effects: [...before, { kind: 'enterConference', conferenceId: to.conferenceId, legId: to.legId, recordedName }],
  };
}

/** A caller never answered hears the last prompt all the same: answer first. */
function answeredFarewell(prompts: readonly PromptRequest[], language: PromptLanguage): CallStep {
  return {
    state: { phase: 'farewell', conferenceId: null },
    effects: [{ kind: 'answer' }, { kind: 'startFarewell', prompts, language, leaveBridge: null, conferenceId: null }],
  };
}

/** A caller not in a conference yet, turned away by the bridge, in the language they hear; a conference sends its own away. */
function turnAway(rules: CallRules, state: CallState, prompts: readonly PromptRequest[]): CallStep {
  switch (state.phase) {
    case 'screening':
      return answeredFarewell(prompts, state.hears.language);
    case 'code-entry':
      return entering(codeEntryTransition(rules, state.entry, { kind: 'turnedAway', prompts }));
    case 'naming':
      return namingAway(state, prompts);
    case 'conference':
    case 'farewell':
      return unchanged(state);
    default:
      return assertNever(state);
  }
}

/** A caller saying their name is not in the conference yet: sent away, the name is not kept. */
function namingAway(state: Extract<CallState, { phase: 'naming' }>, prompts: readonly PromptRequest[]): CallStep {
  return {
    state: { phase: 'farewell', conferenceId: null },
    effects: [
      { kind: 'cancelRecording', recording: state.recording },
      { kind: 'discardName', recording: state.recording },
      { kind: 'startFarewell', prompts, language: state.language, leaveBridge: null, conferenceId: null },
    ],
  };
}

/** A code-entry step as the call's: its farewell (too many tries) sends the call away. */
function entering(step: CodeEntryStep): CallStep {
  let state: CallState = { phase: 'code-entry', entry: step.state };
  const effects: CallEffect[] = [];
  for (const effect of step.effects) {
    if (effect.kind !== 'farewell') {
      effects.push(effect);
      continue;
    }
    const away = sendAway(state, effect.prompts, effect.language);
    if (away.state !== null) state = away.state;
    effects.push(...away.effects);
  }
  return { state, effects };
}

function sendAway(state: CallState, prompts: readonly PromptRequest[], language: PromptLanguage): CallStep {
  switch (state.phase) {
    case 'screening':
      return answeredFarewell(prompts, language);
    case 'code-entry':
      return {
        state: { phase: 'farewell', conferenceId: null },
        effects: [{ kind: 'startFarewell', prompts, language, leaveBridge: null, conferenceId: null }],
      };
    case 'naming':
      return namingAway(state, prompts);
    case 'conference':
      // Out of the bridge first: the caller leaving is no longer heard, and hears no one else's tones.
      return {
        state: { phase: 'farewell', conferenceId: state.conferenceId },
        effects: [{ kind: 'startFarewell', prompts, language, leaveBridge: state.bridge, conferenceId: state.conferenceId }],
      };
    case 'farewell':
      return unchanged(state);
    default:
      return assertNever(state);
  }
}

/**
 * The language a caller chose with the switch key, which the conference
 * keeps to; null when they did not choose. A call carried from another media
 * server arrives with the choice made there (still screening here).
 */
export function chosenLanguageOf(state: CallState): PromptLanguage | null {
  if (state.phase === 'screening') return state.hears.chosen ? state.hears.language : null;
  return state.phase === 'code-entry' && state.entry.hears.chosen ? state.entry.hears.language : null;
}

function goneFrom(state: CallState, reason: CallerLeftReason, at: number): CallEffect[] {
  switch (state.phase) {
    case 'screening':
    case 'code-entry':
      return [];
    case 'naming':
      return [{ kind: 'discardName', recording: state.recording }];
    case 'conference':
      return [{ kind: 'leftConference', conferenceId: state.conferenceId, reason, at }];
    case 'farewell':
      return [{ kind: 'farewellOver', conferenceId: state.conferenceId }];
    default:
      return assertNever(state);
  }
}

function unchanged(state: CallState | null): CallStep {
  return { state, effects: [] };
}
