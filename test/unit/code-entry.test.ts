import { describe, expect, it } from 'vitest';
import {
  codeEntryTransition,
  startCodeEntry,
  type CodeEntryEffect,
  type CodeEntryEvent,
  type CodeEntryState,
} from '../../src/domain/code-entry/code-entry';

const rules = { firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 5_000, maxCodeTries: 3 };

/** Plays events from the start and returns the final state and every effect on the way. */
function play(...events: CodeEntryEvent[]): { state: CodeEntryState; effects: CodeEntryEffect[] } {
  let step = startCodeEntry();
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
    expect(startCodeEntry().effects).toEqual([{ kind: 'playPrompt', media: ['sound:conf-getpin'] }]);
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
    expect(state).toEqual({ phase: 'prompting', failures: 1 });
    expect(effects.at(-1)).toEqual({ kind: 'playPrompt', media: ['sound:conf-getpin'] });
  });

  it('ignores a timer that is no longer the running one', () => {
    const { state } = play(promptEnds, ...keys('1'), { kind: 'timerFired', timer: 'first-digit' });
    expect(state).toMatchObject({ phase: 'collecting', typed: '1', failures: 0 });
  });

  it('answers a rejected code with "invalid" and the prompt again', () => {
    const { state, effects } = play(promptEnds, ...keys('1#'), { kind: 'codeChecked', accepted: false });
    expect(state).toEqual({ phase: 'prompting', failures: 1 });
    expect(effects.at(-1)).toEqual({ kind: 'playPrompt', media: ['sound:conf-invalidpin', 'sound:conf-getpin'] });
  });

  it('counts an empty code as a failed try without looking it up', () => {
    const { state, effects } = play(promptEnds, ...keys('#'));
    expect(state).toEqual({ phase: 'prompting', failures: 1 });
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
    expect(effects.at(-1)).toEqual({ kind: 'farewell', media: ['sound:goodbye'] });
  });

  it('is done once the code is accepted, and ignores anything after', () => {
    const { state, effects } = play(...keys('1#'), { kind: 'codeChecked', accepted: true }, ...keys('##'));
    expect(state.phase).toBe('accepted');
    expect(effects.filter((effect) => effect.kind === 'playPrompt')).toHaveLength(1);
  });
});
