import { describe, expect, it } from 'vitest';
import { callTransition, type CallEvent, type CallState } from '../../src/domain/call/call-machine';
import { prompts, tryLaterPrompt } from '../../src/domain/prompts';

const rules = { firstDigitTimeoutMs: 10_000, interDigitTimeoutMs: 5_000, maxCodeTries: 3 };

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
    expect(run([{ kind: 'arrived' }])).toEqual({ state: { phase: 'screening' }, effects: [] });
    expect(run([{ kind: 'arrived' }, { kind: 'screened', admission: { kind: 'allowed' } }])).toEqual({
      state: { phase: 'code-entry', entry: { phase: 'prompting', failures: 0 } },
      effects: [{ kind: 'answer' }, { kind: 'playPrompt', media: [prompts.enterCode] }],
    });
  });

  it('told to wait, rings unanswered and ignores keys until it may type', () => {
    const { state, effects } = run([
      { kind: 'arrived' },
      { kind: 'screened', admission: { kind: 'wait' } },
      { kind: 'codeEntry', event: { kind: 'digit', digit: '1' } },
      { kind: 'screened', admission: { kind: 'allowed' } },
    ]);
    expect(state).toEqual({ phase: 'code-entry', entry: { phase: 'prompting', failures: 0 } });
    expect(effects).toEqual([{ kind: 'ring' }, { kind: 'answer' }, { kind: 'playPrompt', media: [prompts.enterCode] }]);
  });

  it('sent away or hung up before it was answered: answered for the farewell, or simply forgotten', () => {
    const stopped = run([{ kind: 'arrived' }, { kind: 'sendAway', media: tryLaterPrompt, language: null }]);
    expect(stopped).toEqual({
      state: { phase: 'farewell', conferenceId: null },
      effects: [
        { kind: 'answer' },
        { kind: 'startFarewell', media: tryLaterPrompt, language: null, leaveBridge: null, conferenceId: null },
      ],
    });
    expect(run([{ kind: 'arrived' }, { kind: 'gone', reason: 'caller-hung-up', at: 5 }])).toEqual({
      state: null,
      effects: [{ kind: 'forget' }],
    });
  });

  it('refused at arrival, is answered, hears why, and is hung up when that prompt ends', () => {
    const { state, effects } = run([
      { kind: 'arrived' },
      { kind: 'screened', admission: { kind: 'refused', media: tryLaterPrompt } },
      { kind: 'farewellEnded' },
    ]);
    expect(state).toEqual({ phase: 'farewell', conferenceId: null });
    expect(effects).toEqual([
      { kind: 'answer' },
      { kind: 'startFarewell', media: tryLaterPrompt, language: null, leaveBridge: null, conferenceId: null },
      { kind: 'hangUp' },
    ]);
  });

  it('says goodbye after the last failed try, and is then held only as a farewell', () => {
    const typing: CallState = { phase: 'code-entry', entry: { phase: 'checking', failures: 2 } };
    const { state, effects } = run([{ kind: 'codeEntry', event: { kind: 'codeChecked', accepted: false } }], typing);
    expect(state).toEqual({ phase: 'farewell', conferenceId: null });
    expect(effects.at(-1)).toEqual({
      kind: 'startFarewell',
      media: [prompts.goodbye],
      language: null,
      leaveBridge: null,
      conferenceId: null,
    });
  });

  it('sent away from a conference, leaves its bridge first, and the conference hears the farewell is over once it hangs up', () => {
    const typing: CallState = { phase: 'code-entry', entry: { phase: 'checking', failures: 0 } };
    const { state, effects } = run(
      [
        { kind: 'codeAccepted', conferenceId: 'conf-1', legId: 'leg-1' },
        { kind: 'movedToBridge', bridge: 'mixing' },
        { kind: 'sendAway', media: [prompts.meetingEnded], language: 'en' },
        { kind: 'gone', reason: 'caller-hung-up', at: 5 },
      ],
      typing,
    );
    expect(state).toBeNull();
    expect(effects).toEqual([
      { kind: 'startFarewell', media: [prompts.meetingEnded], language: 'en', leaveBridge: 'mixing', conferenceId: 'conf-1' },
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
