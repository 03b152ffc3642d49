import { describe, expect, it } from 'vitest';
import { checkLiveCommand } from '../../src/domain/conference/live-commands';
import { farewellTo, heardBy, ofKind, Room, T0 } from '../support/conference-room';

describe('admission', () => {
  it('a participant before the leader waits in the holding bridge, not charged', () => {
    const room = new Room();
    const effects = room.admit('pat', 'participant');
    expect(heardBy(effects, 'pat')).toEqual([{ key: 'admission.wait-for-leader' }]);
    expect(ofKind(effects, 'moveToBridge')).toEqual([{ kind: 'moveToBridge', channelId: 'pat', bridge: 'holding', muted: false }]);
    expect(ofKind(effects, 'legOpened')[0]?.leg).toMatchObject({ legId: 'leg-pat', role: 'participant', calledAt: T0 - 5_000 });
    expect(ofKind(effects, 'legEnteredMeeting')).toEqual([]);
    expect(room.state.meeting).toBeNull();
  });

  it('the leader opens the meeting at that instant and moves everyone waiting in', () => {
    const room = new Room();
    room.admit('pat', 'participant', T0);
    room.admit('sam', 'participant', T0 + 1_000);
    const effects = room.admit('lea', 'leader', T0 + 9_000);
    expect(ofKind(effects, 'meetingStarted')).toEqual([
      { kind: 'meetingStarted', meeting: { meetingId: 'mtg-lea', conferenceId: 'conf-board', organisationId: 'org-acme', at: T0 + 9_000 } },
    ]);
    expect(ofKind(effects, 'moveToBridge').map((move) => [move.channelId, move.bridge])).toEqual([
      ['pat', 'mixing'],
      ['sam', 'mixing'],
      ['lea', 'mixing'],
    ]);
    expect(ofKind(effects, 'legEnteredMeeting').map((entered) => [entered.legId, entered.at])).toEqual([
      ['leg-pat', T0 + 9_000],
      ['leg-sam', T0 + 9_000],
      ['leg-lea', T0 + 9_000],
    ]);
    expect(heardBy(effects, 'lea')).toEqual([{ key: 'meeting.others-present', count: 2 }]);
    expect(ofKind(effects, 'playToMeeting')).toEqual([{ kind: 'playToMeeting', language: 'en', prompts: [{ key: 'tone.join' }] }]);
    expect(room.state.meeting).toMatchObject({ id: 'mtg-lea', startedAt: T0 + 9_000, endOnLeaderHangup: true });
  });

  it('a leader alone hears "you are the only person", and no tone plays', () => {
    const room = new Room();
    const effects = room.admit('lea', 'leader');
    expect(heardBy(effects, 'lea')).toEqual([{ key: 'meeting.others-present', count: 0 }]);
    expect(ofKind(effects, 'playToMeeting')).toEqual([]);
  });

  it('a participant joins an open meeting at once with a join tone', () => {
    const room = new Room();
    room.admit('lea', 'leader');
    const effects = room.admit('pat', 'participant', T0 + 30_000);
    expect(ofKind(effects, 'playToMeeting')).toEqual([{ kind: 'playToMeeting', language: 'en', prompts: [{ key: 'tone.join' }] }]);
    expect(ofKind(effects, 'moveToBridge')).toEqual([{ kind: 'moveToBridge', channelId: 'pat', bridge: 'mixing', muted: false }]);
    expect(ofKind(effects, 'legEnteredMeeting')).toEqual([
      { kind: 'legEnteredMeeting', legId: 'leg-pat', meetingId: 'mtg-lea', at: T0 + 30_000 },
    ]);
  });

  it('no tones when the room has them off', () => {
    const room = new Room({ joinLeaveTones: false });
    room.admit('pat', 'participant');
    room.admit('lea', 'leader');
    room.admit('sam', 'participant');
    room.leave('sam');
    expect(ofKind(room.effects, 'playToMeeting')).toEqual([]);
  });

  it('participants join muted in listen mode and in rooms where they join muted; leaders never', () => {
    const auditorium = new Room({ participantsJoinMuted: true });
    auditorium.admit('pat', 'participant');
    const opening = auditorium.admit('lea', 'leader');
    expect(ofKind(opening, 'moveToBridge').map((move) => [move.channelId, move.muted])).toEqual([
      ['pat', true],
      ['lea', false],
    ]);

    const room = new Room();
    room.admit('lea', 'leader');
    room.keys('lea', '*5');
    const joining = room.admit('sam', 'participant');
    expect(ofKind(joining, 'moveToBridge')[0]?.muted).toBe(true);
    expect(heardBy(joining, 'sam')).toEqual([{ key: 'caller.muted' }]);
  });

  it('a locked meeting turns a participant away with a closed leg, but not a leader', () => {
    const room = new Room();
    room.admit('lea', 'leader');
    room.keys('lea', '*7');
    const turnedAway = room.admit('pat', 'participant', T0 + 70_000);
    expect(farewellTo(turnedAway)).toEqual([['pat', 'admission.locked']]);
    expect(ofKind(turnedAway, 'legClosed')).toEqual([
      { kind: 'legClosed', legId: 'leg-pat', channelId: 'pat', at: T0 + 70_000, reason: 'locked' },
    ]);
    expect(room.caller('pat')).toBeUndefined();
    room.admit('co', 'leader');
    expect(room.caller('co')?.place).toBe('meeting');
  });

  it('capacity counts everyone in the room, the leader too; a leader still gets in when it is full', () => {
    const room = new Room({ capacity: 3 });
    room.admit('lea', 'leader');
    room.admit('pat', 'participant');
    room.admit('sam', 'participant');
    expect(farewellTo(room.admit('max', 'participant'))).toEqual([['max', 'admission.full']]);
    expect(ofKind(room.effects, 'legClosed').at(-1)?.reason).toBe('full');
    // A second leader takes the room over its capacity: four people in a room for three.
    room.admit('co', 'leader');
    expect(room.caller('co')?.place).toBe('meeting');
    expect(room.state.callers).toHaveLength(4);
    // Nobody else gets in until the count is below the capacity again.
    room.leave('sam');
    expect(farewellTo(room.admit('max2', 'participant'))).toEqual([['max2', 'admission.full']]);
    room.leave('pat');
    expect(room.admit('max3', 'participant').some((effect) => effect.kind === 'farewell')).toBe(false);
    expect(room.caller('max3')?.place).toBe('meeting');
  });

  it('participants waiting for the leader fill the room; the leader still gets in', () => {
    const room = new Room({ capacity: 2 });
    room.admit('pat', 'participant');
    room.admit('sam', 'participant');
    expect(farewellTo(room.admit('max', 'participant'))).toEqual([['max', 'admission.full']]);
    room.admit('lea', 'leader');
    expect(room.state.callers.map((caller) => [caller.channelId, caller.place])).toEqual([
      ['pat', 'meeting'],
      ['sam', 'meeting'],
      ['lea', 'meeting'],
    ]);
  });

  it('a single code makes the first caller the leader, who opens the meeting', () => {
    const room = new Room({ endOnLeaderHangup: false });
    room.admit('first', 'single');
    room.admit('second', 'single');
    expect(room.caller('first')).toMatchObject({ role: 'leader', place: 'meeting' });
    expect(room.caller('second')).toMatchObject({ role: 'participant', place: 'meeting' });
    expect(room.state.meeting?.endOnLeaderHangup).toBe(false);
  });

  it('a leader calling again joins the open meeting as leader and hears the others counted', () => {
    const room = new Room({ endOnLeaderHangup: false });
    room.admit('lea', 'leader');
    room.admit('pat', 'participant');
    room.leave('lea');
    const back = room.admit('lea2', 'leader');
    expect(room.caller('lea2')).toMatchObject({ role: 'leader', place: 'meeting' });
    expect(heardBy(back, 'lea2')).toEqual([{ key: 'meeting.others-present', count: 1 }]);
    expect(ofKind(back, 'meetingStarted')).toEqual([]);
  });
});

describe('leader keypad commands', () => {
  function meeting() {
    const room = new Room();
    room.admit('lea', 'leader');
    room.admit('pat', 'participant');
    room.admit('sam', 'participant');
    return room;
  }

  it('#2 counts everyone in the meeting, the leader included', () => {
    const room = meeting();
    expect(heardBy(room.keys('lea', '#2'), 'lea')).toEqual([{ key: 'meeting.count', count: 3 }]);
  });

  it('*5 mutes all but the leader, *5 again unmutes them', () => {
    const room = meeting();
    const on = room.keys('lea', '*5');
    expect(ofKind(on, 'setMuted')).toEqual([
      { kind: 'setMuted', channelId: 'pat', muted: true },
      { kind: 'setMuted', channelId: 'sam', muted: true },
    ]);
    expect(heardBy(on, 'lea')).toEqual([{ key: 'leader.listen-mode-on' }]);
    const off = room.keys('lea', '*5', T0 + 90_000);
    expect(ofKind(off, 'setMuted').map((mute) => mute.muted)).toEqual([false, false]);
    expect(heardBy(off, 'lea')).toEqual([{ key: 'leader.listen-mode-off' }]);
  });

  it('*6 toggles the leader', () => {
    const room = meeting();
    const muted = room.keys('lea', '*6');
    expect(ofKind(muted, 'setMuted')).toEqual([{ kind: 'setMuted', channelId: 'lea', muted: true }]);
    expect(heardBy(muted, 'lea')).toEqual([{ key: 'caller.muted' }]);
    expect(heardBy(room.keys('lea', '*6', T0 + 90_000), 'lea')).toEqual([{ key: 'caller.unmuted' }]);
    expect(room.caller('lea')?.muted).toBe(false);
  });

  it('*7 toggles the lock', () => {
    const room = meeting();
    expect(heardBy(room.keys('lea', '*7'), 'lea')).toEqual([{ key: 'leader.locked' }]);
    expect(room.state.meeting?.locked).toBe(true);
    expect(heardBy(room.keys('lea', '*7', T0 + 90_000), 'lea')).toEqual([{ key: 'leader.unlocked' }]);
    expect(room.state.meeting?.locked).toBe(false);
  });

  it('#9 toggles the automatic end', () => {
    const room = meeting();
    expect(heardBy(room.keys('lea', '#9'), 'lea')).toEqual([{ key: 'leader.auto-end-off' }]);
    expect(room.state.meeting?.endOnLeaderHangup).toBe(false);
    expect(heardBy(room.keys('lea', '#9', T0 + 90_000), 'lea')).toEqual([{ key: 'leader.auto-end-on' }]);
  });

  it('## ends the meeting for everyone', () => {
    const room = meeting();
    const effects = room.keys('lea', '##');
    expect(farewellTo(effects)).toEqual([
      ['lea', 'meeting.ended'],
      ['pat', 'meeting.ended'],
      ['sam', 'meeting.ended'],
    ]);
    expect(ofKind(effects, 'legClosed').map((closed) => closed.reason)).toEqual(['meeting-ended', 'meeting-ended', 'meeting-ended']);
    expect(ofKind(effects, 'meetingEnded')).toEqual([
      { kind: 'meetingEnded', meetingId: 'mtg-lea', at: T0 + 60_100, reason: 'ended-by-leader' },
    ]);
    expect(effects.at(-1)).toEqual({ kind: 'releaseBridges' });
    expect(room.state).toMatchObject({ callers: [], meeting: null });
  });

  it("does nothing for a participant's keys", () => {
    const room = meeting();
    expect(room.keys('pat', '##*5*7#2')).toEqual([]);
    expect(room.state.meeting).toMatchObject({ locked: false, listenMode: false });
  });
});

describe('leaving', () => {
  it('a participant leaving closes the leg and plays the leave tone to the others', () => {
    const room = new Room();
    room.admit('lea', 'leader');
    room.admit('pat', 'participant');
    const effects = room.leave('pat', T0 + 100_000);
    expect(effects).toEqual([
      { kind: 'legClosed', legId: 'leg-pat', channelId: 'pat', at: T0 + 100_000, reason: 'caller-hung-up' },
      { kind: 'playToMeeting', language: 'en', prompts: [{ key: 'tone.leave' }] },
    ]);
  });

  it('a waiting caller leaving is quiet; the last one releases the bridges', () => {
    const room = new Room();
    room.admit('pat', 'participant');
    expect(room.leave('pat')).toEqual([
      { kind: 'legClosed', legId: 'leg-pat', channelId: 'pat', at: T0 + 120_000, reason: 'caller-hung-up' },
      { kind: 'releaseBridges' },
    ]);
  });

  it('the leader leaving with automatic end on sends the others away', () => {
    const room = new Room();
    room.admit('lea', 'leader');
    room.admit('pat', 'participant');
    const effects = room.leave('lea');
    expect(farewellTo(effects)).toEqual([['pat', 'meeting.leader-left']]);
    expect(ofKind(effects, 'legClosed').map((closed) => [closed.legId, closed.reason])).toEqual([
      ['leg-lea', 'caller-hung-up'],
      ['leg-pat', 'leader-left'],
    ]);
    expect(ofKind(effects, 'meetingEnded')[0]?.reason).toBe('leader-left');
  });

  it('the meeting goes on while another leader is there', () => {
    const room = new Room();
    room.admit('lea', 'leader');
    room.admit('co', 'leader');
    room.admit('pat', 'participant');
    expect(farewellTo(room.leave('lea'))).toEqual([]);
    expect(room.state.meeting).not.toBeNull();
  });

  it('the meeting ends empty when the last caller leaves', () => {
    const room = new Room({ endOnLeaderHangup: false });
    room.admit('lea', 'leader');
    room.admit('pat', 'participant');
    room.leave('lea');
    const effects = room.leave('pat', T0 + 200_000);
    expect(ofKind(effects, 'meetingEnded')).toEqual([{ kind: 'meetingEnded', meetingId: 'mtg-lea', at: T0 + 200_000, reason: 'empty' }]);
    expect(effects.at(-1)).toEqual({ kind: 'releaseBridges' });
    expect(room.state.meeting).toBeNull();
  });

  it('a caller the conference does not know changes nothing', () => {
    const room = new Room();
    room.admit('lea', 'leader');
    expect(room.leave('ghost')).toEqual([]);
  });

  it('a new meeting can open after the last one ended', () => {
    const room = new Room();
    room.admit('lea', 'leader');
    room.leave('lea');
    room.admit('pat', 'participant');
    expect(room.caller('pat')?.place).toBe('waiting');
  });
});

describe('maximum duration', () => {
  it('starts both timers when the meeting opens and cancels them when it ends', () => {
    const room = new Room({ maxDurationMs: 60 * 60_000 });
    const opening = room.admit('lea', 'leader');
    expect(ofKind(opening, 'startTimer')).toEqual([
      { kind: 'startTimer', timer: { kind: 'duration-limit', meetingId: 'mtg-lea' }, ms: 60 * 60_000 },
      { kind: 'startTimer', timer: { kind: 'duration-warning', meetingId: 'mtg-lea' }, ms: 55 * 60_000 },
    ]);
    expect(ofKind(room.leave('lea'), 'cancelTimer')).toHaveLength(2);
  });

  it('warns only the leaders, then ends the meeting', () => {
    const room = new Room({ maxDurationMs: 60 * 60_000 });
    room.admit('lea', 'leader');
    room.admit('pat', 'participant');
    const warning = room.send({ kind: 'timerFired', at: T0 + 55 * 60_000, timer: { kind: 'duration-warning', meetingId: 'mtg-lea' } });
    expect(warning).toEqual([
      { kind: 'play', channelId: 'lea', language: 'en', prompts: [{ key: 'tone.beep' }, { key: 'meeting.minutes-left', minutes: 5 }] },
    ]);
    const limit = room.send({ kind: 'timerFired', at: T0 + 60 * 60_000, timer: { kind: 'duration-limit', meetingId: 'mtg-lea' } });
    expect(farewellTo(limit).map(([channelId]) => channelId)).toEqual(['lea', 'pat']);
    expect(ofKind(limit, 'meetingEnded')[0]?.reason).toBe('duration-limit');
  });

  it('skips the warning when the limit is shorter than the warning time', () => {
    const room = new Room({ maxDurationMs: 2 * 60_000 });
    expect(ofKind(room.admit('lea', 'leader'), 'startTimer').map((start) => start.timer.kind)).toEqual(['duration-limit']);
  });

  it('ignores the timer of a meeting that is over', () => {
    const room = new Room({ maxDurationMs: 60 * 60_000 });
    room.admit('lea', 'leader');
    room.leave('lea');
    room.admit('lea2', 'leader', T0 + 300_000);
    expect(room.send({ kind: 'timerFired', at: T0 + 3_600_000, timer: { kind: 'duration-limit', meetingId: 'mtg-lea' } })).toEqual([]);
    expect(room.state.meeting?.id).toBe('mtg-lea2');
  });
});

describe('admin commands', () => {
  function meeting() {
    const room = new Room();
    room.admit('lea', 'leader');
    room.admit('pat', 'participant');
    return room;
  }

  it('tell whether they can apply', () => {
    const waiting = new Room();
    waiting.admit('pat', 'participant');
    expect(checkLiveCommand(waiting.state, { kind: 'lock', locked: true })).toBe('no-live-meeting');
    expect(checkLiveCommand(waiting.state, { kind: 'listen-mode', on: true })).toBe('no-live-meeting');
    expect(checkLiveCommand(waiting.state, { kind: 'mute', legId: 'leg-pat', muted: true })).toBe('done');
    expect(checkLiveCommand(waiting.state, { kind: 'remove', legId: 'leg-nobody' })).toBe('no-such-participant');
    expect(checkLiveCommand(new Room().state, { kind: 'end', reason: 'ended-by-admin' })).toBe('no-live-meeting');
  });

  it('mute a caller, who is told', () => {
    const room = meeting();
    expect(room.command({ kind: 'mute', legId: 'leg-pat', muted: true })).toEqual([
      { kind: 'setMuted', channelId: 'pat', muted: true },
      { kind: 'play', channelId: 'pat', language: 'en', prompts: [{ key: 'caller.muted' }] },
    ]);
  });

  it('a caller muted while waiting enters the meeting muted', () => {
    const room = new Room();
    room.admit('pat', 'participant');
    expect(ofKind(room.command({ kind: 'mute', legId: 'leg-pat', muted: true }), 'setMuted')).toEqual([]);
    expect(ofKind(room.admit('lea', 'leader'), 'moveToBridge')[0]).toMatchObject({ channelId: 'pat', muted: true });
  });

  it('remove a caller, who hears it; removing the leader with automatic end on ends the meeting', () => {
    const room = meeting();
    room.admit('sam', 'participant');
    const removed = room.command({ kind: 'remove', legId: 'leg-pat' });
    expect(farewellTo(removed)).toEqual([['pat', 'caller.removed']]);
    expect(ofKind(removed, 'legClosed')[0]?.reason).toBe('removed');
    const leaderRemoved = room.command({ kind: 'remove', legId: 'leg-lea' });
    expect(farewellTo(leaderRemoved)).toEqual([
      ['lea', 'caller.removed'],
      ['sam', 'meeting.leader-left'],
    ]);
  });

  it('listen mode, lock and end follow the keypad rules', () => {
    const room = meeting();
    expect(ofKind(room.command({ kind: 'listen-mode', on: true }), 'setMuted')).toEqual([
      { kind: 'setMuted', channelId: 'pat', muted: true },
    ]);
    room.command({ kind: 'lock', locked: true });
    expect(room.state.meeting).toMatchObject({ listenMode: true, locked: true });
    const ended = room.command({ kind: 'end', reason: 'conference-deleted' });
    expect(ofKind(ended, 'meetingEnded')[0]?.reason).toBe('conference-deleted');
    expect(farewellTo(ended)).toHaveLength(2);
  });

  it('end also sends away callers still waiting for the leader', () => {
    const room = new Room();
    room.admit('pat', 'participant');
    const ended = room.command({ kind: 'end', reason: 'conference-deleted' });
    expect(farewellTo(ended)).toEqual([['pat', 'meeting.ended']]);
    expect(ofKind(ended, 'meetingEnded')).toEqual([]);
  });
});

describe('shutdown', () => {
  it('says goodbye to everyone and closes their legs as shut down', () => {
    const room = new Room();
    room.admit('lea', 'leader');
    room.admit('pat', 'participant');
    const effects = room.send({ kind: 'shutdown', at: T0 + 500_000 });
    expect(farewellTo(effects)).toEqual([
      ['lea', 'call.goodbye'],
      ['pat', 'call.goodbye'],
    ]);
    expect(ofKind(effects, 'legClosed').map((closed) => closed.reason)).toEqual(['shutdown', 'shutdown']);
    expect(ofKind(effects, 'meetingEnded')).toHaveLength(1);
  });
});

describe('languages', () => {
  it('each caller hears the conference’s language, unless they chose English while typing the code; the meeting’s tones are the conference’s', () => {
    const room = new Room({ language: 'nb' });
    room.admit('kari', 'participant');
    const leader = room.admit('john', 'leader', T0 + 1_000, { chosenLanguage: 'en' });
    expect(ofKind(leader, 'play')).toEqual([
      { kind: 'play', channelId: 'john', language: 'en', prompts: [{ key: 'meeting.others-present', count: 1 }] },
    ]);
    expect(ofKind(leader, 'playToMeeting')).toEqual([{ kind: 'playToMeeting', language: 'nb', prompts: [{ key: 'tone.join' }] }]);
    expect(ofKind(room.keys('john', '#2'), 'play')).toEqual([
      { kind: 'play', channelId: 'john', language: 'en', prompts: [{ key: 'meeting.count', count: 2 }] },
    ]);
    const ended = room.keys('john', '##', T0 + 90_000);
    expect(ofKind(ended, 'farewell').map((effect) => [effect.channelId, effect.language])).toEqual([
      ['kari', 'nb'],
      ['john', 'en'],
    ]);
  });
});
