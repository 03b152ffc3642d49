import { describe, expect, it } from 'vitest';
import { keypadHelp } from '../../src/domain/keypad/keypad-help';
import { promptText } from '../../src/domain/prompts/render';
import { farewellTo, heardBy, ofKind, Room, T0 } from '../support/conference-room';

/** A leader and two participants in the open meeting of a room with these settings. */
function meeting(overrides: ConstructorParameters<typeof Room>[0] = {}) {
  const room = new Room(overrides);
  room.admit('lea', 'leader', T0);
  room.admit('pat', 'participant', T0 + 1_000);
  room.admit('sam', 'participant', T0 + 2_000);
  return room;
}

describe('a participant’s own mute (*6)', () => {
  it('mutes and unmutes them, and they hear which', () => {
    const room = meeting();
    const muted = room.keys('pat', '*6');
    expect(ofKind(muted, 'setMuted')).toEqual([{ kind: 'setMuted', channelId: 'pat', muted: true }]);
    expect(heardBy(muted, 'pat')).toEqual([{ key: 'caller.muted' }]);
    expect(room.caller('pat')).toMatchObject({ muted: true, mutedByHost: false });
    const unmuted = room.keys('pat', '*6', T0 + 90_000);
    expect(ofKind(unmuted, 'setMuted')).toEqual([{ kind: 'setMuted', channelId: 'pat', muted: false }]);
    expect(heardBy(unmuted, 'pat')).toEqual([{ key: 'caller.unmuted' }]);
  });

  it.each([
    [
      'in listen mode',
      () => {
        const room = meeting();
        room.keys('lea', '*5');
        return room;
      },
    ],
    ['in an auditorium', () => meeting({ participantsJoinMuted: true })],
    [
      'muted by an admin',
      () => {
        const room = meeting();
        room.command({ kind: 'mute', legId: 'leg-pat', muted: true });
        return room;
      },
    ],
  ])('is refused %s: they hear the leader muted them and how to raise a hand', (_, muted) => {
    const room = muted();
    const effects = room.keys('pat', '*6', T0 + 100_000);
    expect(ofKind(effects, 'setMuted')).toEqual([]);
    expect(promptText('en', heardBy(effects, 'pat'))).toBe('The leader has muted you. Press star nine to raise or lower your hand.');
    expect(room.caller('pat')).toMatchObject({ muted: true, mutedByHost: true });
  });

  it('a participant who muted themself is muted by listen mode too, and unmuted when it ends', () => {
    const room = meeting();
    room.keys('pat', '*6');
    room.keys('lea', '*5', T0 + 70_000);
    expect(room.caller('pat')).toMatchObject({ muted: true, mutedByHost: true });
    room.keys('lea', '*5', T0 + 80_000);
    expect(room.caller('pat')).toMatchObject({ muted: false, mutedByHost: false });
  });

  it('a leader muted by an admin still unmutes themself with *6, as MeetAt’s leaders do', () => {
    const room = meeting();
    room.command({ kind: 'mute', legId: 'leg-lea', muted: true });
    expect(heardBy(room.keys('lea', '*6'), 'lea')).toEqual([{ key: 'caller.unmuted' }]);
    expect(room.caller('lea')).toMatchObject({ muted: false });
  });
});

describe('raised hands (*9) and the floor', () => {
  it('a participant raises and lowers their hand; the leaders hear of the first hand up', () => {
    const room = meeting();
    const raised = room.keys('pat', '*9');
    expect(heardBy(raised, 'pat')).toEqual([{ key: 'hand.raised' }]);
    expect(heardBy(raised, 'lea')).toEqual([{ key: 'hands.first-raised' }]);
    expect(room.caller('pat')?.handRaisedAt).toBe(T0 + 60_100);
    expect(heardBy(room.keys('sam', '*9', T0 + 70_000), 'lea')).toEqual([]);
    const lowered = room.keys('pat', '*9', T0 + 80_000);
    expect(heardBy(lowered, 'pat')).toEqual([{ key: 'hand.lowered' }]);
    expect(room.caller('pat')?.handRaisedAt).toBeNull();
  });

  it('#1 tells the leader how many wait and how many hands are up', () => {
    const room = meeting({ admissionRequired: true });
    room.admit('late', 'participant', T0 + 3_000);
    room.keys('late', '*9');
    expect(heardBy(room.keys('lea', '#1'), 'lea')).toEqual([
      { key: 'lobby.waiting-count', count: 3 },
      { key: 'hands.count', count: 0 },
    ]);
  });

  it('the leader’s *9 gives the floor to the first hand raised, who is unmuted and told; the hand goes down', () => {
    const room = meeting({ participantsJoinMuted: true });
    room.keys('sam', '*9', T0 + 10_000);
    room.keys('pat', '*9', T0 + 20_000);
    const floor = room.keys('lea', '*9', T0 + 30_000);
    expect(heardBy(floor, 'lea')).toEqual([{ key: 'hands.floor-given' }]);
    expect(ofKind(floor, 'setMuted')).toEqual([{ kind: 'setMuted', channelId: 'sam', muted: false }]);
    expect(heardBy(floor, 'sam')).toEqual([{ key: 'hand.floor-given' }]);
    expect(room.caller('sam')).toMatchObject({ muted: false, mutedByHost: false, handRaisedAt: null });
    expect(room.caller('pat')).toMatchObject({ muted: true, handRaisedAt: T0 + 20_100 });
    expect(heardBy(room.keys('lea', '#1', T0 + 40_000), 'lea')).toEqual([
      { key: 'lobby.waiting-count', count: 0 },
      { key: 'hands.count', count: 1 },
    ]);
  });

  it('with no hand up the leader hears so', () => {
    expect(heardBy(meeting().keys('lea', '*9'), 'lea')).toEqual([{ key: 'hands.count', count: 0 }]);
  });
});

describe('disconnecting all participants (#0)', () => {
  it('hangs up every participant, keeps the leaders and the meeting, and the lobby waits on', () => {
    const room = meeting({ admissionRequired: false });
    room.admit('co', 'leader', T0 + 3_000);
    const effects = room.keys('lea', '#0', T0 + 60_000);
    expect(heardBy(effects, 'lea')).toEqual([{ key: 'leader.participants-disconnected' }]);
    expect(farewellTo(effects)).toEqual([
      ['pat', 'caller.disconnected'],
      ['sam', 'caller.disconnected'],
    ]);
    expect(ofKind(effects, 'legClosed').map((closed) => [closed.legId, closed.reason])).toEqual([
      ['leg-pat', 'disconnected'],
      ['leg-sam', 'disconnected'],
    ]);
    expect(ofKind(effects, 'meetingEnded')).toEqual([]);
    expect(room.state.callers.map((caller) => caller.channelId)).toEqual(['lea', 'co']);
  });

  it('keeps those waiting in the lobby of a room that requires admission', () => {
    const room = new Room({ admissionRequired: true });
    room.admit('lea', 'leader', T0);
    room.admit('pat', 'participant', T0 + 1_000);
    room.keys('lea', '*8', T0 + 2_000);
    room.admit('next', 'participant', T0 + 3_000);
    expect(farewellTo(room.keys('lea', '#0', T0 + 60_000))).toEqual([['pat', 'caller.disconnected']]);
    expect(room.caller('next')).toMatchObject({ place: 'lobby' });
  });

  it('from the admin API with no leader in the meeting, leaves it empty: it ends', () => {
    const room = meeting({ endOnLeaderHangup: false });
    room.leave('lea', T0 + 10_000);
    const effects = room.command({ kind: 'disconnect-participants' });
    expect(ofKind(effects, 'meetingEnded')).toMatchObject([{ reason: 'empty' }]);
    expect(ofKind(effects, 'releaseBridges')).toHaveLength(1);
  });
});

describe('the # after a name', () => {
  it('a # within the command timeout of joining a room with names ends the name (which reached its maximum), and starts no command', () => {
    const room = new Room({ namesRecorded: true });
    room.admit('lea', 'leader', T0, { recordedName: 'kvorum-names/kvorum/leg-lea' });
    room.keys('lea', '#', T0 + 500);
    expect(room.caller('lea')?.pendingKey).toBeNull();
    expect(heardBy(room.keys('lea', '2', T0 + 1_000), 'lea')).toEqual([]);
    expect(heardBy(room.keys('lea', '#2', T0 + 2_500), 'lea')).toEqual([{ key: 'meeting.count', count: 1 }]);
  });

  it('later, or in a room without names, # starts a command as always', () => {
    const named = new Room({ namesRecorded: true });
    named.admit('lea', 'leader', T0);
    expect(heardBy(named.keys('lea', '#2', T0 + 5_000), 'lea')).toEqual([{ key: 'meeting.count', count: 1 }]);
    const plain = new Room();
    plain.admit('lea', 'leader', T0);
    expect(heardBy(plain.keys('lea', '#2', T0 + 500), 'lea')).toEqual([{ key: 'meeting.count', count: 1 }]);
  });
});

describe('the spoken help (*1)', () => {
  it('lists the keys of the caller’s own role', () => {
    const room = meeting();
    expect(heardBy(room.keys('pat', '*1'), 'pat')).toEqual([{ key: 'keypad.press', keys: '*1' }, ...keypadHelp('participant').slice(1)]);
    expect(promptText('en', heardBy(room.keys('pat', '*1', T0 + 70_000), 'pat'))).toBe(
      'Press star one to hear the keys you can use. Press star six to mute or unmute yourself. Press star nine to raise or lower your hand.',
    );
    expect(heardBy(room.keys('lea', '*1', T0 + 80_000), 'lea')).toEqual(keypadHelp('leader'));
    expect(promptText('en', keypadHelp('leader'))).toContain('Press pound pound to end the conference for everyone.');
  });

  it('is said in the caller’s language', () => {
    const room = meeting();
    room.admit('ola', 'participant', T0 + 3_000, { chosenLanguage: 'nb' });
    expect(ofKind(room.keys('ola', '*1'), 'play')).toMatchObject([{ channelId: 'ola', language: 'nb' }]);
  });

  it('is not for callers waiting for the leader or in the lobby', () => {
    const room = new Room({ admissionRequired: true });
    room.admit('pat', 'participant');
    expect(room.keys('pat', '*1')).toEqual([]);
    room.admit('lea', 'leader');
    expect(room.keys('pat', '*1', T0 + 90_000)).toEqual([]);
  });
});
