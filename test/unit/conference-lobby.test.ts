import { describe, expect, it } from 'vitest';
import { checkLiveCommand } from '../../src/domain/conference/live-commands';
import { farewellTo, heardBy, ofKind, Room, T0 } from '../support/conference-room';

const NAME = (channelId: string) => `kvorum-names/kvorum/leg-${channelId}`;

/** A room that requires admission, its meeting opened by the leader. */
function sensitiveRoom(overrides: ConstructorParameters<typeof Room>[0] = {}) {
  const room = new Room({ admissionRequired: true, ...overrides });
  room.admit('doc', 'leader', T0);
  return room;
}

describe('the lobby of a room that requires admission', () => {
  it('keeps a participant out of the open meeting, with music and not charged, told the leader knows', () => {
    const room = sensitiveRoom();
    const effects = room.admit('pat', 'participant', T0 + 10_000);
    expect(room.caller('pat')).toMatchObject({ place: 'lobby', joinedAt: null });
    expect(ofKind(effects, 'moveToBridge')).toEqual([{ kind: 'moveToBridge', channelId: 'pat', bridge: 'holding', muted: false }]);
    expect(ofKind(effects, 'legEnteredMeeting')).toEqual([]);
    expect(heardBy(effects, 'pat')).toEqual([{ key: 'lobby.wait' }]);
    expect(ofKind(effects, 'playToMeeting')).toEqual([]);
  });

  it('tells the leaders someone waits: their place in the queue, or their recorded name', () => {
    const room = sensitiveRoom();
    expect(heardBy(room.admit('pat', 'participant'), 'doc')).toEqual([{ key: 'lobby.caller-waiting', count: 1 }]);
    expect(heardBy(room.admit('sam', 'participant'), 'doc')).toEqual([{ key: 'lobby.caller-waiting', count: 2 }]);
    expect(heardBy(room.admit('kari', 'participant', T0, { recordedName: NAME('kari') }), 'doc')).toEqual([
      { key: 'lobby.named-waiting', name: NAME('kari') },
    ]);
  });

  it('never holds a leader there', () => {
    const room = sensitiveRoom();
    room.admit('co', 'leader', T0 + 5_000);
    expect(room.caller('co')).toMatchObject({ place: 'meeting' });
  });

  it('*8 lets the first in, who is told, joins the meeting and is charged from then; the leader hears who is left', () => {
    const room = sensitiveRoom();
    room.admit('pat', 'participant', T0 + 1_000);
    room.admit('sam', 'participant', T0 + 2_000);
    const effects = room.keys('doc', '*8', T0 + 60_000);
    expect(heardBy(effects, 'doc')).toEqual([{ key: 'lobby.let-in' }, { key: 'lobby.waiting-count', count: 1 }]);
    expect(heardBy(effects, 'pat')).toEqual([{ key: 'lobby.admitted' }]);
    expect(ofKind(effects, 'moveToBridge')).toEqual([{ kind: 'moveToBridge', channelId: 'pat', bridge: 'mixing', muted: false }]);
    expect(ofKind(effects, 'legEnteredMeeting')).toEqual([
      { kind: 'legEnteredMeeting', legId: 'leg-pat', meetingId: 'mtg-doc', at: T0 + 60_100 },
    ]);
    expect(ofKind(effects, 'playToMeeting')).toEqual([{ kind: 'playToMeeting', language: 'en', prompts: [{ key: 'tone.join' }] }]);
    expect(room.state.callers.map((caller) => [caller.channelId, caller.place])).toEqual([
      ['doc', 'meeting'],
      ['pat', 'meeting'],
      ['sam', 'lobby'],
    ]);
  });

  it('#8 turns the first away politely and hangs up; the leg closes unbilled', () => {
    const room = sensitiveRoom();
    room.admit('pat', 'participant', T0 + 1_000);
    const effects = room.keys('doc', '#8', T0 + 60_000);
    expect(heardBy(effects, 'doc')).toEqual([{ key: 'lobby.turned-away' }]);
    expect(farewellTo(effects)).toEqual([['pat', 'lobby.refused']]);
    expect(ofKind(effects, 'legClosed')).toEqual([
      { kind: 'legClosed', legId: 'leg-pat', channelId: 'pat', at: T0 + 60_100, reason: 'refused' },
    ]);
    expect(ofKind(effects, 'legEnteredMeeting')).toEqual([]);
    expect(room.caller('pat')).toBeUndefined();
  });

  it('*8 and #8 with nobody waiting say so', () => {
    const room = sensitiveRoom();
    expect(heardBy(room.keys('doc', '*8'), 'doc')).toEqual([{ key: 'lobby.waiting-count', count: 0 }]);
    expect(heardBy(room.keys('doc', '#8', T0 + 70_000), 'doc')).toEqual([{ key: 'lobby.waiting-count', count: 0 }]);
  });

  it('lets a caller in muted in listen mode, and told so', () => {
    const room = sensitiveRoom();
    room.keys('doc', '*5');
    room.admit('pat', 'participant', T0 + 70_000);
    const effects = room.keys('doc', '*8', T0 + 80_000);
    expect(ofKind(effects, 'moveToBridge')).toEqual([{ kind: 'moveToBridge', channelId: 'pat', bridge: 'mixing', muted: true }]);
    expect(heardBy(effects, 'pat')).toEqual([{ key: 'lobby.admitted' }, { key: 'caller.muted' }]);
    expect(room.caller('pat')).toMatchObject({ muted: true, mutedByHost: true });
  });

  it('callers who came before the leader wait as always, then join the queue when the leader opens the meeting', () => {
    const room = new Room({ admissionRequired: true });
    expect(heardBy(room.admit('pat', 'participant', T0), 'pat')).toEqual([{ key: 'admission.wait-for-leader' }]);
    room.admit('kari', 'participant', T0 + 1_000, { recordedName: NAME('kari') });
    const opening = room.admit('doc', 'leader', T0 + 9_000);
    expect(room.state.callers.map((caller) => [caller.channelId, caller.place])).toEqual([
      ['pat', 'lobby'],
      ['kari', 'lobby'],
      ['doc', 'meeting'],
    ]);
    expect(ofKind(opening, 'moveToBridge').map((move) => move.channelId)).toEqual(['doc']);
    expect(ofKind(opening, 'legEnteredMeeting').map((entered) => entered.legId)).toEqual(['leg-doc']);
    expect(heardBy(opening, 'pat')).toEqual([{ key: 'lobby.wait' }]);
    expect(heardBy(opening, 'doc')).toEqual([
      { key: 'meeting.others-present', count: 0 },
      { key: 'lobby.caller-waiting', count: 1 },
      { key: 'lobby.named-waiting', name: NAME('kari') },
    ]);
    expect(ofKind(opening, 'playToMeeting')).toEqual([]);
  });

  it('a leader opening the meeting to a long queue hears how many wait', () => {
    const room = new Room({ admissionRequired: true });
    for (const name of ['a', 'b', 'c', 'd']) room.admit(name, 'participant');
    expect(heardBy(room.admit('doc', 'leader'), 'doc')).toEqual([
      { key: 'meeting.others-present', count: 0 },
      { key: 'lobby.waiting-count', count: 4 },
    ]);
  });

  it('a locked meeting turns newcomers away as before, and the lobby keeps who is in it', () => {
    const room = sensitiveRoom();
    room.admit('pat', 'participant', T0 + 1_000);
    room.keys('doc', '*7');
    expect(farewellTo(room.admit('late', 'participant', T0 + 70_000))).toEqual([['late', 'admission.locked']]);
    expect(room.caller('pat')).toMatchObject({ place: 'lobby' });
    room.keys('doc', '*8', T0 + 80_000);
    expect(room.caller('pat')).toMatchObject({ place: 'meeting' });
  });

  it('a caller leaving the lobby is no news; when the meeting empties, the lobby waits for a leader again', () => {
    const room = sensitiveRoom({ endOnLeaderHangup: false });
    room.admit('pat', 'participant', T0 + 1_000);
    room.admit('sam', 'participant', T0 + 2_000);
    expect(room.leave('pat', T0 + 3_000)).toEqual([
      { kind: 'legClosed', legId: 'leg-pat', channelId: 'pat', at: T0 + 3_000, reason: 'caller-hung-up' },
    ]);
    const effects = room.leave('doc', T0 + 4_000);
    expect(ofKind(effects, 'meetingEnded')).toEqual([{ kind: 'meetingEnded', meetingId: 'mtg-doc', at: T0 + 4_000, reason: 'empty' }]);
    expect(ofKind(effects, 'releaseBridges')).toEqual([]);
    expect(room.state.meeting).toBeNull();
    expect(room.caller('sam')).toMatchObject({ place: 'waiting' });
  });

  it('the leader hanging up with automatic end on sends the lobby away too', () => {
    const room = sensitiveRoom();
    room.admit('pat', 'participant', T0 + 1_000);
    expect(farewellTo(room.leave('doc'))).toEqual([['pat', 'meeting.leader-left']]);
  });

  it('is not there in a room that does not require admission', () => {
    const room = new Room();
    room.admit('doc', 'leader');
    room.admit('pat', 'participant');
    expect(room.caller('pat')).toMatchObject({ place: 'meeting' });
  });
});

describe('the lobby in the admin API', () => {
  it('admits and refuses the next or a named caller, under the same rules', () => {
    const room = sensitiveRoom();
    room.admit('pat', 'participant', T0 + 1_000);
    room.admit('sam', 'participant', T0 + 2_000);
    room.admit('max', 'participant', T0 + 3_000);
    const admitSam = room.command({ kind: 'admit', legId: 'leg-sam' });
    expect(heardBy(admitSam, 'sam')).toEqual([{ key: 'lobby.admitted' }]);
    expect(heardBy(admitSam, 'doc')).toEqual([]);
    expect(farewellTo(room.command({ kind: 'refuse', legId: null }))).toEqual([['pat', 'lobby.refused']]);
    room.command({ kind: 'admit', legId: null });
    expect(room.state.callers.map((caller) => [caller.channelId, caller.place])).toEqual([
      ['doc', 'meeting'],
      ['sam', 'meeting'],
      ['max', 'meeting'],
    ]);
  });

  it('says why a command cannot apply', () => {
    const before = new Room({ admissionRequired: true });
    before.admit('pat', 'participant');
    expect(checkLiveCommand(before.state, { kind: 'admit', legId: null })).toBe('no-live-meeting');
    const room = sensitiveRoom();
    expect(checkLiveCommand(room.state, { kind: 'admit', legId: null })).toBe('nobody-waiting');
    expect(checkLiveCommand(room.state, { kind: 'refuse', legId: 'leg-doc' })).toBe('not-waiting');
    expect(checkLiveCommand(room.state, { kind: 'refuse', legId: 'leg-nobody' })).toBe('no-such-participant');
    room.admit('pat', 'participant');
    expect(checkLiveCommand(room.state, { kind: 'admit', legId: 'leg-pat' })).toBe('done');
  });
});

describe('names', () => {
  it('the leaders hear a named caller join and leave instead of the tones', () => {
    const room = new Room({ namesRecorded: true });
    room.admit('doc', 'leader', T0, { recordedName: NAME('doc') });
    const joining = room.admit('kari', 'participant', T0 + 1_000, { recordedName: NAME('kari') });
    expect(heardBy(joining, 'doc')).toEqual([{ key: 'names.joined', name: NAME('kari') }]);
    expect(heardBy(joining, 'kari')).toEqual([]);
    expect(ofKind(joining, 'playToMeeting')).toEqual([]);
    room.admit('pat', 'participant', T0 + 2_000);
    const leaving = room.leave('kari', T0 + 3_000);
    expect(heardBy(leaving, 'doc')).toEqual([{ key: 'names.left', name: NAME('kari') }]);
    expect(heardBy(leaving, 'pat')).toEqual([]);
    expect(ofKind(leaving, 'playToMeeting')).toEqual([]);
  });

  it('a caller who said no name is announced by the tone', () => {
    const room = new Room({ namesRecorded: true });
    room.admit('doc', 'leader', T0, { recordedName: NAME('doc') });
    expect(ofKind(room.admit('pat', 'participant'), 'playToMeeting')).toEqual([
      { kind: 'playToMeeting', language: 'en', prompts: [{ key: 'tone.join' }] },
    ]);
  });

  it('a leader coming in is named to the other leaders', () => {
    const room = new Room({ namesRecorded: true });
    room.admit('doc', 'leader', T0, { recordedName: NAME('doc') });
    expect(heardBy(room.admit('co', 'leader', T0 + 1_000, { recordedName: NAME('co') }), 'doc')).toEqual([
      { key: 'names.joined', name: NAME('co') },
    ]);
  });

  it('are forgotten when the leg closes, after the leaders heard the name leave', () => {
    const room = new Room({ namesRecorded: true });
    room.admit('doc', 'leader', T0);
    room.admit('kari', 'participant', T0 + 1_000, { recordedName: NAME('kari') });
    const leaving = room.leave('kari');
    expect(leaving.map((effect) => effect.kind)).toEqual(['legClosed', 'play', 'forgetName']);
    expect(leaving.at(-1)).toEqual({ kind: 'forgetName', recording: NAME('kari') });
  });

  it('are forgotten however the leg closes: turned away, refused, the meeting ended', () => {
    const full = new Room({ capacity: 0 });
    expect(ofKind(full.admit('kari', 'participant', T0, { recordedName: NAME('kari') }), 'forgetName')).toHaveLength(1);
    const room = sensitiveRoom();
    room.admit('kari', 'participant', T0, { recordedName: NAME('kari') });
    room.admit('ola', 'participant', T0, { recordedName: NAME('ola') });
    expect(ofKind(room.keys('doc', '#8'), 'forgetName')).toEqual([{ kind: 'forgetName', recording: NAME('kari') }]);
    expect(ofKind(room.keys('doc', '##', T0 + 90_000), 'forgetName')).toEqual([{ kind: 'forgetName', recording: NAME('ola') }]);
  });
});
