import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';
import { heardItem, timesHeard } from '../support/heard';

/**
 * Prompts last 100 ms here (time scale 0.05), so a key can land while one is
 * playing; the timeouts are short so that waiting them out takes well under a second.
 */
const FIRST_DIGIT_TIMEOUT_MS = 400;
const INTER_DIGIT_TIMEOUT_MS = 400;

describe(`${e2eSuiteTitle()}: typing the conference code`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({
      simulator: { timeScale: 0.05 },
      env: {
        KVORUM_FIRST_DIGIT_TIMEOUT_MS: String(FIRST_DIGIT_TIMEOUT_MS),
        KVORUM_INTER_DIGIT_TIMEOUT_MS: String(INTER_DIGIT_TIMEOUT_MS),
      },
    });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it('Kvorum answers with the code prompt; the code and # take the caller in, and the leg records who called which number', async () => {
    const { conferenceId, leaderCode } = await bridge.conferenceWithCodes();
    const lea = await bridge.dial('4794444444');
    await lea.waitForPrompt({ key: 'code.enter' });
    await lea.press(`${leaderCode}#`);
    await lea.waitForBridge('mixing');
    await lea.waitForPrompt({ key: 'meeting.others-present', count: 0 });
    expect(await bridge.legOf(lea)).toMatchObject({
      conferenceId,
      role: 'leader',
      callerNumber: '4794444444',
      dialledNumber: bridge.world.accessNumber,
      leftAt: null,
    });
  });

  it('a wrong code is answered "invalid" and the caller tries again', async () => {
    const { leaderCode } = await bridge.conferenceWithCodes();
    const lea = await bridge.callIn(wrongCode(leaderCode));
    await lea.waitForPrompt({ key: 'code.invalid' });
    await lea.waitForPrompt({ key: 'code.enter' }, { count: 2 });
    await lea.press(`${leaderCode}#`);
    await lea.waitForBridge('mixing');
  });

  it('after three wrong codes the caller hears goodbye and is hung up, and no leg is written', async () => {
    const { participantCode } = await bridge.conferenceWithCodes();
    const caller = await bridge.callIn(wrongCode(participantCode));
    for (let tries = 2; tries <= 3; tries++) {
      await caller.waitForPrompt({ key: 'code.enter' }, { count: tries });
      await caller.press(`${wrongCode(participantCode)}#`);
    }
    await caller.waitForPrompt({ key: 'call.goodbye' });
    await caller.waitForHangup();
    expect(timesHeard(await caller.heard(), { key: 'code.invalid' })).toBe(2);
    expect((await bridge.allLegs()).filter((leg) => leg.channelId === caller.channelId)).toEqual([]);
  });

  it('* clears what was typed so far', async () => {
    const { leaderCode } = await bridge.conferenceWithCodes();
    const lea = await bridge.dial();
    await lea.waitForPrompt({ key: 'code.enter' });
    await lea.press(`98*${leaderCode}#`);
    await lea.waitForBridge('mixing');
    expect(await lea.heard()).not.toContainEqual(heardItem({ key: 'code.invalid' }));
  });

  it('a key pressed during a prompt stops it: the caller who types over "invalid code" never hears the code prompt again', async () => {
    const { leaderCode } = await bridge.conferenceWithCodes();
    const lea = await bridge.callIn(wrongCode(leaderCode));
    await lea.waitForPrompt({ key: 'code.invalid' });
    await lea.press(`${leaderCode}#`);
    await lea.waitForPrompt({ key: 'meeting.others-present', count: 0 });
    expect(await lea.heard()).toEqual([
      heardItem({ key: 'code.enter' }),
      heardItem({ key: 'code.invalid' }),
      heardItem({ key: 'meeting.others-present', count: 0 }),
    ]);
  });

  it('a caller who types nothing hears the code prompt again, and after three silences goodbye', async () => {
    const caller = await bridge.dial();
    await caller.waitForPrompt({ key: 'code.enter' }, { count: 2 });
    await caller.waitForPrompt({ key: 'code.enter' }, { count: 3 });
    await caller.waitForPrompt({ key: 'call.goodbye' });
    await caller.waitForHangup();
    expect(await caller.heard()).toEqual([
      heardItem({ key: 'code.enter' }),
      heardItem({ key: 'code.enter' }),
      heardItem({ key: 'code.enter' }),
      heardItem({ key: 'call.goodbye' }),
    ]);
  });

  it('a code typed without # is taken once the caller pauses', async () => {
    const { leaderCode } = await bridge.conferenceWithCodes();
    const lea = await bridge.dial();
    await lea.waitForPrompt({ key: 'code.enter' });
    await lea.press(leaderCode);
    await lea.waitForBridge('mixing');
    expect(await lea.heard()).not.toContainEqual(heardItem({ key: 'code.invalid' }));
  });

  it('a caller who stops halfway through the code has what was typed checked after the pause: half a code is invalid', async () => {
    const { leaderCode } = await bridge.conferenceWithCodes();
    const lea = await bridge.dial();
    await lea.waitForPrompt({ key: 'code.enter' });
    const half = Math.floor(leaderCode.length / 2);
    await lea.press(leaderCode.slice(0, half));
    await lea.waitForPrompt({ key: 'code.invalid' });
  });
});

/** A code that is certainly not `code` (nor, with 6+ digits, any other conference's in this suite). */
function wrongCode(code: string): string {
  return code.startsWith('0') ? `1${code.slice(1)}` : `0${code.slice(1)}`;
}
