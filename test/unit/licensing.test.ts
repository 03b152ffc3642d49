import { describe, expect, it } from 'vitest';
import { conferenceTransition } from '../../src/domain/conference/conference-machine';
import { createConference, type ConferenceState } from '../../src/domain/conference/conference-state';
import { licenceFee } from '../../src/domain/licensing/licence-fee';
import { meetingLimits } from '../../src/domain/licensing/licence-plans';
import { assignmentRefusal } from '../../src/domain/licensing/licence-rules';
import { conferenceRules, conferenceSettings } from '../support/conference-settings';

const date = (text: string) => {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

describe('licence fees, prorated by day', () => {
  it('a day costs the yearly price over the days of its year, rounded once', () => {
    expect(
      licenceFee({ startsOn: date('2026-11-01'), endsOn: null, priceOrePerYear: 186_000 }, date('2026-11-01'), date('2026-11-30')),
    ).toMatchObject({ days: 30, amountOre: 15_288 });
    // A leap year has 366 days: a year still adds up to the price.
    expect(
      licenceFee({ startsOn: date('2028-01-01'), endsOn: null, priceOrePerYear: 186_000 }, date('2028-01-01'), date('2028-12-31')),
    ).toMatchObject({ days: 366, amountOre: 186_000 });
    expect(
      licenceFee({ startsOn: date('2026-12-01'), endsOn: null, priceOrePerYear: 186_000 }, date('2026-11-01'), date('2026-11-30')),
    ).toMatchObject({ days: 0, amountOre: 0 });
  });
});

describe('a licence is personal', () => {
  it('refuses a shared mailbox and a second licence on the same days', () => {
    const wanted = { startsOn: date('2026-01-01'), endsOn: null };
    expect(assignmentRefusal({ sharedMailbox: true }, [], wanted)?.field).toBe('userId');
    expect(assignmentRefusal({ sharedMailbox: false }, [{ startsOn: date('2025-06-01'), endsOn: null }], wanted)?.field).toBe('startsOn');
    expect(assignmentRefusal({ sharedMailbox: false }, [{ startsOn: date('2025-06-01'), endsOn: date('2025-12-31') }], wanted)).toBeNull();
  });

  it("the room's capacity and the plan's participant limit: the tighter one counts", () => {
    expect(meetingLimits(50, { maxParticipants: 100, groupTimeLimitMinutes: 40 })).toEqual({ capacity: 50, groupTimeLimitMs: 2_400_000 });
    expect(meetingLimits(null, { maxParticipants: null, groupTimeLimitMinutes: null })).toEqual({ capacity: null, groupTimeLimitMs: null });
  });
});

describe('the group time limit on the phone', () => {
  const basic = conferenceSettings({ groupTimeLimitMs: 40 * 60_000 });
  let n = 0;
  const admit = (state: ConferenceState, codeRole: 'leader' | 'participant', at: number) => {
    n++;
    return conferenceTransition(state, {
      kind: 'callerAdmitted',
      at,
      admission: {
        legId: `leg-${n}`,
        channelId: `ch-${n}`,
        codeRole,
        callerNumber: null,
        dialledNumber: '22222222',
        calledAt: at,
        chosenLanguage: null,
        recordedName: null,
        newMeetingId: 'mtg-1',
      },
    });
  };
  const timers = (step: { effects: Array<{ kind: string }> }) =>
    step.effects.filter((effect): effect is { kind: 'startTimer'; timer: { kind: string }; ms: number } => effect.kind === 'startTimer');

  it('a one-to-one meeting has no limit; the third person starts it, once', () => {
    const opened = admit(createConference(basic, conferenceRules), 'leader', 0);
    const pair = admit(opened.state, 'participant', 1_000);
    expect(timers(opened)).toEqual([]);
    expect(timers(pair)).toEqual([]);
    const group = admit(pair.state, 'participant', 60_000);
    expect(timers(group).map((effect) => [effect.timer.kind, effect.ms])).toEqual([
      ['group-limit', 40 * 60_000],
      ['group-warning', 35 * 60_000],
    ]);
    expect(group.state.meeting?.groupSince).toBe(60_000);
    expect(timers(admit(group.state, 'participant', 120_000))).toEqual([]);
  });

  it('at the limit the meeting ends for everyone; the warning goes to the whole meeting', () => {
    let state = createConference(basic, conferenceRules);
    for (const role of ['leader', 'participant', 'participant'] as const) state = admit(state, role, 0).state;
    const warned = conferenceTransition(state, {
      kind: 'timerFired',
      at: 35 * 60_000,
      timer: { kind: 'group-warning', meetingId: 'mtg-1' },
    });
    // Words, not a tone: to each caller, in the language they hear.
    const everyone = state.callers.map((caller) => caller.channelId);
    expect(everyone).toHaveLength(3);
    expect(warned.effects).toEqual(
      everyone.map((channelId) => ({
        kind: 'play',
        channelId,
        language: 'en',
        prompts: [{ key: 'tone.beep' }, { key: 'meeting.minutes-left', minutes: 5 }],
      })),
    );
    const ended = conferenceTransition(state, { kind: 'timerFired', at: 40 * 60_000, timer: { kind: 'group-limit', meetingId: 'mtg-1' } });
    expect(ended.effects).toContainEqual({ kind: 'meetingEnded', meetingId: 'mtg-1', at: 40 * 60_000, reason: 'group-time-limit' });
    expect(ended.state.callers).toEqual([]);
  });
});
