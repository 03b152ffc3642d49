import { describe, expect, it } from 'vitest';
import { conferenceSettings } from '../support/conference-settings';
import { createInMemoryBridge } from '../support/in-memory-bridge';
import { heardItem } from '../support/heard';

const board = conferenceSettings();

function bridgeWithCodes(options: Parameters<typeof createInMemoryBridge>[0] = {}) {
  const bridge = createInMemoryBridge(options);
  bridge.code('111111', 'leader', board);
  bridge.code('222222', 'participant', board);
  return bridge;
}

describe('a caller entering a conference code', () => {
  it('is answered and asked for the code', async () => {
    const bridge = bridgeWithCodes();
    await bridge.call('alice');
    expect(bridge.telephony.channel('alice').answered).toBe(true);
    expect(bridge.telephony.channel('alice').heard).toEqual([heardItem({ key: 'code.enter' })]);
  });

  it('stops the prompt when a digit is pressed during it, and the digit counts', async () => {
    const bridge = bridgeWithCodes({ playbacks: 'manual' });
    await bridge.call('alice');
    const [prompt] = bridge.telephony.playbacksOf('alice');
    await bridge.press('alice', '2');
    expect(prompt?.state).toBe('stopped');
    await bridge.press('alice', '22222#');
    expect(bridge.telephony.channel('alice').heard).toContainEqual(heardItem({ key: 'admission.wait-for-leader' }));
  });

  it('hears "invalid" and the prompt again after a wrong code, and may then get it right', async () => {
    const bridge = bridgeWithCodes();
    await bridge.call('alice');
    await bridge.press('alice', '999999#');
    expect(bridge.telephony.channel('alice').heard).toEqual([
      heardItem({ key: 'code.enter' }),
      heardItem({ key: 'code.invalid' }),
      heardItem({ key: 'code.enter' }),
    ]);
    await bridge.press('alice', '222222#');
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
  });

  it('starts over after * clears what was typed', async () => {
    const bridge = bridgeWithCodes();
    await bridge.call('alice');
    await bridge.press('alice', '99*222222#');
    expect(bridge.telephony.channel('alice').heard).not.toContainEqual(heardItem({ key: 'code.invalid' }));
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
  });

  it('ignores the keys A to D', async () => {
    const bridge = bridgeWithCodes();
    await bridge.call('alice');
    await bridge.press('alice', '222A222#');
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
  });

  it('hears goodbye and is hung up after three wrong codes, with no leg written', async () => {
    const bridge = bridgeWithCodes();
    await bridge.call('alice');
    await bridge.press('alice', '1#2#');
    expect(bridge.telephony.channel('alice').gone).toBe(false);
    await bridge.press('alice', '3#');
    const alice = bridge.telephony.channel('alice');
    expect(alice.heard.at(-1)).toEqual(heardItem({ key: 'call.goodbye' }));
    expect(alice.hungUpByApp).toBe(true);
    expect(bridge.ledger.legs.size).toBe(0);
  });

  it('counts # alone as a failed try', async () => {
    const bridge = bridgeWithCodes();
    await bridge.call('alice');
    await bridge.press('alice', '###');
    expect(bridge.telephony.channel('alice').heard.at(-1)).toEqual(heardItem({ key: 'call.goodbye' }));
    expect(bridge.telephony.channel('alice').hungUpByApp).toBe(true);
  });

  it('hears the prompt again when no digit comes within the first-digit timeout after the prompt', async () => {
    const bridge = bridgeWithCodes({ playbacks: 'manual' });
    await bridge.call('alice');
    // The timer only starts once the prompt has finished.
    await bridge.advance(30_000);
    expect(bridge.telephony.channel('alice').heard).toEqual([heardItem({ key: 'code.enter' })]);
    bridge.telephony.finishPlayback(bridge.telephony.playbacksOf('alice')[0]!.id);
    await bridge.settle();
    await bridge.advance(9_999);
    expect(bridge.telephony.channel('alice').heard).toEqual([heardItem({ key: 'code.enter' })]);
    await bridge.advance(1);
    expect(bridge.telephony.channel('alice').heard).toEqual([heardItem({ key: 'code.enter' }), heardItem({ key: 'code.enter' })]);
  });

  it('is sent away after three silent timeouts', async () => {
    const bridge = bridgeWithCodes();
    await bridge.call('alice');
    await bridge.advance(10_000);
    await bridge.advance(10_000);
    await bridge.advance(10_000);
    expect(bridge.telephony.channel('alice').heard.at(-1)).toEqual(heardItem({ key: 'call.goodbye' }));
    expect(bridge.telephony.channel('alice').hungUpByApp).toBe(true);
  });

  it('has what was typed checked when the caller pauses longer than the inter-digit timeout', async () => {
    const bridge = bridgeWithCodes();
    await bridge.call('alice');
    await bridge.press('alice', '222222');
    await bridge.advance(4_999);
    expect(bridge.telephony.bridgeKindOf('alice')).toBeNull();
    await bridge.advance(1);
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
  });

  it('forgets a caller who hangs up while typing', async () => {
    const bridge = bridgeWithCodes();
    await bridge.call('alice');
    await bridge.press('alice', '22');
    await bridge.hangUp('alice');
    await bridge.advance(60_000);
    expect(bridge.clock.pendingTimers()).toBe(0);
    expect(bridge.ledger.legs.size).toBe(0);
  });
});
