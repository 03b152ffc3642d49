import { assertNever } from '../assert-never';
import type { PromptLanguage } from '../prompts/languages';
import type { PromptRequest } from '../prompts/render';

/**
 * One caller typing a conference code, from the moment the call is answered
 * until the code is accepted or the caller is sent away.
 *
 * Timeouts, as decided for Kvorum:
 * - the first-digit timer starts when the prompt has finished (or when `*`
 *   cleared the entry); when it fires, that counts as a failed try and the
 *   caller hears the prompt again;
 * - the inter-digit timer restarts with every digit; when it fires, what was
 *   typed is submitted as if `#` had been pressed.
 * An empty submission (`#` alone) is a failed try. After `maxCodeTries`
 * failures the caller hears goodbye and is hung up.
 *
 * The language: the caller hears the access number's language until they
 * press the switch key, `*` while nothing is typed, which makes the whole
 * call English (see `SWITCH_KEY`). A code prompt in any other language
 * offers it.
 */

export interface CodeEntryRules {
  firstDigitTimeoutMs: number;
  interDigitTimeoutMs: number;
  maxCodeTries: number;
}

/**
 * `*` while nothing is typed switches the call to English. Codes are digits
 * only, and `*` already means "clear what I typed", so with nothing typed it
 * had no effect: giving it this meaning changes no code anyone can type, and
 * it is the key a caller already reaches for to start over.
 */
export const SWITCH_KEY = '*';
export const SWITCH_LANGUAGE: PromptLanguage = 'en';

/** The language a caller hears, and whether the caller chose it with the switch key (it then holds for the whole call). */
export interface HeardLanguage {
  readonly language: PromptLanguage;
  readonly chosen: boolean;
}

export type CodeEntryTimer = 'first-digit' | 'inter-digit';

export type CodeEntryState =
  /** The code prompt is playing; a key pressed now stops it (barge-in) and counts. */
  | { phase: 'prompting'; failures: number; hears: HeardLanguage }
  /** Waiting for (more) digits; exactly one timer is running. */
  | { phase: 'collecting'; failures: number; hears: HeardLanguage; typed: string; timer: CodeEntryTimer }
  /** The typed code is being looked up; keys pressed now are ignored. */
  | { phase: 'checking'; failures: number; hears: HeardLanguage }
  /** The code was accepted: from here the caller belongs to a conference. */
  | { phase: 'accepted'; hears: HeardLanguage }
  /** Too many failed tries, or turned away: the caller hears why (or goodbye) and is hung up. */
  | { phase: 'gave-up'; hears: HeardLanguage };

export type CodeEntryEvent =
  | { kind: 'digit'; digit: string }
  /** The prompt played to its end (a prompt stopped by barge-in does not count). */
  | { kind: 'promptFinished' }
  | { kind: 'timerFired'; timer: CodeEntryTimer }
  | { kind: 'codeChecked'; accepted: boolean }
  /** The bridge will not take the caller (a number refused for guessing, a shutdown): `prompts`, then hang up. */
  | { kind: 'turnedAway'; prompts: readonly PromptRequest[] };

export type CodeEntryEffect =
  | { kind: 'playPrompt'; language: PromptLanguage; prompts: readonly PromptRequest[] }
  | { kind: 'stopPrompt' }
  /** Starts the caller's one timer, replacing any that runs. */
  | { kind: 'startTimer'; timer: CodeEntryTimer; ms: number }
  | { kind: 'cancelTimer' }
  /** Look the digits up; answer with `codeChecked`. The digits are secret: never log them. */
  | { kind: 'checkCode'; digits: string }
  /** The caller chose the language of the rest of the call: remember it on the channel (a restart keeps it). */
  | { kind: 'languageChosen'; language: PromptLanguage }
  /** Play, then hang up. */
  | { kind: 'farewell'; language: PromptLanguage; prompts: readonly PromptRequest[] };

export interface CodeEntryStep {
  state: CodeEntryState;
  effects: CodeEntryEffect[];
}

/** The call has been answered: ask for the code, in the language the caller hears. */
export function startCodeEntry(hears: HeardLanguage): CodeEntryStep {
  return { state: { phase: 'prompting', failures: 0, hears }, effects: [playCodePrompt(hears, [])] };
}

export function codeEntryTransition(rules: CodeEntryRules, state: CodeEntryState, event: CodeEntryEvent): CodeEntryStep {
  switch (state.phase) {
    case 'prompting':
      return whilePrompting(rules, state, event);
    case 'collecting':
      return whileCollecting(rules, state, event);
    case 'checking':
      return whileChecking(rules, state, event);
    case 'accepted':
    case 'gave-up':
      return unchanged(state);
    default:
      return assertNever(state);
  }
}

function whilePrompting(
  rules: CodeEntryRules,
  state: Extract<CodeEntryState, { phase: 'prompting' }>,
  event: CodeEntryEvent,
): CodeEntryStep {
  switch (event.kind) {
    case 'promptFinished':
      return collect(rules, state, '', 'first-digit');
    case 'digit': {
      if (!isEntryKey(event.digit)) return unchanged(state);
      // The key counts as if the prompt had already finished.
      const listening: CollectingState = { ...state, phase: 'collecting', typed: '', timer: 'first-digit' };
      const next = whileCollecting(rules, listening, event);
      return { state: next.state, effects: [{ kind: 'stopPrompt' }, ...next.effects] };
    }
    case 'turnedAway':
      return giveUp(state.hears, event.prompts);
    case 'timerFired':
    case 'codeChecked':
      return unchanged(state);
    default:
      return assertNever(event);
  }
}

type CollectingState = Extract<CodeEntryState, { phase: 'collecting' }>;

function whileCollecting(rules: CodeEntryRules, state: CollectingState, event: CodeEntryEvent): CodeEntryStep {
  switch (event.kind) {
    case 'digit':
      if (event.digit === '#') return submit(rules, state, state.typed);
      if (event.digit === SWITCH_KEY && state.typed === '') return switchLanguage(rules, state);
      if (event.digit === '*') return collect(rules, state, '', 'first-digit');
      if (isDigit(event.digit)) return collect(rules, state, state.typed + event.digit, 'inter-digit');
      return unchanged(state);
    case 'timerFired':
      if (event.timer !== state.timer) return unchanged(state);
      return event.timer === 'first-digit' ? fail(rules, state, []) : submit(rules, state, state.typed);
    case 'turnedAway':
      return giveUp(state.hears, event.prompts);
    case 'promptFinished':
    case 'codeChecked':
      return unchanged(state);
    default:
      return assertNever(event);
  }
}

function whileChecking(rules: CodeEntryRules, state: Extract<CodeEntryState, { phase: 'checking' }>, event: CodeEntryEvent): CodeEntryStep {
  switch (event.kind) {
    case 'codeChecked':
      return event.accepted ? { state: { phase: 'accepted', hears: state.hears }, effects: [] } : fail(rules, state, [INVALID]);
    case 'turnedAway':
      return giveUp(state.hears, event.prompts);
    case 'digit':
    case 'promptFinished':
    case 'timerFired':
      return unchanged(state);
    default:
      return assertNever(event);
  }
}

const INVALID: PromptRequest = { key: 'code.invalid' };

type TypingState = Extract<CodeEntryState, { failures: number }>;

function collect(rules: CodeEntryRules, state: TypingState, typed: string, timer: CodeEntryTimer): CodeEntryStep {
  const ms = timer === 'first-digit' ? rules.firstDigitTimeoutMs : rules.interDigitTimeoutMs;
  return {
    state: { phase: 'collecting', failures: state.failures, hears: state.hears, typed, timer },
    effects: [{ kind: 'startTimer', timer, ms }],
  };
}

/**
 * The switch key: the rest of the call is in English. A caller who hears
 * another language is asked for the code again, in English; one who already
 * hears English goes on as after `*` (the choice is kept all the same: the
 * conference's language will not replace it).
 */
function switchLanguage(rules: CodeEntryRules, state: CollectingState): CodeEntryStep {
  if (state.hears.chosen) return collect(rules, state, '', 'first-digit');
  const hears: HeardLanguage = { language: SWITCH_LANGUAGE, chosen: true };
  const chosen: CodeEntryEffect = { kind: 'languageChosen', language: SWITCH_LANGUAGE };
  if (state.hears.language === SWITCH_LANGUAGE) {
    const step = collect(rules, { ...state, hears }, '', 'first-digit');
    return { state: step.state, effects: [chosen, ...step.effects] };
  }
  return {
    state: { phase: 'prompting', failures: state.failures, hears },
    effects: [{ kind: 'cancelTimer' }, chosen, playCodePrompt(hears, [])],
  };
}

function submit(rules: CodeEntryRules, state: TypingState, typed: string): CodeEntryStep {
  if (typed === '') return fail(rules, state, [INVALID]);
  return {
    state: { phase: 'checking', failures: state.failures, hears: state.hears },
    effects: [{ kind: 'cancelTimer' }, { kind: 'checkCode', digits: typed }],
  };
}

/** A failed try: `before` and the code prompt again, or goodbye after the last try. */
function fail(rules: CodeEntryRules, state: TypingState, before: readonly PromptRequest[]): CodeEntryStep {
  const failures = state.failures + 1;
  if (failures >= rules.maxCodeTries) return giveUp(state.hears, [{ key: 'call.goodbye' }]);
  return {
    state: { phase: 'prompting', failures, hears: state.hears },
    effects: [{ kind: 'cancelTimer' }, playCodePrompt(state.hears, before)],
  };
}

function giveUp(hears: HeardLanguage, prompts: readonly PromptRequest[]): CodeEntryStep {
  return {
    state: { phase: 'gave-up', hears },
    effects: [{ kind: 'cancelTimer' }, { kind: 'farewell', language: hears.language, prompts }],
  };
}

/** The code prompt, after `before`; in any language but English it offers the switch key. */
function playCodePrompt(hears: HeardLanguage, before: readonly PromptRequest[]): CodeEntryEffect {
  const offer: PromptRequest[] = hears.language === SWITCH_LANGUAGE ? [] : [{ key: 'code.english-offer' }];
  return { kind: 'playPrompt', language: hears.language, prompts: [...before, { key: 'code.enter' }, ...offer] };
}

function unchanged(state: CodeEntryState): CodeEntryStep {
  return { state, effects: [] };
}

function isDigit(key: string): boolean {
  return key.length === 1 && key >= '0' && key <= '9';
}

/** Keys that mean something during code entry; A–D and anything else are ignored. */
function isEntryKey(key: string): boolean {
  return isDigit(key) || key === '*' || key === '#';
}
