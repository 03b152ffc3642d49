import { describe, expect, it } from 'vitest';
import type { Meeting } from '../../src/domain/conference/conference-state';
import { rebuildConference, type SurvivingCaller } from '../../src/domain/conference/rebuild';
import { conferenceRules as rules, conferenceSettings } from '../support/conference-settings';

/** The core's rule for a conference taken back after a restart, without I/O. */

const settings = conferenceSettings();
const AT = 1_000_000;
const meeting: Meeting = { id: 'mtg-1', startedAt: AT - 60_000, locked: true, listenMode: true, endOnLeaderHangup: true, groupSince: null };

function survivor(channelId: string, overrides: Partial<SurvivingCaller> = {}): SurvivingCaller {
  return {
    legId: `leg-${channelId}`,
    channelId,
    role: 'participant',
    callerNumber: null,
    arrivedAt: AT - 60_000,
    joinedAt: AT - 60_000,
    muted: false,
    mutedByHost: false,
    handRaisedAt: null,
    bridge: 'mixing',
    chosenLanguage: null,
    recordedName: null,
    ...overrides,
  };
}

describe('a conference rebuilt from what survived a restart', () => {
  it('goes on as it was: same meeting and switches, callers in place with their mute set again', () => {
    const step = rebuildConference(
      settings,
      rules,
      { meeting, callers: [survivor('lea', { role: 'leader' }), survivor('pat', { muted: true })] },
      AT,
    );
    expect(step.state.meeting).toEqual(meeting);
    expect(step.state.callers.map((caller) => [caller.channelId, caller.place, caller.muted])).toEqual([
      ['lea', 'meeting', false],
      ['pat', 'meeting', true],
    ]);
    expect(step.effects).toEqual([
      { kind: 'setMuted', channelId: 'lea', muted: false },
      { kind: 'setMuted', channelId: 'pat', muted: true },
    ]);
  });

  it('ends the meeting for the others when its leader vanished and automatic end is on', () => {
    const step = rebuildConference(settings, rules, { meeting, callers: [survivor('pat'), survivor('sam')] }, AT);
    expect(step.state.callers).toEqual([]);
    expect(step.effects).toContainEqual({ kind: 'farewell', channelId: 'pat', language: 'en', prompts: [{ key: 'meeting.leader-left' }] });
    expect(step.effects).toContainEqual({ kind: 'legClosed', legId: 'leg-sam', channelId: 'sam', at: AT, reason: 'leader-left' });
    expect(step.effects).toContainEqual({ kind: 'meetingEnded', meetingId: 'mtg-1', at: AT, reason: 'leader-left' });
  });

  it('keeps a meeting without its leader when automatic end is off', () => {
    const step = rebuildConference(settings, rules, { meeting: { ...meeting, endOnLeaderHangup: false }, callers: [survivor('pat')] }, AT);
    expect(step.state.callers).toHaveLength(1);
    expect(step.effects.some((effect) => effect.kind === 'meetingEnded')).toBe(false);
  });

  it('brings a caller still waiting into the open meeting, muted in listen mode, and a caller out of place into its bridge', () => {
    const step = rebuildConference(
      settings,
      rules,
      { meeting, callers: [survivor('lea', { role: 'leader', bridge: null }), survivor('pat', { joinedAt: null, bridge: 'holding' })] },
      AT,
    );
    expect(step.effects).toEqual([
      { kind: 'moveToBridge', channelId: 'lea', bridge: 'mixing', muted: false },
      { kind: 'legEnteredMeeting', legId: 'leg-pat', meetingId: 'mtg-1', at: AT },
      { kind: 'moveToBridge', channelId: 'pat', bridge: 'mixing', muted: true },
    ]);
  });

  it('callers waiting for a leader go on waiting in the holding bridge', () => {
    const step = rebuildConference(
      settings,
      rules,
      {
        meeting: null,
        callers: [survivor('pat', { joinedAt: null, bridge: 'holding' }), survivor('sam', { joinedAt: null, bridge: null })],
      },
      AT,
    );
    expect(step.state.callers.every((caller) => caller.place === 'waiting')).toBe(true);
    expect(step.effects).toEqual([{ kind: 'moveToBridge', channelId: 'sam', bridge: 'holding', muted: false }]);
  });

  it('restarts the duration timers for the time left, and ends a meeting already past its limit', () => {
    const limited = { ...settings, maxDurationMs: 30 * 60_000 };
    const going = rebuildConference(limited, rules, { meeting, callers: [survivor('lea', { role: 'leader' })] }, AT);
    expect(going.effects).toContainEqual({ kind: 'startTimer', timer: { kind: 'duration-limit', meetingId: 'mtg-1' }, ms: 29 * 60_000 });
    expect(going.effects).toContainEqual({ kind: 'startTimer', timer: { kind: 'duration-warning', meetingId: 'mtg-1' }, ms: 24 * 60_000 });

    const over = rebuildConference(
      limited,
      rules,
      { meeting, callers: [survivor('lea', { role: 'leader' })] },
      meeting.startedAt + 31 * 60_000,
    );
    expect(over.effects).toContainEqual(expect.objectContaining({ kind: 'meetingEnded', reason: 'duration-limit' }));
    expect(over.effects).toContainEqual({ kind: 'farewell', channelId: 'lea', language: 'en', prompts: [{ key: 'meeting.ended' }] });
  });

  it('keeps each caller in the language they heard: the one they chose, else the conference’s', () => {
    const norwegian = conferenceSettings({ language: 'nb' });
    const step = rebuildConference(
      norwegian,
      rules,
      { meeting, callers: [survivor('lea', { role: 'leader', chosenLanguage: 'en' }), survivor('pat')] },
      AT,
    );
    expect(step.state.callers.map((caller) => [caller.channelId, caller.language])).toEqual([
      ['lea', 'en'],
      ['pat', 'nb'],
    ]);
    // Whoever is left is told why the meeting ends, each in their own language.
    const ended = rebuildConference(
      norwegian,
      rules,
      { meeting, callers: [survivor('pat'), survivor('sam', { chosenLanguage: 'en' })] },
      AT,
    );
    expect(ended.effects.filter((effect) => effect.kind === 'farewell')).toEqual([
      { kind: 'farewell', channelId: 'pat', language: 'nb', prompts: [{ key: 'meeting.leader-left' }] },
      { kind: 'farewell', channelId: 'sam', language: 'en', prompts: [{ key: 'meeting.leader-left' }] },
    ]);
  });

  it('keeps a caller of a room that requires admission in the lobby: a restart lets nobody in', () => {
    const sensitive = conferenceSettings({ admissionRequired: true });
    const open: Meeting = { ...meeting, locked: false, listenMode: false };
    const step = rebuildConference(
      sensitive,
      rules,
      { meeting: open, callers: [survivor('doc', { role: 'leader' }), survivor('pat', { joinedAt: null, bridge: 'holding' })] },
      AT,
    );
    expect(step.state.callers.map((caller) => [caller.channelId, caller.place])).toEqual([
      ['doc', 'meeting'],
      ['pat', 'lobby'],
    ]);
    expect(step.effects.filter((effect) => effect.kind === 'legEnteredMeeting' || effect.kind === 'moveToBridge')).toEqual([]);
  });

  it('a meeting left with nobody but its lobby ends, and the lobby waits for a leader again', () => {
    const sensitive = conferenceSettings({ admissionRequired: true, endOnLeaderHangup: false });
    const open: Meeting = { ...meeting, endOnLeaderHangup: false };
    const step = rebuildConference(
      sensitive,
      rules,
      { meeting: open, callers: [survivor('pat', { joinedAt: null, bridge: 'holding' })] },
      AT,
    );
    expect(step.state.meeting).toBeNull();
    expect(step.state.callers.map((caller) => caller.place)).toEqual(['waiting']);
    expect(step.effects).toContainEqual({ kind: 'meetingEnded', meetingId: 'mtg-1', at: AT, reason: 'empty' });
  });

  it('keeps raised hands, who muted whom, and the recorded names', () => {
    const step = rebuildConference(
      settings,
      rules,
      {
        meeting,
        callers: [
          survivor('lea', { role: 'leader' }),
          survivor('pat', { muted: true, mutedByHost: true, handRaisedAt: AT - 5_000, recordedName: 'kvorum-names/kvorum/leg-pat' }),
        ],
      },
      AT,
    );
    expect(step.state.callers[1]).toMatchObject({
      muted: true,
      mutedByHost: true,
      handRaisedAt: AT - 5_000,
      recordedName: 'kvorum-names/kvorum/leg-pat',
    });
  });
});
