import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';

describe(`${e2eSuiteTitle()}: an operator steering a live meeting over the admin API`, () => {
  let bridge: BridgeUnderTest;
  let token: string;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start();
    token = await bridge.operatorToken();
  });
  afterAll(async () => {
    await bridge?.close();
  });

  async function liveMeeting() {
    const codes = await bridge.conferenceWithCodes();
    const lea = await bridge.joinMeeting(codes.leaderCode);
    const pat = await bridge.joinMeeting(codes.participantCode);
    const pia = await bridge.joinMeeting(codes.participantCode);
    const live = `/conferences/${codes.conferenceId}/live`;
    return { ...codes, lea, pat, pia, live };
  }

  it('the live view lists who is in the meeting', async () => {
    const { lea, pat, live } = await liveMeeting();
    const response = await bridge.api(token, 'GET', live);
    expect(response.status).toBe(200);
    expect(response.json.meetingId).toEqual(expect.any(String));
    const legIds = response.json.participants.map((participant: { legId: string }) => participant.legId);
    expect(legIds).toContain((await bridge.legOf(lea)).legId);
    expect(legIds).toContain((await bridge.legOf(pat)).legId);
    expect(response.json.participants).toHaveLength(3);
  });

  it('muting one participant: they are told, and nobody hears them until they are unmuted', async () => {
    const { lea, pat, pia, live } = await liveMeeting();
    const { legId } = await bridge.legOf(pat);
    const muted = await bridge.api(token, 'POST', `${live}/participants/${legId}/mute`, { muted: true });
    expect(muted.status).toBe(200);
    await pat.waitForPrompt({ key: 'caller.muted' });
    await pat.waitForMuted(true);
    expect(await bridge.canHear(lea, pat)).toBe(false);
    expect(await bridge.canHear(pia, pat)).toBe(false);
    expect(await bridge.canHear(lea, pia)).toBe(true);

    await bridge.api(token, 'POST', `${live}/participants/${legId}/mute`, { muted: false });
    await pat.waitForPrompt({ key: 'caller.unmuted' });
    await pat.waitForMuted(false);
    expect(await bridge.canHear(lea, pat)).toBe(true);
  });

  it('listen mode: every participant but the leader is muted, and newcomers join muted', async () => {
    const { lea, pat, pia, live, participantCode } = await liveMeeting();
    const response = await bridge.api(token, 'POST', `${live}/listen-mode`, { on: true });
    expect(response.status).toBe(200);
    await pat.waitForMuted(true);
    await pia.waitForMuted(true);
    expect(await lea.isMuted()).toBe(false);
    expect(await bridge.canHear(pat, lea)).toBe(true);

    const late = await bridge.joinMeeting(participantCode);
    await late.waitForPrompt({ key: 'caller.muted' });
    expect(await bridge.canHear(lea, late)).toBe(false);
  });

  it('removing a participant: they hear that they were removed and are hung up; the leg says so', async () => {
    const { lea, pat, live } = await liveMeeting();
    const { legId } = await bridge.legOf(pat);
    const response = await bridge.api(token, 'DELETE', `${live}/participants/${legId}`);
    expect(response.status).toBe(200);
    await pat.waitForPrompt({ key: 'caller.removed' });
    await pat.waitForHangup();
    await lea.waitForPrompt({ key: 'tone.leave' });
    expect(await bridge.closedLegOf(pat)).toMatchObject({ endReason: 'removed' });
    expect(response.json.participants.map((participant: { legId: string }) => participant.legId)).not.toContain(legId);
  });

  it('locking: a new caller hears that the meeting is locked and is hung up', async () => {
    const { live, participantCode } = await liveMeeting();
    expect((await bridge.api(token, 'POST', `${live}/lock`, { locked: true })).status).toBe(200);
    const newcomer = await bridge.callIn(participantCode);
    await newcomer.waitForPrompt({ key: 'admission.locked' });
    await newcomer.waitForHangup();
    expect(await bridge.closedLegOf(newcomer)).toMatchObject({ enteredAt: null, endReason: 'locked' });
  });

  it('ending: everyone hears that the meeting has ended and is hung up; the meeting ends "by an admin"', async () => {
    const { conferenceId, lea, pat, pia, live } = await liveMeeting();
    expect((await bridge.api(token, 'POST', `${live}/end`)).status).toBe(200);
    for (const caller of [lea, pat, pia]) {
      await caller.waitForPrompt({ key: 'meeting.ended' });
      await caller.waitForHangup();
      expect(await bridge.closedLegOf(caller)).toMatchObject({ endReason: 'meeting-ended' });
    }
    expect((await bridge.endedMeetingOf(conferenceId)).endReason).toBe('ended-by-admin');
    expect((await bridge.api(token, 'GET', live)).status).toBe(409);
  });
});
