import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/app/ports/clock-and-ids';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';
import type { PromptLanguage } from '../../src/domain/prompts/languages';
import { heardItem, said, timesHeard } from '../support/heard';

// Timers of a minute or more run 600 times faster: the basic plan's 40 minutes last 4 s,
// its warning comes at 35 minutes (3.5 s). Code entry's timers run in real time.
const minutesAsTenthsOfSeconds: Clock = {
  now: () => Date.now(),
  after(ms, fire) {
    const timer = setTimeout(fire, ms >= 60_000 ? ms / 600 : ms);
    return { cancel: () => clearTimeout(timer) };
  },
};

describe(`${e2eSuiteTitle()}: the limits of a host's licence on the phone`, () => {
  let bridge: BridgeUnderTest;
  let operator: string;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({ clock: minutesAsTenthsOfSeconds });
    operator = await bridge.operatorToken();
  });
  afterAll(async () => {
    await bridge?.close();
  });

  /** A host with a licence of `planId` and a room it owns, speaking `language`; the room's codes. */
  async function licensedRoom(planId: string, language: PromptLanguage = 'en') {
    const name = `${planId} ${language}`;
    const host = (
      await bridge.api(operator, 'POST', '/users', { name: `Host on ${name}`, role: 'user', email: `${planId}.${language}@acme.test` })
    ).json;
    const licence = await bridge.api(operator, 'POST', `/users/${host.id}/licences`, { planId });
    expect(licence.status).toBe(201);
    const room = (await bridge.api(operator, 'POST', '/conferences', { name: `Room on ${name}`, ownerUserId: host.id, language })).json;
    const code = (role: string) => room.codes.find((c: { role: string }) => c.role === role).code as string;
    return { conferenceId: room.conference.id as string, leaderCode: code('leader'), participantCode: code('participant') };
  }

  it('under basic, a meeting that becomes a group is warned five minutes before 40 minutes and ended at 40', async () => {
    const { conferenceId, leaderCode, participantCode } = await licensedRoom('basic');
    const leader = await bridge.joinMeeting(leaderCode);
    const first = await bridge.joinMeeting(participantCode);
    // Two people: one-to-one, no limit yet. The third makes it a group meeting.
    const second = await bridge.joinMeeting(participantCode);

    const groupLength = { timeoutMs: 20_000 };
    for (const caller of [leader, first, second]) await caller.waitForPrompt({ key: 'meeting.minutes-left', minutes: 5 }, groupLength);
    const warning = said('en', { key: 'tone.beep' }, { key: 'meeting.minutes-left', minutes: 5 });
    expect((await second.heard()).slice(-warning.length)).toEqual(warning);
    for (const caller of [leader, first, second]) {
      await caller.waitForPrompt({ key: 'meeting.ended' }, groupLength);
      await caller.waitForHangup(groupLength);
    }
    const meeting = await bridge.endedMeetingOf(conferenceId);
    expect(meeting.endReason).toBe('group-time-limit');
  });

  it('the group warning and the end are said to each caller in their own language: the room’s bokmål, or the English they chose', async () => {
    const { leaderCode, participantCode } = await licensedRoom('basic', 'nb');
    const leader = await bridge.joinMeeting(leaderCode);
    const first = await bridge.joinMeeting(participantCode);
    // * before the code: English for the rest of this call.
    const english = await bridge.dial();
    await english.waitForPrompt({ key: 'code.enter' });
    await english.press(`*${participantCode}#`);
    await english.waitForBridge('mixing');

    const groupLength = { timeoutMs: 20_000 };
    const minutesLeft = { key: 'meeting.minutes-left', minutes: 5 } as const;
    for (const caller of [leader, first]) await caller.waitForPrompt(minutesLeft, { ...groupLength, language: 'nb' });
    await english.waitForPrompt(minutesLeft, { ...groupLength, language: 'en' });
    for (const [caller, language, other] of [
      [leader, 'nb', 'en'],
      [first, 'nb', 'en'],
      [english, 'en', 'nb'],
    ] as const) {
      const heard = await caller.heard();
      expect(timesHeard(heard, minutesLeft, language)).toBe(1);
      expect(timesHeard(heard, minutesLeft, other)).toBe(0);
    }

    await first.waitForPrompt({ key: 'meeting.ended' }, { ...groupLength, language: 'nb' });
    await english.waitForPrompt({ key: 'meeting.ended' }, { ...groupLength, language: 'en' });
    for (const caller of [leader, first, english]) await caller.waitForHangup(groupLength);
  });

  it("a caller beyond the plan's limit of people (the host counted) hears that the meeting is full; a leader still gets in", async () => {
    const plan = await bridge.api(operator, 'POST', '/licence-plans', {
      id: 'pair',
      name: 'Pair',
      priceOrePerYear: 0,
      maxParticipants: 2,
      groupTimeLimitMinutes: null,
    });
    expect(plan.status).toBe(201);
    const { leaderCode, participantCode } = await licensedRoom('pair');
    await bridge.joinMeeting(leaderCode);
    await bridge.joinMeeting(participantCode);
    const turnedAway = await bridge.callIn(participantCode);
    await turnedAway.waitForPrompt({ key: 'admission.full' });
    await turnedAway.waitForHangup();
    const secondLeader = await bridge.joinMeeting(leaderCode);
    expect(await secondLeader.heard()).not.toContainEqual(heardItem({ key: 'admission.full' }));
  });
});
