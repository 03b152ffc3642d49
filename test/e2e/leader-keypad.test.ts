import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';
import { heardItem, said } from '../support/heard';

/** Long enough for a real Asterisk to send two keys in a row, short enough to wait out. */
const COMMAND_TIMEOUT_MS = 1000;

describe(`${e2eSuiteTitle()}: the leader's keypad`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({ env: { KVORUM_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) } });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  /** A leader and two participants in an open meeting, done hearing its join tones. */
  async function meetingOfThree(setup: Parameters<BridgeUnderTest['conferenceWithCodes']>[0] = {}) {
    const three = await bridge.meetingOfThree(setup);
    // Settled once the join tones have played: the leader heard two, the first participant one.
    await three.lea.waitForPrompt({ key: 'tone.join' }, { count: 2 });
    await three.pat.waitForPrompt({ key: 'tone.join' });
    return three;
  }

  it('#2: the leader hears how many are in the meeting, the leader included', async () => {
    const { lea } = await meetingOfThree();
    await lea.press('#2');
    await lea.waitForPrompt({ key: 'meeting.count', count: 3 });
    expect((await lea.heard()).slice(-3)).toEqual(said('en', { key: 'meeting.count', count: 3 }));

    const alone = await bridge.conferenceWithCodes();
    const solo = await bridge.joinMeeting(alone.leaderCode);
    await solo.press('#2');
    await solo.waitForPrompt({ key: 'meeting.count', count: 1 });
  });

  it('*5: listen mode mutes every participant but not the leader, newcomers join muted, and *5 again lets them talk', async () => {
    const { lea, pat, pia, participantCode } = await meetingOfThree();
    await lea.press('*5');
    await lea.waitForPrompt({ key: 'leader.listen-mode-on' });
    await pat.waitForMuted(true);
    await pia.waitForMuted(true);
    expect(await bridge.canHear(lea, pat)).toBe(false);
    expect(await bridge.canHear(pia, pat)).toBe(false);
    expect(await bridge.canHear(pat, lea)).toBe(true);
    expect(await lea.isMuted()).toBe(false);

    const late = await bridge.joinMeeting(participantCode);
    await late.waitForPrompt({ key: 'caller.muted' });
    expect(await late.isMuted()).toBe(true);
    expect(await bridge.canHear(lea, late)).toBe(false);

    await lea.press('*5');
    await lea.waitForPrompt({ key: 'leader.listen-mode-off' });
    for (const caller of [pat, pia, late]) await caller.waitForMuted(false);
    expect(await bridge.canHear(lea, late)).toBe(true);
    expect(await bridge.canHear(pat, pia)).toBe(true);
  });

  // *6, now everyone's own mute, is in keypad-for-everyone.test.ts.

  it('*7: a locked meeting turns new callers away, a caller who drops cannot get back in, and *7 again opens it', async () => {
    const { conferenceId, lea, pat, participantCode } = await meetingOfThree();
    await lea.press('*7');
    await lea.waitForPrompt({ key: 'leader.locked' });

    const newcomer = await bridge.callIn(participantCode);
    await newcomer.waitForPrompt({ key: 'admission.locked' });
    await newcomer.waitForHangup();
    expect(await bridge.closedLegOf(newcomer)).toMatchObject({ meetingId: null, enteredAt: null, endReason: 'locked' });

    await pat.hangUp();
    const again = await bridge.callIn(participantCode);
    await again.waitForPrompt({ key: 'admission.locked' });
    await again.waitForHangup();

    await lea.press('*7');
    await lea.waitForPrompt({ key: 'leader.unlocked' });
    const welcome = await bridge.joinMeeting(participantCode);
    expect(await bridge.canHear(lea, welcome)).toBe(true);
    expect((await bridge.legOf(welcome)).meetingId).toBe((await bridge.meetingsOf(conferenceId))[0]?.meetingId);
  });

  it('#9: the leader turns automatic end off, hangs up, and the others carry on', async () => {
    const { conferenceId, lea, pat, pia } = await meetingOfThree();
    await lea.press('#9');
    await lea.waitForPrompt({ key: 'leader.auto-end-off' });
    await lea.hangUp();
    await pat.waitForPrompt({ key: 'tone.leave' });
    expect(await pat.heard()).not.toContainEqual(heardItem({ key: 'meeting.leader-left' }));
    expect(await bridge.canHear(pat, pia)).toBe(true);
    expect((await bridge.meetingsOf(conferenceId))[0]).toMatchObject({ endedAt: null });
  });

  it('#9 twice: automatic end is back on, and the leader hanging up ends the meeting', async () => {
    const { conferenceId, lea, pat } = await meetingOfThree({ endOnLeaderHangup: false });
    await lea.press('#9');
    await lea.waitForPrompt({ key: 'leader.auto-end-on' });
    await lea.hangUp();
    await pat.waitForPrompt({ key: 'meeting.leader-left' });
    await pat.waitForHangup();
    expect((await bridge.endedMeetingOf(conferenceId)).endReason).toBe('leader-left');
  });

  it('##: everyone hears that the meeting has ended and is hung up; the legs and the meeting are closed at that instant', async () => {
    const { conferenceId, lea, pat, pia } = await meetingOfThree();
    await lea.press('##');
    for (const caller of [lea, pat, pia]) {
      await caller.waitForPrompt({ key: 'meeting.ended' });
      await caller.waitForHangup();
    }
    const meeting = await bridge.endedMeetingOf(conferenceId);
    expect(meeting.endReason).toBe('ended-by-leader');
    for (const caller of [lea, pat, pia]) {
      expect(await bridge.closedLegOf(caller)).toMatchObject({
        meetingId: meeting.meetingId,
        enteredAt: expect.any(Number),
        leftAt: meeting.endedAt,
        endReason: 'meeting-ended',
      });
    }
  });

  it('a command whose second key comes too late does nothing, and neither does an unknown pair', async () => {
    const { lea, pat } = await meetingOfThree();
    await lea.press('*5', { gapMs: COMMAND_TIMEOUT_MS + 300 });
    await lea.press('*3');
    // #2 is answered only after the keys before it were read: the barrier.
    await lea.press('#2');
    await lea.waitForPrompt({ key: 'meeting.count', count: 3 });
    expect(await pat.isMuted()).toBe(false);
    expect(await lea.heard()).not.toContainEqual(heardItem({ key: 'leader.listen-mode-on' }));
    expect(await bridge.canHear(lea, pat)).toBe(true);
  });

  it("a participant's keys do nothing and nobody hears them", async () => {
    const { conferenceId, lea, pat, pia } = await meetingOfThree();
    const before = await pat.heard();
    await pat.press('*5*7#9##');
    await lea.press('#2');
    await lea.waitForPrompt({ key: 'meeting.count', count: 3 });

    expect(await pia.isMuted()).toBe(false);
    expect(await bridge.canHear(lea, pia)).toBe(true);
    expect(await pat.heard()).toEqual(before);
    expect((await bridge.meetingsOf(conferenceId))[0]).toMatchObject({ endedAt: null });
    expect(await lea.heardKeys()).toEqual([]);
    expect(await pia.heardKeys()).toEqual([]);
    // Nor are the leader's own commands heard by the others.
    expect(await pat.heardKeys()).toEqual([]);
  });
});
