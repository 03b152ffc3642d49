import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/app/ports/clock-and-ids';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';
import { said, timesHeard } from '../support/heard';

// The maximum duration is set in whole minutes, so Kvorum gets a clock whose
// timers of a minute or more run sixty times faster: a 6-minute meeting lasts
// 6 s, long enough on a real Asterisk for the leader to hear the count and the
// warning out before the end. Shorter timers (code entry) run in real time.
const minutesAsSeconds: Clock = {
  now: () => Date.now(),
  after(ms, fire) {
    const timer = setTimeout(fire, ms >= 60_000 ? ms / 60 : ms);
    return { cancel: () => clearTimeout(timer) };
  },
};

describe(`${e2eSuiteTitle()}: a meeting with a maximum duration`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({ clock: minutesAsSeconds });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it('five minutes before the end the leader hears a beep and "you have 5 minutes"; at the limit everyone hears that the meeting has ended and is hung up', async () => {
    const { conferenceId, leaderCode, participantCode } = await bridge.conferenceWithCodes({ maxDurationMinutes: 6 });
    const pat = await bridge.callIn(participantCode);
    await pat.waitForBridge('holding');
    const lea = await bridge.joinMeeting(leaderCode);

    // The warning comes a minute (1 s) into the meeting, the end at six (6 s).
    const meetingLength = { timeoutMs: 20_000 };
    await lea.waitForPrompt({ key: 'meeting.minutes-left', minutes: 5 }, meetingLength);
    const warning = said('en', { key: 'tone.beep' }, { key: 'meeting.minutes-left', minutes: 5 });
    expect((await lea.heard()).slice(-warning.length)).toEqual(warning);
    for (const caller of [lea, pat]) {
      await caller.waitForPrompt({ key: 'meeting.ended' }, meetingLength);
      await caller.waitForHangup(meetingLength);
    }
    expect(timesHeard(await pat.heard(), { key: 'meeting.minutes-left', minutes: 5 })).toBe(0);

    const meeting = await bridge.endedMeetingOf(conferenceId);
    expect(meeting.endReason).toBe('duration-limit');
    for (const caller of [lea, pat]) {
      expect(await bridge.closedLegOf(caller)).toMatchObject({ endReason: 'meeting-ended', leftAt: meeting.endedAt });
    }
  });
});
