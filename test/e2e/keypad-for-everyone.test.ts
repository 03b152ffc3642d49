import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keypadHelp } from '../../src/domain/keypad/keypad-help';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';
import { said } from '../support/heard';

/** Long enough for a real Asterisk to send two keys in a row, short enough to wait out. */
const COMMAND_TIMEOUT_MS = 1000;

describe(`${e2eSuiteTitle()}: a keypad for every caller`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({ env: { KVORUM_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) } });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  /** A leader and two participants in an open meeting, done hearing its prompts and tones. */
  async function meetingOfThree(setup: Parameters<BridgeUnderTest['conferenceWithCodes']>[0] = {}) {
    const three = await bridge.meetingOfThree(setup);
    for (const caller of [three.lea, three.pat, three.pia]) await caller.waitUntilQuiet();
    return three;
  }

  it.each([
    ['the leader', 'lea'],
    ['a participant', 'pat'],
  ] as const)('*6: %s mutes and unmutes themself', async (_, who) => {
    const three = await meetingOfThree();
    const [caller, other] = who === 'lea' ? [three.lea, three.pat] : [three.pat, three.lea];
    await caller.press('*6');
    await caller.waitForPrompt({ key: 'caller.muted' });
    await caller.waitForMuted(true);
    expect(await bridge.canHear(other, caller)).toBe(false);
    expect(await bridge.canHear(caller, other)).toBe(true);
    await caller.press('*6');
    await caller.waitForPrompt({ key: 'caller.unmuted' });
    await caller.waitForMuted(false);
    expect(await bridge.canHear(other, caller)).toBe(true);
  });

  it('*6 is refused while the leader has everyone muted (listen mode): the caller hears why, and how to raise a hand', async () => {
    const { lea, pat } = await meetingOfThree();
    await lea.press('*5');
    await pat.waitForMuted(true);
    await pat.waitUntilQuiet();
    await pat.press('*6');
    await pat.waitForPrompt({ key: 'caller.muted-by-host' });
    await pat.waitForPrompt({ key: 'keypad.toggle-hand' });
    expect(await pat.isMuted()).toBe(true);
    expect(await bridge.canHear(lea, pat)).toBe(false);
  });

  it('an auditorium: listeners join muted, raise hands with *9; #1 counts them; the leader’s *9 gives the floor to the first', async () => {
    const { lea, pat, pia } = await meetingOfThree({ roomType: 'small-auditorium' });
    for (const listener of [pat, pia]) expect(await listener.isMuted()).toBe(true);
    await pia.press('*9');
    await pia.waitForPrompt({ key: 'hand.raised' });
    await lea.waitForPrompt({ key: 'hands.first-raised' });
    await pat.press('*9');
    await pat.waitForPrompt({ key: 'hand.raised' });
    await lea.waitUntilQuiet();
    await lea.press('#1');
    await lea.waitForPrompt({ key: 'hands.count', count: 2 });
    await lea.waitUntilQuiet();

    await lea.press('*9');
    await lea.waitForPrompt({ key: 'hands.floor-given' });
    await pia.waitForPrompt({ key: 'hand.floor-given' });
    await pia.waitForMuted(false);
    expect(await bridge.canHear(lea, pia)).toBe(true);
    expect(await pat.isMuted()).toBe(true);
    const live = await bridge.api(await bridge.operatorToken(), 'GET', `/live`);
    const listeners = live.json.conferences.flatMap((conference: { participants: Array<{ channelId: string; handRaised: boolean }> }) =>
      conference.participants.filter((p) => p.channelId === pat.channelId || p.channelId === pia.channelId),
    );
    expect(listeners.map((p: { channelId: string; handRaised: boolean }) => [p.channelId, p.handRaised])).toEqual([
      [pat.channelId, true],
      [pia.channelId, false],
    ]);
  });

  it('#0 disconnects every participant; the leader stays and the meeting goes on (## would end it)', async () => {
    const { conferenceId, lea, pat, pia, participantCode } = await meetingOfThree();
    await lea.press('#0');
    await lea.waitForPrompt({ key: 'leader.participants-disconnected' });
    for (const caller of [pat, pia]) {
      await caller.waitForPrompt({ key: 'caller.disconnected' });
      await caller.waitForHangup();
      expect(await bridge.closedLegOf(caller)).toMatchObject({ endReason: 'disconnected' });
    }
    expect(await lea.isHungUp()).toBe(false);
    expect((await bridge.meetingsOf(conferenceId))[0]).toMatchObject({ endedAt: null });
    const next = await bridge.joinMeeting(participantCode);
    expect((await bridge.legOf(next)).meetingId).toBe((await bridge.meetingsOf(conferenceId))[0]?.meetingId);
  });

  it('*1: each caller hears the keys of their own role', async () => {
    const { lea, pat } = await meetingOfThree();
    await pat.press('*1');
    await pat.waitForPrompt({ key: 'keypad.toggle-hand' });
    expect((await pat.heard()).slice(-said('en', ...keypadHelp('participant')).length)).toEqual(said('en', ...keypadHelp('participant')));
    await lea.press('*1');
    await lea.waitForPrompt({ key: 'keypad.end-meeting' }, { timeoutMs: 60_000 });
    expect((await lea.heard()).slice(-said('en', ...keypadHelp('leader')).length)).toEqual(said('en', ...keypadHelp('leader')));
  });
});
