import { describe, expect, it } from 'vitest';
import {
  codeEntryTransition,
  startCodeEntry,
  type CodeEntryEffect,
  type CodeEntryEvent,
  type CodeEntryState,
  type HeardLanguage,
} from '../../src/domain/code-entry/code-entry';

const rules = { firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 5_000, maxCodeTries: 3 };
const ENGLISH: HeardLanguage = { language: 'en', chosen: false };
const BOKMAL: HeardLanguage = { language: 'nb', chosen: false };

/** Plays events from the start (on an English line unless `hears` says otherwise) and returns the final state and every effect on the way. */
function play(...events: CodeEntryEvent[]): { state: CodeEntryState; effects: CodeEntryEffect[] } {
  return playFrom(ENGLISH, ...events);
}

function playFrom(hears: HeardLanguage, ...events: CodeEntryEvent[]): { state: CodeEntryState; effects: CodeEntryEffect[] } {
  let step = startCodeEntry(hears);
  const effects = [...step.effects];
  for (const event of events) {
    step = codeEntryTransition(rules, step.state, event);
    effects.push(...step.effects);
  }
  return { state: step.state, effects };
}

const keys = (typed: string): CodeEntryEvent[] => [...typed].map((digit) => ({ kind: 'digit', digit }));
const promptEnds: CodeEntryEvent = { kind: 'promptFinished' };
const lookups = (effects: CodeEntryEffect[]) => effects.filter((effect) => effect.kind === 'checkCode');

describe('code entry', () => {
  it('asks for the code when the call is answered', () => {
    expect(startCodeEntry(ENGLISH).effects).toEqual([{ kind: 'playPrompt', language: 'en', prompts: [{ key: 'code.enter' }] }]);
  });

  it('starts the first-digit timer only when the prompt has finished', () => {
    const { effects } = play(promptEnds);
    expect(effects.at(-1)).toEqual({ kind: 'startTimer', timer: 'first-digit', ms: 10_000 });
  });

  it('collects digits until # and looks the code up', () => {
    const { state, effects } = play(promptEnds, ...keys('123456#'));
    expect(state.phase).toBe('checking');
    expect(lookups(effects)).toEqual([{ kind: 'checkCode', digits: '123456' }]);
  });

  it('restarts the inter-digit timer with every digit', () => {
    const { effects } = play(promptEnds, ...keys('12'));
    expect(effects.filter((effect) => effect.kind === 'startTimer').slice(-2)).toEqual([
      { kind: 'startTimer', timer: 'inter-digit', ms: 5_000 },
      { kind: 'startTimer', timer: 'inter-digit', ms: 5_000 },
    ]);
  });

  it('stops the prompt when a key is pressed during it, and keeps the key', () => {
    const { effects } = play(...keys('7'), ...keys('8#'));
    expect(effects[1]).toEqual({ kind: 'stopPrompt' });
    expect(lookups(effects)).toEqual([{ kind: 'checkCode', digits: '78' }]);
  });

  it('ignores the end of a prompt that was interrupted', () => {
    const { state } = play(...keys('7'), promptEnds);
    expect(state).toMatchObject({ phase: 'collecting', typed: '7', timer: 'inter-digit' });
  });

  it('clears what was typed on *', () => {
    const { effects } = play(promptEnds, ...keys('99*123#'));
    expect(lookups(effects)).toEqual([{ kind: 'checkCode', digits: '123' }]);
  });

  it('ignores A to D', () => {
    const { effects } = play(promptEnds, ...keys('1A2B3C4D#'));
    expect(lookups(effects)).toEqual([{ kind: 'checkCode', digits: '1234' }]);
  });

  it('ignores A to D during the prompt without stopping it', () => {
    const { state, effects } = play(...keys('A'));
    expect(state.phase).toBe('prompting');
    expect(effects).not.toContainEqual({ kind: 'stopPrompt' });
  });

  it('submits what was typed when the inter-digit timer fires', () => {
    const { effects } = play(promptEnds, ...keys('4321'), { kind: 'timerFired', timer: 'inter-digit' });
    expect(lookups(effects)).toEqual([{ kind: 'checkCode', digits: '4321' }]);
  });

  it('treats a first-digit timeout as a failed try and asks again', () => {
    const { state, effects } = play(promptEnds, { kind: 'timerFired', timer: 'first-digit' });
    expect(state).toEqual({ phase: 'prompting', failures: 1, hears: ENGLISH });
    expect(effects.at(-1)).toEqual({ kind: 'playPrompt', language: 'en', prompts: [{ key: 'code.enter' }] });
  });

  it('ignores a timer that is no longer the running one', () => {
    const { state } = play(promptEnds, ...keys('1'), { kind: 'timerFired', timer: 'first-digit' });
    expect(state).toMatchObject({ phase: 'collecting', typed: '1', failures: 0 });
  });

  it('answers a rejected code with "invalid" and the prompt again', () => {
    const { state, effects } = play(promptEnds, ...keys('1#'), { kind: 'codeChecked', accepted: false });
    expect(state).toEqual({ phase: 'prompting', failures: 1, hears: ENGLISH });
    expect(effects.at(-1)).toEqual({ kind: 'playPrompt', language: 'en', prompts: [{ key: 'code.invalid' }, { key: 'code.enter' }] });
  });

  it('counts an empty code as a failed try without looking it up', () => {
    const { state, effects } = play(promptEnds, ...keys('#'));
    expect(state).toEqual({ phase: 'prompting', failures: 1, hears: ENGLISH });
    expect(lookups(effects)).toEqual([]);
  });

  it('ignores keys while the code is being checked', () => {
    const { state, effects } = play(promptEnds, ...keys('1#23#'));
    expect(state.phase).toBe('checking');
    expect(lookups(effects)).toHaveLength(1);
  });

  it('says goodbye after the third failure', () => {
    const rejected: CodeEntryEvent = { kind: 'codeChecked', accepted: false };
    const { state, effects } = play(...keys('1#'), rejected, ...keys('2#'), rejected, ...keys('3#'), rejected);
    expect(state.phase).toBe('gave-up');
    expect(effects.at(-1)).toEqual({ kind: 'farewell', language: 'en', prompts: [{ key: 'call.goodbye' }] });
  });

  it('is done once the code is accepted, and ignores anything after', () => {
    const { state, effects } = play(...keys('1#'), { kind: 'codeChecked', accepted: true }, ...keys('##'));
    expect(state.phase).toBe('accepted');
    expect(effects.filter((effect) => effect.kind === 'playPrompt')).toHaveLength(1);
  });
});

describe('the language of code entry, and the switch key', () => {
  const ENGLISH_CHOSEN: HeardLanguage = { language: 'en', chosen: true };

  it('asks in the access number’s language; a prompt in any language but English offers the switch to English', () => {
    expect(startCodeEntry(BOKMAL).effects).toEqual([
      { kind: 'playPrompt', language: 'nb', prompts: [{ key: 'code.enter' }, { key: 'code.english-offer' }] },
    ]);
    expect(startCodeEntry(ENGLISH).effects).toEqual([{ kind: 'playPrompt', language: 'en', prompts: [{ key: 'code.enter' }] }]);
  });

  it('* during the Norwegian prompt stops it, makes the call English and asks again in English, without the offer', () => {
    const { state, effects } = playFrom(BOKMAL, ...keys('*'));
    expect(state).toEqual({ phase: 'prompting', failures: 0, hears: ENGLISH_CHOSEN });
    expect(effects.slice(1)).toEqual([
      { kind: 'stopPrompt' },
      { kind: 'cancelTimer' },
      { kind: 'languageChosen', language: 'en' },
      { kind: 'playPrompt', language: 'en', prompts: [{ key: 'code.enter' }] },
    ]);
  });

  it('* with nothing typed after the prompt switches too, and is not a failed try', () => {
    const { state, effects } = playFrom(BOKMAL, promptEnds, ...keys('*'));
    expect(state).toEqual({ phase: 'prompting', failures: 0, hears: ENGLISH_CHOSEN });
    expect(effects).toContainEqual({ kind: 'languageChosen', language: 'en' });
  });

  it('* after digits still only clears them: a code can never switch the language', () => {
    const { state, effects } = playFrom(BOKMAL, promptEnds, ...keys('99*123#'));
    expect(state).toMatchObject({ phase: 'checking', hears: BOKMAL });
    expect(lookups(effects)).toEqual([{ kind: 'checkCode', digits: '123' }]);
    expect(effects).not.toContainEqual({ kind: 'languageChosen', language: 'en' });
  });

  it('once English was chosen, * clears as before, and every prompt after it stays English', () => {
    const { state, effects } = playFrom(BOKMAL, ...keys('*'), promptEnds, ...keys('*1#'), { kind: 'codeChecked', accepted: false });
    expect(effects.filter((effect) => effect.kind === 'languageChosen')).toHaveLength(1);
    expect(state).toEqual({ phase: 'prompting', failures: 1, hears: ENGLISH_CHOSEN });
    expect(effects.at(-1)).toEqual({ kind: 'playPrompt', language: 'en', prompts: [{ key: 'code.invalid' }, { key: 'code.enter' }] });
  });

  it('on an English line, * with nothing typed keeps English for the call and goes on as before, without a new prompt', () => {
    const { state, effects } = play(promptEnds, ...keys('*'));
    expect(state).toMatchObject({ phase: 'collecting', typed: '', timer: 'first-digit', hears: ENGLISH_CHOSEN });
    expect(effects.slice(-2)).toEqual([
      { kind: 'languageChosen', language: 'en' },
      { kind: 'startTimer', timer: 'first-digit', ms: 10_000 },
    ]);
  });

  it('a Norwegian caller who does not switch hears "invalid" and the prompt again in Norwegian, goodbye too', () => {
    const rejected: CodeEntryEvent = { kind: 'codeChecked', accepted: false };
    const again = playFrom(BOKMAL, ...keys('1#'), rejected);
    expect(again.effects.at(-1)).toEqual({
      kind: 'playPrompt',
      language: 'nb',
      prompts: [{ key: 'code.invalid' }, { key: 'code.enter' }, { key: 'code.english-offer' }],
    });
    const { effects } = playFrom(BOKMAL, ...keys('1#'), rejected, ...keys('2#'), rejected, ...keys('3#'), rejected);
    expect(effects.at(-1)).toEqual({ kind: 'farewell', language: 'nb', prompts: [{ key: 'call.goodbye' }] });
  });

  it('a caller turned away hears why in the language of the call', () => {
    const { state, effects } = playFrom(BOKMAL, ...keys('*'), ...keys('1#'), { kind: 'turnedAway', prompts: [{ key: 'call.try-later' }] });
    expect(state).toEqual({ phase: 'gave-up', hears: ENGLISH_CHOSEN });
    expect(effects.slice(-2)).toEqual([
      { kind: 'cancelTimer' },
      { kind: 'farewell', language: 'en', prompts: [{ key: 'call.try-later' }] },
    ]);
  });
});
