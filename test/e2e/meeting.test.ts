import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';
import { heardItem, said } from '../support/heard';

describe(`${e2eSuiteTitle()}: a meeting`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start();
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it('a participant who calls before the leader hears the wait prompt, waits with music without being charged, and is connected when the leader opens the meeting', async () => {
    const { conferenceId, leaderCode, participantCode } = await bridge.conferenceWithCodes();

    const pat = await bridge.callIn(participantCode, '4791111111');
    await pat.waitForPrompt({ key: 'admission.wait-for-leader' });
    await pat.waitForBridge('holding');
    expect(await pat.hasMusicOnHold()).toBe(true);
    expect(await bridge.legOf(pat)).toMatchObject({ role: 'participant', meetingId: null, enteredAt: null, leftAt: null });
    expect(await bridge.meetingsOf(conferenceId)).toEqual([]);

    const lea = await bridge.joinMeeting(leaderCode, '4792222222');
    await pat.waitForBridge('mixing');
    expect(await pat.hasMusicOnHold()).toBe(false);
    expect(await bridge.canHear(pat, lea)).toBe(true);
    expect(await bridge.canHear(lea, pat)).toBe(true);
    await lea.waitForPrompt({ key: 'meeting.others-present', count: 1 });
    await pat.waitForPrompt({ key: 'tone.join' });

    const meeting = await bridge.onlyMeetingOf(conferenceId);
    expect(meeting).toMatchObject({ endedAt: null });
    // Waiting was free: both are charged from the instant the leader opened the meeting.
    expect(await bridge.legOf(pat)).toMatchObject({
      meetingId: meeting.meetingId,
      enteredAt: meeting.startedAt,
      callerNumber: '4791111111',
      dialledNumber: bridge.world.accessNumber,
    });
    expect(await bridge.legOf(lea)).toMatchObject({ role: 'leader', meetingId: meeting.meetingId, enteredAt: meeting.startedAt });
  });

  it('a leader alone hears "you are the only person"; a leader who finds two waiting hears "there are 2 others" and moves them in', async () => {
    const alone = await bridge.conferenceWithCodes();
    const solo = await bridge.joinMeeting(alone.leaderCode);
    await solo.waitForPrompt({ key: 'meeting.others-present', count: 0 });

    const busy = await bridge.conferenceWithCodes();
    const first = await bridge.callIn(busy.participantCode);
    const second = await bridge.callIn(busy.participantCode);
    await first.waitForBridge('holding');
    await second.waitForBridge('holding');
    const lea = await bridge.joinMeeting(busy.leaderCode);
    await lea.waitForPrompt({ key: 'meeting.others-present', count: 2 });
    expect((await lea.heard()).slice(-3)).toEqual(said('en', { key: 'meeting.others-present', count: 2 }));
    await first.waitForBridge('mixing');
    await second.waitForBridge('mixing');
    expect(await bridge.canHear(first, second)).toBe(true);
    expect(await bridge.canHear(second, lea)).toBe(true);
  });

  it('a participant who calls into an open meeting joins at once, announced by a tone to those inside', async () => {
    const { leaderCode, participantCode } = await bridge.conferenceWithCodes();
    const lea = await bridge.joinMeeting(leaderCode);
    await lea.waitForPrompt({ key: 'meeting.others-present', count: 0 });
    await lea.waitUntilQuiet();

    const pat = await bridge.joinMeeting(participantCode);
    await lea.waitForPrompt({ key: 'tone.join' });
    expect(await pat.heard()).not.toContainEqual(heardItem({ key: 'admission.wait-for-leader' }));
    expect(await bridge.canHear(lea, pat)).toBe(true);
    expect(await bridge.canHear(pat, lea)).toBe(true);
  });

  it('when a participant leaves, those inside hear the leave tone; the last one out ends the meeting', async () => {
    const { conferenceId, leaderCode, participantCode } = await bridge.conferenceWithCodes();
    const lea = await bridge.joinMeeting(leaderCode);
    await lea.waitForPrompt({ key: 'meeting.others-present', count: 0 });
    await lea.waitUntilQuiet();
    const pat = await bridge.joinMeeting(participantCode);
    await lea.waitForPrompt({ key: 'tone.join' });

    await pat.hangUp();
    await lea.waitForPrompt({ key: 'tone.leave' });
    expect(await bridge.closedLegOf(pat)).toMatchObject({ endReason: 'caller-hung-up' });

    await lea.hangUp();
    const meeting = await bridge.endedMeetingOf(conferenceId);
    expect(meeting.endReason).toBe('empty');
    expect(await bridge.closedLegOf(lea)).toMatchObject({ role: 'leader', endReason: 'caller-hung-up', leftAt: meeting.endedAt });
  });

  it('with join and leave tones turned off, nobody hears a tone', async () => {
    const { leaderCode, participantCode } = await bridge.conferenceWithCodes({ joinLeaveTones: false });
    const early = await bridge.callIn(participantCode);
    await early.waitForBridge('holding');
    const lea = await bridge.joinMeeting(leaderCode);
    await early.waitForBridge('mixing');
    const late = await bridge.joinMeeting(participantCode);
    await late.hangUp();
    await bridge.closedLegOf(late);
    // The leader's #2 is answered after everything before it: a barrier, not a sleep.
    await lea.press('#2');
    await lea.waitForPrompt({ key: 'meeting.count', count: 2 });

    for (const caller of [lea, early, late]) {
      const heard = await caller.heard();
      expect(heard).not.toContainEqual(heardItem({ key: 'tone.join' }));
      expect(heard).not.toContainEqual(heardItem({ key: 'tone.leave' }));
    }
  });

  it('when the leader hangs up (automatic end on), the others hear that the leader has left and are hung up', async () => {
    const { conferenceId, leaderCode, participantCode } = await bridge.conferenceWithCodes();
    const lea = await bridge.joinMeeting(leaderCode);
    const pat = await bridge.joinMeeting(participantCode);
    const pia = await bridge.joinMeeting(participantCode);

    await lea.hangUp();
    for (const caller of [pat, pia]) {
      await caller.waitForPrompt({ key: 'meeting.leader-left' });
      await caller.waitForHangup();
    }
    const meeting = await bridge.endedMeetingOf(conferenceId);
    expect(meeting.endReason).toBe('leader-left');
    expect(await bridge.closedLegOf(lea)).toMatchObject({ endReason: 'caller-hung-up' });
    expect(await bridge.closedLegOf(pat)).toMatchObject({ endReason: 'leader-left', leftAt: meeting.endedAt });
    expect(await bridge.closedLegOf(pia)).toMatchObject({ endReason: 'leader-left', leftAt: meeting.endedAt });
  });

  it('with automatic end off, the meeting goes on after the leader hangs up, until the last caller leaves', async () => {
    const { conferenceId, leaderCode, participantCode } = await bridge.conferenceWithCodes({ endOnLeaderHangup: false });
    const lea = await bridge.joinMeeting(leaderCode);
    const pat = await bridge.joinMeeting(participantCode);
    const pia = await bridge.joinMeeting(participantCode);

    await lea.hangUp();
    await pat.waitForPrompt({ key: 'tone.leave' });
    expect(await pat.heard()).not.toContainEqual(heardItem({ key: 'meeting.leader-left' }));
    expect(await bridge.canHear(pat, pia)).toBe(true);
    expect(await bridge.canHear(pia, pat)).toBe(true);

    await pat.hangUp();
    await pia.hangUp();
    const meeting = await bridge.endedMeetingOf(conferenceId);
    expect(meeting.endReason).toBe('empty');
    expect((await bridge.closedLegOf(pia)).leftAt).toBe(meeting.endedAt);
  });

  it('a leader whose line dropped calls again and rejoins the same meeting as its leader', async () => {
    const { conferenceId, leaderCode, participantCode } = await bridge.conferenceWithCodes({ endOnLeaderHangup: false });
    const lea = await bridge.joinMeeting(leaderCode, '4793333333');
    const pat = await bridge.joinMeeting(participantCode);
    await lea.hangUp();
    await pat.waitForPrompt({ key: 'tone.leave' });

    const back = await bridge.joinMeeting(leaderCode, '4793333333');
    await back.waitForPrompt({ key: 'meeting.others-present', count: 1 });
    expect(await bridge.canHear(pat, back)).toBe(true);
    // Leader powers came back with the call: ## ends the meeting for everyone.
    await back.press('##');
    await pat.waitForPrompt({ key: 'meeting.ended' });
    await pat.waitForHangup();

    const meeting = await bridge.endedMeetingOf(conferenceId);
    expect(meeting.endReason).toBe('ended-by-leader');
    const legs = (await bridge.allLegs()).filter((leg) => leg.conferenceId === conferenceId && leg.role === 'leader');
    expect(legs.map((leg) => leg.endReason)).toEqual(['caller-hung-up', 'meeting-ended']);
    expect(legs.every((leg) => leg.meetingId === meeting.meetingId)).toBe(true);
  });

  it('a single-code meeting: the first caller opens it as leader, the next joins as participant, and it goes on when the leader hangs up', async () => {
    const { conferenceId, singleCode } = await bridge.conferenceWithSingleCode();
    const first = await bridge.joinMeeting(singleCode);
    await first.waitForPrompt({ key: 'meeting.others-present', count: 0 });
    const second = await bridge.joinMeeting(singleCode);
    expect(await second.heard()).not.toContainEqual(heardItem({ key: 'admission.wait-for-leader' }));
    expect(await bridge.canHear(first, second)).toBe(true);
    expect(await bridge.legOf(first)).toMatchObject({ role: 'leader' });
    expect(await bridge.legOf(second)).toMatchObject({ role: 'participant' });

    // The first caller steers: #2 counts the two of them.
    await first.press('#2');
    await first.waitForPrompt({ key: 'meeting.count', count: 2 });

    // Automatic end is off by default for single-code meetings.
    await first.hangUp();
    await second.waitForPrompt({ key: 'tone.leave' });
    expect(await second.isHungUp()).toBe(false);
    expect((await bridge.meetingsOf(conferenceId))[0]).toMatchObject({ endedAt: null });
    await second.hangUp();
    expect((await bridge.endedMeetingOf(conferenceId)).endReason).toBe('empty');
  });

  it('in an auditorium participants join muted and are told so: they hear the leader, the leader does not hear them', async () => {
    const { leaderCode, participantCode } = await bridge.conferenceWithCodes({ roomType: 'large-auditorium' });
    const lea = await bridge.joinMeeting(leaderCode);
    const pat = await bridge.joinMeeting(participantCode);
    await pat.waitForPrompt({ key: 'caller.muted' });
    expect(await pat.isMuted()).toBe(true);
    expect(await bridge.canHear(pat, lea)).toBe(true);
    expect(await bridge.canHear(lea, pat)).toBe(false);
  });
});
