import { assertNever } from '../assert-never';
import { prompts } from '../prompts';

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
 */

export interface CodeEntryRules {
  firstDigitTimeoutMs: number;
  interDigitTimeoutMs: number;
  maxCodeTries: number;
}

export type CodeEntryTimer = 'first-digit' | 'inter-digit';

export type CodeEntryState =
  /** The code prompt is playing; a key pressed now stops it (barge-in) and counts. */
  | { phase: 'prompting'; failures: number }
  /** Waiting for (more) digits; exactly one timer is running. */
  | { phase: 'collecting'; failures: number; typed: string; timer: CodeEntryTimer }
  /** The typed code is being looked up; keys pressed now are ignored. */
  | { phase: 'checking'; failures: number }
  /** The code was accepted: from here the caller belongs to a conference. */
  | { phase: 'accepted' }
  /** Too many failed tries: the caller hears goodbye and is hung up. */
  | { phase: 'gave-up' };

export type CodeEntryEvent =
  | { kind: 'digit'; digit: string }
  /** The prompt played to its end (a prompt stopped by barge-in does not count). */
  | { kind: 'promptFinished' }
  | { kind: 'timerFired'; timer: CodeEntryTimer }
  | { kind: 'codeChecked'; accepted: boolean };

export type CodeEntryEffect =
  | { kind: 'playPrompt'; media: readonly string[] }
  | { kind: 'stopPrompt' }
  /** Starts the caller's one timer, replacing any that runs. */
  | { kind: 'startTimer'; timer: CodeEntryTimer; ms: number }
  | { kind: 'cancelTimer' }
  /** Look the digits up; answer with `codeChecked`. The digits are secret: never log them. */
  | { kind: 'checkCode'; digits: string }
  /** Play, then hang up. */
  | { kind: 'farewell'; media: readonly string[] };

export interface CodeEntryStep {
  state: CodeEntryState;
  effects: CodeEntryEffect[];
}

/** The call has been answered: ask for the code. */
export function startCodeEntry(): CodeEntryStep {
  return { state: { phase: 'prompting', failures: 0 }, effects: [{ kind: 'playPrompt', media: [prompts.enterCode] }] };
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
      return collect(rules, state.failures, '', 'first-digit');
    case 'digit': {
      if (!isEntryKey(event.digit)) return unchanged(state);
      // The key counts as if the prompt had already finished.
      const listening: CollectingState = { phase: 'collecting', failures: state.failures, typed: '', timer: 'first-digit' };
      const next = whileCollecting(rules, listening, event);
      return { state: next.state, effects: [{ kind: 'stopPrompt' }, ...next.effects] };
    }
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
      if (event.digit === '#') return submit(rules, state.failures, state.typed);
      if (event.digit === '*') return collect(rules, state.failures, '', 'first-digit');
      if (isDigit(event.digit)) return collect(rules, state.failures, state.typed + event.digit, 'inter-digit');
      return unchanged(state);
    case 'timerFired':
      if (event.timer !== state.timer) return unchanged(state);
      return event.timer === 'first-digit' ? fail(rules, state.failures, [prompts.enterCode]) : submit(rules, state.failures, state.typed);
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
      return event.accepted
        ? { state: { phase: 'accepted' }, effects: [] }
        : fail(rules, state.failures, [prompts.invalidCode, prompts.enterCode]);
    case 'digit':
    case 'promptFinished':
    case 'timerFired':
      return unchanged(state);
    default:
      return assertNever(event);
  }
}

function collect(rules: CodeEntryRules, failures: number, typed: string, timer: CodeEntryTimer): CodeEntryStep {
  const ms = timer === 'first-digit' ? rules.firstDigitTimeoutMs : rules.interDigitTimeoutMs;
  return { state: { phase: 'collecting', failures, typed, timer }, effects: [{ kind: 'startTimer', timer, ms }] };
}

function submit(rules: CodeEntryRules, failures: number, typed: string): CodeEntryStep {
  if (typed === '') return fail(rules, failures, [prompts.invalidCode, prompts.enterCode]);
  return { state: { phase: 'checking', failures }, effects: [{ kind: 'cancelTimer' }, { kind: 'checkCode', digits: typed }] };
}

/** A failed try: prompt again with `retryMedia`, or say goodbye after the last try. */
function fail(rules: CodeEntryRules, failuresBefore: number, retryMedia: readonly string[]): CodeEntryStep {
  const failures = failuresBefore + 1;
  if (failures >= rules.maxCodeTries) {
    return { state: { phase: 'gave-up' }, effects: [{ kind: 'cancelTimer' }, { kind: 'farewell', media: [prompts.goodbye] }] };
  }
  return { state: { phase: 'prompting', failures }, effects: [{ kind: 'cancelTimer' }, { kind: 'playPrompt', media: retryMedia }] };
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
