import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';

/** The dialplan's fallback (asterisk-config/extensions.conf) when Kvorum's Stasis app is not connected: Asterisk's own English. */
const ALL_CIRCUITS_BUSY = ['sound:all-circuits-busy-now', 'sound:please-try-call-later'].map((media) => ({ media, language: 'en' }));

describe(`${e2eSuiteTitle()}: the access number without Kvorum`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({ startKvorum: false });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it('a caller who dials while Kvorum is not connected hears that all circuits are busy and is hung up, not left in silence', async () => {
    const caller = await bridge.dial();
    await caller.waitForHangup();
    expect(await caller.heard()).toEqual(ALL_CIRCUITS_BUSY);
  });

  it('once Kvorum is connected the same number answers with the code prompt, and after it stops callers hear the busy prompt again', async () => {
    await bridge.startKvorum();
    const answered = await bridge.dial();
    await answered.waitForPrompt({ key: 'code.enter' });
    expect(await answered.heard()).not.toContainEqual(ALL_CIRCUITS_BUSY[0]);

    await bridge.stopKvorum();
    // Stopping is graceful: the caller typing a code is told goodbye.
    await answered.waitForPrompt({ key: 'call.goodbye' });
    await answered.waitForHangup();
    const turnedAway = await bridge.dial();
    await turnedAway.waitForHangup();
    expect(await turnedAway.heard()).toEqual(ALL_CIRCUITS_BUSY);
  });
});
