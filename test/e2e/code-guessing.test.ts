import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';
import { heardItem } from '../support/heard';

/**
 * The guessing limits as callers meet them, on the simulator or a real
 * Asterisk. A spike here is two wrong codes on the access number, and a
 * number is blocked at its third.
 */
const TRY_LATER = [heardItem({ key: 'call.try-later' })];

describe(`${e2eSuiteTitle()}: guessing codes`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({
      simulator: { timeScale: 0.05 },
      env: {
        KVORUM_SPIKE_FAILED_CODES_PER_ACCESS_NUMBER: '2',
        KVORUM_SPIKE_ARRIVAL_WAIT_MS: '1500',
        KVORUM_SPIKE_SLOWDOWN_MS: '200',
        KVORUM_MAX_FAILED_CODES_PER_CALLER: '3',
      },
    });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  it('a number blocked while one of its calls is typing gets "try later" for that call, even for the right code; the ledger keeps numbers as presented and normalised', async () => {
    const { participantCode } = await bridge.conferenceWithCodes();
    const typing = await bridge.dial('+4790000555');
    await typing.waitForPrompt({ key: 'code.enter' });
    const guesser = await bridge.dial('004790000555');
    await guesser.waitForPrompt({ key: 'code.enter' });
    for (const [count, code] of ['10000001', '10000002', '10000003'].entries()) {
      await guesser.press(`${code}#`);
      if (count < 2) await guesser.waitForPrompt({ key: 'code.invalid' }, { count: count + 1 });
    }
    await guesser.waitForHangup();
    expect((await guesser.heard()).slice(-1)).toEqual(TRY_LATER);

    await typing.press(`${participantCode}#`);
    await typing.waitForHangup();
    expect(await typing.heard()).toEqual([heardItem({ key: 'code.enter' }), ...TRY_LATER]);

    // The spike those wrong codes made: the next caller is answered after the wait, and the right code takes them in.
    const honest = await bridge.dial('91234567');
    await honest.waitForPrompt({ key: 'code.enter' }, { timeoutMs: 10_000 });
    await honest.press(`${participantCode}#`);
    await honest.waitForBridge('holding');
    expect(await bridge.legOf(honest)).toMatchObject({ callerNumber: '91234567', normalisedCallerNumber: '+4791234567' });
    await honest.hangUp();
  });
});
