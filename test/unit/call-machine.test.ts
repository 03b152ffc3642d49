import { describe, expect, it } from 'vitest';
import { callTransition, chosenLanguageOf, type CallEvent, type CallState } from '../../src/domain/call/call-machine';
import type { HeardLanguage } from '../../src/domain/code-entry/code-entry';
import type { PromptRequest } from '../../src/domain/prompts/render';

const rules = { firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 5_000, maxCodeTries: 3, defaultLanguage: 'nb' as const };
const ENGLISH: HeardLanguage = { language: 'en', chosen: false };
const TRY_LATER: PromptRequest[] = [{ key: 'call.try-later' }];
const arrivedOnEnglishLine = { kind: 'arrived', accessLanguage: 'en', chosenLanguage: null } as const;

function run(events: CallEvent[], from: CallState | null = null) {
  let state = from;
  const effects = [];
  for (const event of events) {
    const step = callTransition(rules, state, event);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

describe('a call from arrival to hang-up', () => {
  it('is held unanswered until screened, then answered and asked for the code when the caller may type one', () => {
    expect(run([arrivedOnEnglishLine])).toEqual({ state: { phase: 'screening', hears: ENGLISH }, effects: [] });
    expect(run([arrivedOnEnglishLine, { kind: 'screened', admission: { kind: 'allowed' } }])).toEqual({
      state: { phase: 'code-entry', entry: { phase: 'prompting', failures: 0, hears: ENGLISH } },
      effects: [{ kind: 'answer' }, { kind: 'playPrompt', language: 'en', prompts: [{ key: 'code.enter' }] }],
    });
  });

  it('told to wait, rings unanswered and ignores keys until it may type', () => {
    const { state, effects } = run([
      arrivedOnEnglishLine,
      { kind: 'screened', admission: { kind: 'wait' } },
      { kind: 'codeEntry', event: { kind: 'digit', digit: '1' } },
      { kind: 'screened', admission: { kind: 'allowed' } },
    ]);
    expect(state).toEqual({ phase: 'code-entry', entry: { phase: 'prompting', failures: 0, hears: ENGLISH } });
    expect(effects).toEqual([
      { kind: 'ring' },
      { kind: 'answer' },
      { kind: 'playPrompt', language: 'en', prompts: [{ key: 'code.enter' }] },
    ]);
  });

  it('turned away or hung up before it was answered: answered for the farewell in its language, or simply forgotten', () => {
    const stopped = run([arrivedOnEnglishLine, { kind: 'turnAway', prompts: TRY_LATER }]);
    expect(stopped).toEqual({
      state: { phase: 'farewell', conferenceId: null },
      effects: [{ kind: 'answer' }, { kind: 'startFarewell', prompts: TRY_LATER, language: 'en', leaveBridge: null, conferenceId: null }],
    });
    expect(run([arrivedOnEnglishLine, { kind: 'gone', reason: 'caller-hung-up', at: 5 }])).toEqual({
      state: null,
      effects: [{ kind: 'forget' }],
    });
  });

  it('refused at arrival, is answered, hears why, and is hung up when that prompt ends', () => {
    const { state, effects } = run([
      arrivedOnEnglishLine,
      { kind: 'screened', admission: { kind: 'refused', prompts: TRY_LATER } },
      { kind: 'farewellEnded' },
    ]);
    expect(state).toEqual({ phase: 'farewell', conferenceId: null });
    expect(effects).toEqual([
      { kind: 'answer' },
      { kind: 'startFarewell', prompts: TRY_LATER, language: 'en', leaveBridge: null, conferenceId: null },
      { kind: 'hangUp' },
    ]);
  });

  it('says goodbye after the last failed try, and is then held only as a farewell', () => {
    const typing: CallState = { phase: 'code-entry', entry: { phase: 'checking', failures: 2, hears: ENGLISH } };
    const { state, effects } = run([{ kind: 'codeEntry', event: { kind: 'codeChecked', accepted: false } }], typing);
    expect(state).toEqual({ phase: 'farewell', conferenceId: null });
    expect(effects.at(-1)).toEqual({
      kind: 'startFarewell',
      prompts: [{ key: 'call.goodbye' }],
      language: 'en',
      leaveBridge: null,
      conferenceId: null,
    });
  });

  it('sent away from a conference, leaves its bridge first, and the conference hears the farewell is over once it hangs up', () => {
    const typing: CallState = { phase: 'code-entry', entry: { phase: 'checking', failures: 0, hears: ENGLISH } };
    const { state, effects } = run(
      [
        { kind: 'codeAccepted', conferenceId: 'conf-1', legId: 'leg-1', naming: null },
        { kind: 'movedToBridge', bridge: 'mixing' },
        { kind: 'sendAway', prompts: [{ key: 'meeting.ended' }], language: 'nb' },
        { kind: 'gone', reason: 'caller-hung-up', at: 5 },
      ],
      typing,
    );
    expect(state).toBeNull();
    expect(effects).toEqual([
      { kind: 'enterConference', conferenceId: 'conf-1', legId: 'leg-1', recordedName: null },
      { kind: 'startFarewell', prompts: [{ key: 'meeting.ended' }], language: 'nb', leaveBridge: 'mixing', conferenceId: 'conf-1' },
      { kind: 'forget' },
      { kind: 'farewellOver', conferenceId: 'conf-1' },
    ]);
  });

  it('hanging up in a conference tells the conference when, and why', () => {
    const inConference: CallState = { phase: 'conference', conferenceId: 'conf-1', legId: 'leg-1', bridge: 'holding' };
    expect(run([{ kind: 'gone', reason: 'lost', at: 42 }], inConference).effects).toEqual([
      { kind: 'forget' },
      { kind: 'leftConference', conferenceId: 'conf-1', reason: 'lost', at: 42 },
    ]);
  });

  it('ignores keys once the caller is past code entry', () => {
    const leaving: CallState = { phase: 'farewell', conferenceId: null };
    expect(run([{ kind: 'codeEntry', event: { kind: 'digit', digit: '1' } }], leaving)).toEqual({ state: leaving, effects: [] });
  });
});

describe('saying one’s name after the code (a room with names on)', () => {
  const typing: CallState = { phase: 'code-entry', entry: { phase: 'checking', failures: 0, hears: ENGLISH } };
  const accepted: CallEvent = {
    kind: 'codeAccepted',
    conferenceId: 'conf-1',
    legId: 'leg-1',
    naming: { recording: 'kvorum-names/kvorum/leg-1', language: 'nb' },
  };

  it('asks for the name in the caller’s language and records it, at most a few seconds, before the conference', () => {
    const { state, effects } = run([accepted], typing);
    expect(state).toEqual({
      phase: 'naming',
      conferenceId: 'conf-1',
      legId: 'leg-1',
      recording: 'kvorum-names/kvorum/leg-1',
      language: 'nb',
    });
    expect(effects).toEqual([
      { kind: 'recordName', recording: 'kvorum-names/kvorum/leg-1', prompts: [{ key: 'names.say-name' }], language: 'nb', maxSeconds: 3 },
    ]);
  });

  it('enters the conference with the name once something was said', () => {
    const { state, effects } = run([accepted, { kind: 'nameRecorded', seconds: 2 }], typing);
    expect(state).toEqual({ phase: 'conference', conferenceId: 'conf-1', legId: 'leg-1', bridge: null });
    expect(effects.slice(1)).toEqual([
      { kind: 'cancelTimer' },
      { kind: 'enterConference', conferenceId: 'conf-1', legId: 'leg-1', recordedName: 'kvorum-names/kvorum/leg-1' },
    ]);
  });

  it.each([
    ['# at the beep (no whole second)', 0],
    ['a failed recording', null],
  ])('enters without a name after %s, and the recording is not kept', (_, seconds) => {
    const { effects } = run([accepted, { kind: 'nameRecorded', seconds }], typing);
    expect(effects.slice(1)).toEqual([
      { kind: 'cancelTimer' },
      { kind: 'discardName', recording: 'kvorum-names/kvorum/leg-1' },
      { kind: 'enterConference', conferenceId: 'conf-1', legId: 'leg-1', recordedName: null },
    ]);
  });

  it('goes on without a name when the end of the recording never comes', () => {
    const { state, effects } = run([accepted, { kind: 'namingTimedOut' }, { kind: 'nameRecorded', seconds: 3 }], typing);
    expect(state).toMatchObject({ phase: 'conference' });
    expect(effects.slice(1)).toEqual([
      { kind: 'cancelRecording', recording: 'kvorum-names/kvorum/leg-1' },
      { kind: 'discardName', recording: 'kvorum-names/kvorum/leg-1' },
      { kind: 'enterConference', conferenceId: 'conf-1', legId: 'leg-1', recordedName: null },
    ]);
  });

  it('hanging up meanwhile leaves no recording behind and no conference to tell', () => {
    const { state, effects } = run([accepted, { kind: 'gone', reason: 'caller-hung-up', at: 9 }], typing);
    expect(state).toBeNull();
    expect(effects.slice(1)).toEqual([{ kind: 'forget' }, { kind: 'discardName', recording: 'kvorum-names/kvorum/leg-1' }]);
  });

  it('turned away meanwhile (the bridge stops), hears goodbye in their language and keeps no recording', () => {
    const { state, effects } = run([accepted, { kind: 'turnAway', prompts: [{ key: 'call.goodbye' }] }], typing);
    expect(state).toEqual({ phase: 'farewell', conferenceId: null });
    expect(effects.slice(1)).toEqual([
      { kind: 'cancelRecording', recording: 'kvorum-names/kvorum/leg-1' },
      { kind: 'discardName', recording: 'kvorum-names/kvorum/leg-1' },
      { kind: 'startFarewell', prompts: [{ key: 'call.goodbye' }], language: 'nb', leaveBridge: null, conferenceId: null },
    ]);
  });

  it('ignores keys while the name is recorded (# ends the recording in Asterisk itself)', () => {
    const naming = run([accepted], typing).state;
    expect(run([{ kind: 'codeEntry', event: { kind: 'digit', digit: '#' } }], naming)).toEqual({ state: naming, effects: [] });
  });
});

describe('the language of a call', () => {
  const arrive = (accessLanguage: 'en' | 'nb' | null, chosenLanguage: 'en' | 'nb' | null = null) =>
    run([
      { kind: 'arrived', accessLanguage, chosenLanguage },
      { kind: 'screened', admission: { kind: 'allowed' } },
    ]);

  it('before the code is the access number’s, and the default language for a number the directory does not know', () => {
    expect(arrive('en').effects.at(-1)).toMatchObject({ kind: 'playPrompt', language: 'en' });
    expect(arrive(null).effects.at(-1)).toMatchObject({ kind: 'playPrompt', language: 'nb' });
  });

  it('is the one the caller chose before a restart, which the conference then keeps to', () => {
    const { state, effects } = arrive('nb', 'en');
    expect(effects.at(-1)).toEqual({ kind: 'playPrompt', language: 'en', prompts: [{ key: 'code.enter' }] });
    expect(chosenLanguageOf(state!)).toBe('en');
    expect(chosenLanguageOf(arrive('nb').state!)).toBeNull();
  });

  it('chosen with the switch key, is kept when code entry starts again after a gap', () => {
    const { state } = run([
      { kind: 'arrived', accessLanguage: 'nb', chosenLanguage: null },
      { kind: 'screened', admission: { kind: 'allowed' } },
      { kind: 'codeEntry', event: { kind: 'digit', digit: '*' } },
    ]);
    expect(run([{ kind: 'restartCodeEntry' }], state).effects.at(-1)).toEqual({
      kind: 'playPrompt',
      language: 'en',
      prompts: [{ key: 'code.enter' }],
    });
  });

  it('a caller refused on arrival hears why in the access number’s language', () => {
    const { effects } = run([
      { kind: 'arrived', accessLanguage: 'nb', chosenLanguage: null },
      { kind: 'screened', admission: { kind: 'refused', prompts: TRY_LATER } },
    ]);
    expect(effects.at(-1)).toMatchObject({ kind: 'startFarewell', language: 'nb', prompts: TRY_LATER });
  });

  it('a caller typing a code who is turned away hears it in the language they chose', () => {
    const { state, effects } = run([
      { kind: 'arrived', accessLanguage: 'nb', chosenLanguage: null },
      { kind: 'screened', admission: { kind: 'allowed' } },
      { kind: 'codeEntry', event: { kind: 'digit', digit: '*' } },
      { kind: 'turnAway', prompts: [{ key: 'call.goodbye' }] },
    ]);
    expect(state).toEqual({ phase: 'farewell', conferenceId: null });
    expect(effects.slice(-2)).toEqual([
      { kind: 'cancelTimer' },
      { kind: 'startFarewell', prompts: [{ key: 'call.goodbye' }], language: 'en', leaveBridge: null, conferenceId: null },
    ]);
  });
});
