import { describe, expect, it } from 'vitest';
import { conferenceSettings } from '../support/conference-settings';
import { createBridgeWithConference, LEADER_CODE as LEADER, PARTICIPANT_CODE as PARTICIPANT } from '../support/in-memory-bridge';
import type { ConferenceSettings } from '../../src/domain/conference/conference-settings';
import { heardItem, said, soundOf, timesHeard } from '../support/heard';

const SINGLE = '333333';

function bridgeFor(overrides: Partial<ConferenceSettings> = {}) {
  const bridge = createBridgeWithConference(overrides);
  bridge.code(SINGLE, 'single', conferenceSettings({ ...overrides, conferenceId: 'conf-oneoff', endOnLeaderHangup: false }));
  return bridge;
}

describe('a meeting', () => {
  it('a participant who calls before the leader hears the wait prompt, waits with music, and is connected when the leader enters', async () => {
    const bridge = bridgeFor();
    const { telephony, ledger } = bridge;
    await bridge.join('pat', PARTICIPANT);
    expect(telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'admission.wait-for-leader' }));
    expect(telephony.bridgeKindOf('pat')).toBe('holding');
    expect(ledger.legOf('pat')).toMatchObject({ role: 'participant', meetingId: null, enteredAt: null, leftAt: null });

    await bridge.advance(60_000);
    const leaderEnters = bridge.clock.now();
    await bridge.join('lea', LEADER);

    expect(telephony.bridgeKindOf('pat')).toBe('mixing');
    expect(telephony.canHear('pat', 'lea')).toBe(true);
    expect(telephony.canHear('lea', 'pat')).toBe(true);
    // The leader is told who is there; the tone is for those who waited. (Whether
    // a tone that overlaps the leader's own prompt reaches the leader is up to
    // Asterisk, which takes a caller hearing a prompt out of the mix: see e2e.)
    expect(telephony.channel('lea').heard.slice(1, 2)).toEqual([heardItem({ key: 'meeting.others-present', count: 1 })]);
    expect(telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'tone.join' }));
    const [meeting] = [...ledger.meetings.values()];
    expect(meeting).toMatchObject({ conferenceId: 'conf-board', organisationId: 'org-acme', startedAt: leaderEnters, endedAt: null });
    // Waiting was free: billing starts when the leader opens the meeting.
    expect(ledger.legOf('pat')).toMatchObject({ meetingId: meeting?.meetingId, enteredAt: leaderEnters });
    expect(ledger.legOf('lea')).toMatchObject({ role: 'leader', meetingId: meeting?.meetingId, enteredAt: leaderEnters });
  });

  it('a leader alone hears "you are the only person"', async () => {
    const bridge = bridgeFor();
    await bridge.join('lea', LEADER);
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'meeting.others-present', count: 0 }));
    expect(bridge.telephony.bridgeKindOf('lea')).toBe('mixing');
  });

  it('a participant joins an open meeting at once, announced by a tone to those inside', async () => {
    const bridge = bridgeFor();
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    expect(bridge.telephony.bridgeKindOf('pat')).toBe('mixing');
    expect(bridge.telephony.channel('pat').heard).not.toContainEqual(heardItem({ key: 'admission.wait-for-leader' }));
    expect(bridge.telephony.channel('lea').heard.at(-1)).toEqual(heardItem({ key: 'tone.join' }));
    expect(bridge.telephony.canHear('lea', 'pat')).toBe(true);
  });

  it('without join/leave tones nobody hears a tone', async () => {
    const bridge = bridgeFor({ joinLeaveTones: false });
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.hangUp('pat');
    expect(bridge.telephony.channel('lea').heard).toEqual([
      heardItem({ key: 'code.enter' }),
      heardItem({ key: 'meeting.others-present', count: 0 }),
    ]);
  });

  it('participants of an auditorium room join muted and are told so', async () => {
    const bridge = bridgeFor({ participantsJoinMuted: true });
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    expect(bridge.telephony.canHear('lea', 'pat')).toBe(false);
    expect(bridge.telephony.canHear('pat', 'lea')).toBe(true);
    expect(
      bridge.telephony
        .channel('pat')
        .heard.filter((item) => item.media !== soundOf({ key: 'tone.join' }))
        .at(-1),
    ).toEqual(heardItem({ key: 'caller.muted' }));
  });

  it('a leader who calls again after a dropped line rejoins as leader', async () => {
    const bridge = bridgeFor({ endOnLeaderHangup: false });
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.hangUp('lea');
    await bridge.join('lea2', LEADER);
    expect(bridge.ledger.legOf('lea2')).toMatchObject({ role: 'leader' });
    expect(
      bridge.telephony
        .channel('lea2')
        .heard.filter((item) => item.media !== soundOf({ key: 'tone.join' }))
        .at(-1),
    ).toEqual(heardItem({ key: 'meeting.others-present', count: 1 }));
    await bridge.press('lea2', '*7');
    expect(bridge.telephony.channel('lea2').heard.at(-1)).toEqual(heardItem({ key: 'leader.locked' }));
  });

  it('a locked meeting turns new participants away, but lets a leader in', async () => {
    const bridge = bridgeFor();
    await bridge.join('lea', LEADER);
    await bridge.press('lea', '*7');
    await bridge.join('pat', PARTICIPANT);
    expect(bridge.telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'admission.locked' }));
    expect(bridge.telephony.channel('pat').hungUpByApp).toBe(true);
    expect(bridge.ledger.legOf('pat')).toMatchObject({ meetingId: null, endReason: 'locked' });
    await bridge.join('co', LEADER);
    expect(bridge.telephony.bridgeKindOf('co')).toBe('mixing');
  });

  it('a full room turns the next participant away; the leader counts', async () => {
    const bridge = bridgeFor({ capacity: 2 });
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.join('sam', PARTICIPANT);
    expect(bridge.telephony.bridgeKindOf('pat')).toBe('mixing');
    expect(bridge.telephony.channel('sam').heard.at(-1)).toEqual(heardItem({ key: 'admission.full' }));
    expect(bridge.telephony.channel('sam').hungUpByApp).toBe(true);
    expect(bridge.ledger.legOf('sam')).toMatchObject({ endReason: 'full', enteredAt: null });
  });

  it('when the leader hangs up with automatic end on, the others hear that the leader has left and are hung up', async () => {
    const bridge = bridgeFor();
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.advance(120_000);
    await bridge.hangUp('lea');
    const pat = bridge.telephony.channel('pat');
    expect(pat.heard.at(-1)).toEqual(heardItem({ key: 'meeting.leader-left' }));
    expect(pat.hungUpByApp).toBe(true);
    expect(bridge.ledger.legOf('lea')).toMatchObject({ endReason: 'caller-hung-up', leftAt: bridge.clock.now() });
    expect(bridge.ledger.legOf('pat')).toMatchObject({ endReason: 'leader-left', leftAt: bridge.clock.now() });
    expect([...bridge.ledger.meetings.values()][0]).toMatchObject({ endReason: 'leader-left', endedAt: bridge.clock.now() });
    expect(bridge.telephony.liveBridges()).toEqual([]);
    expect(bridge.app.list()).toEqual([]);
  });

  it('with automatic end off the meeting goes on after the leader leaves, until the last caller leaves', async () => {
    const bridge = bridgeFor({ endOnLeaderHangup: false });
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.join('sam', PARTICIPANT);
    await bridge.hangUp('lea');
    expect(bridge.telephony.canHear('pat', 'sam')).toBe(true);
    expect(bridge.telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'tone.leave' }));
    await bridge.hangUp('pat');
    expect([...bridge.ledger.meetings.values()][0]?.endedAt).toBeNull();
    await bridge.hangUp('sam');
    expect([...bridge.ledger.meetings.values()][0]).toMatchObject({ endReason: 'empty', endedAt: bridge.clock.now() });
    expect(bridge.ledger.openLegs()).toEqual([]);
    expect(bridge.telephony.liveBridges()).toEqual([]);
  });

  it('a single code: the first caller opens the meeting as leader, the next are participants', async () => {
    const bridge = bridgeFor();
    await bridge.join('first', SINGLE);
    await bridge.join('second', SINGLE);
    expect(bridge.ledger.legOf('first')).toMatchObject({ role: 'leader', conferenceId: 'conf-oneoff' });
    expect(bridge.ledger.legOf('second')).toMatchObject({ role: 'participant' });
    expect(bridge.telephony.canHear('first', 'second')).toBe(true);
    // End on leader hang-up is off for this one-off meeting.
    await bridge.hangUp('first');
    expect(bridge.telephony.channel('second').gone).toBe(false);
  });

  it('stores leg, role, conference and the switches on the channel for resynchronisation, in one variable', async () => {
    const bridge = bridgeFor();
    await bridge.join('lea', LEADER);
    const leg = bridge.ledger.legOf('lea');
    expect(Object.fromEntries(bridge.telephony.channel('lea').variables)).toEqual({
      KVORUM_STATE: `leg=${leg?.legId};role=leader;conference=conf-board;muted=0;meeting=${leg?.meetingId};locked=0;listen=0;autoend=1`,
    });
  });

  it("a switch of the leader rewrites the leaders' memos, not every participant's; with no leader there, everyone carries the switches", async () => {
    const bridge = createBridgeWithConference({ endOnLeaderHangup: false });
    const { telephony } = bridge;
    await bridge.join('lea', LEADER);
    for (const caller of ['pat', 'sam', 'kim']) await bridge.join(caller, PARTICIPANT);
    // Sam mutes themself: their mute is their own, not listen mode's.
    await bridge.press('sam', '*6');
    await bridge.settle();
    const writes = () =>
      Object.fromEntries(['lea', 'pat', 'sam', 'kim'].map((caller) => [caller, telephony.channel(caller).variableWrites]));
    const before = writes();

    await bridge.press('lea', '*5');
    await bridge.press('lea', '*7');
    await bridge.settle();
    expect(['pat', 'sam', 'kim'].map((caller) => telephony.channel(caller).muted)).toEqual([true, true, true]);
    // The leader's memo twice (listen mode, lock); Sam's once, now muted by listen mode; nobody else's.
    expect(writes()).toEqual({ ...before, lea: before.lea! + 2, sam: before.sam! + 1 });
    const memo = (caller: string) => telephony.channel(caller).variables.get('KVORUM_STATE');
    expect(memo('pat')).toBe(`leg=${bridge.ledger.legOf('pat')?.legId};role=participant;conference=conf-board;muted=listen`);
    expect(memo('lea')).toContain(';locked=1;listen=1;');

    // The leader leaves, the meeting goes on: the participants' memos take the switches over.
    await bridge.hangUp('lea');
    const meetingId = bridge.ledger.legOf('pat')?.meetingId;
    for (const caller of ['pat', 'sam', 'kim']) expect(memo(caller)).toContain(`;meeting=${meetingId};locked=1;listen=1;autoend=0`);
  });

  it('stores nothing on the channel while a prompt plays to it, and the latest once the prompt is over', async () => {
    const bridge = createBridgeWithConference({}, { playbacks: 'manual' });
    await bridge.call('lea');
    bridge.telephony.finishPlayback(bridge.telephony.playbacksOf('lea')[0]!.id);
    await bridge.press('lea', `${LEADER}#`);
    const welcome = bridge.telephony.playbacksOf('lea').at(-1)!;
    expect(welcome.state).toBe('playing');
    await bridge.press('lea', '*5');
    expect(bridge.telephony.channel('lea').variables.size).toBe(0);
    for (const playback of bridge.telephony.playbacksOf('lea')) bridge.telephony.finishPlayback(playback.id);
    await bridge.settle();
    const leg = bridge.ledger.legOf('lea');
    expect(bridge.telephony.channel('lea').variables.get('KVORUM_STATE')).toBe(
      `leg=${leg?.legId};role=leader;conference=conf-board;muted=0;meeting=${leg?.meetingId};locked=0;listen=1;autoend=1`,
    );
  });

  it('writes the caller and dialled numbers and when the call arrived', async () => {
    const bridge = bridgeFor();
    const calledAt = bridge.clock.now();
    await bridge.call('pat', '+4799999999');
    await bridge.advance(3_000);
    await bridge.press('pat', `${PARTICIPANT}#`);
    expect(bridge.ledger.legOf('pat')).toMatchObject({ callerNumber: '+4799999999', dialledNumber: '+4721000000', calledAt });
  });

  it('warns the leaders before the maximum duration and then ends the meeting', async () => {
    const bridge = bridgeFor({ maxDurationMs: 60 * 60_000 });
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.advance(55 * 60_000);
    const warning = said('en', { key: 'tone.beep' }, { key: 'meeting.minutes-left', minutes: 5 });
    expect(bridge.telephony.channel('lea').heard.slice(-warning.length)).toEqual(warning);
    expect(timesHeard(bridge.telephony.channel('pat').heard, { key: 'meeting.minutes-left', minutes: 5 })).toBe(0);
    await bridge.advance(5 * 60_000);
    expect(bridge.telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'meeting.ended' }));
    expect(bridge.telephony.channel('pat').hungUpByApp).toBe(true);
    expect([...bridge.ledger.meetings.values()][0]).toMatchObject({ endReason: 'duration-limit' });
  });
});
