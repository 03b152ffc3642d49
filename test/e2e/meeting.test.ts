import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';

describe(`${e2eSuiteTitle()}: a meeting`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start();
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it('a participant who calls before the leader hears the wait prompt, waits with music without being charged, and is connected when the leader opens the meeting', async () => {
    const { conferenceId, leaderCode, participantCode } = bridge.conferenceWithCodes();

    const pat = await bridge.callIn(participantCode, '4791111111');
    await pat.waitForMedia('sound:conf-waitforleader');
    await pat.waitForBridge('holding');
    expect(await pat.hasMusicOnHold()).toBe(true);
    expect(await bridge.legOf(pat)).toMatchObject({ role: 'participant', meetingId: null, enteredAt: null, leftAt: null });
    expect(bridge.meetingsOf(conferenceId)).toEqual([]);

    const lea = await bridge.joinMeeting(leaderCode, '4792222222');
    await pat.waitForBridge('mixing');
    expect(await pat.hasMusicOnHold()).toBe(false);
    expect(await bridge.canHear(pat, lea)).toBe(true);
    expect(await bridge.canHear(lea, pat)).toBe(true);
    await lea.waitForMedia('sound:confbridge-only-one');
    await pat.waitForMedia('sound:confbridge-join');

    const meeting = await bridge.onlyMeetingOf(conferenceId);
    expect(meeting).toMatchObject({ endedAt: null });
    // Waiting was free: both are charged from the instant the leader opened the meeting.
    expect(await bridge.legOf(pat)).toMatchObject({ meetingId: meeting.meetingId, enteredAt: meeting.startedAt, callerNumber: '4791111111', dialledNumber: bridge.world.accessNumber });
    expect(await bridge.legOf(lea)).toMatchObject({ role: 'leader', meetingId: meeting.meetingId, enteredAt: meeting.startedAt });
  });
});
