import { describe, expect, it } from 'vitest';
import { ChannelGoneError, TelephonyError } from '../../src/app/ports/telephony';
import {
  createBridgeWithConference,
  createInMemoryBridge,
  LEADER_CODE as LEADER,
  PARTICIPANT_CODE as PARTICIPANT,
} from '../support/in-memory-bridge';
import { InMemoryLedger } from '../support/in-memory-ledger';
import { heardItem } from '../support/heard';

const bridgeWithCodes = (options: Parameters<typeof createInMemoryBridge>[0] = {}) => createBridgeWithConference({}, options);

describe('the bridge when things go wrong', () => {
  it('a fault joining one caller hangs that caller up, closes the leg as lost, and leaves the others alone', async () => {
    const bridge = bridgeWithCodes();
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.call('sam');
    bridge.telephony.failNext('addToBridge', 'sam', new TelephonyError('boom'));
    await bridge.press('sam', `${PARTICIPANT}#`);
    expect(bridge.telephony.channel('sam').hungUpByApp).toBe(true);
    expect(bridge.ledger.legOf('sam')).toMatchObject({ endReason: 'lost' });
    expect(bridge.telephony.canHear('lea', 'pat')).toBe(true);
    expect(bridge.app.get('conf-board')?.participants.map((p) => p.channelId)).toEqual(['lea', 'pat']);
  });

  it('a caller who vanishes mid-step is treated as hung up', async () => {
    const bridge = bridgeWithCodes();
    await bridge.join('lea', LEADER);
    await bridge.call('pat');
    bridge.telephony.failNext('addToBridge', 'pat', new ChannelGoneError('pat'));
    await bridge.press('pat', `${PARTICIPANT}#`);
    expect(bridge.ledger.legOf('pat')).toMatchObject({ endReason: 'caller-hung-up' });
    expect(bridge.app.get('conf-board')?.participants.map((p) => p.channelId)).toEqual(['lea']);
  });

  it('a ledger that fails to write does not keep callers out of the meeting', async () => {
    class BrokenLedger extends InMemoryLedger {
      override openLeg(): void {
        throw new Error('disk full');
      }
    }
    const bridge = bridgeWithCodes({ ledger: new BrokenLedger() });
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    expect(bridge.telephony.canHear('lea', 'pat')).toBe(true);
  });

  it('ignores events for channels and playbacks it does not know', async () => {
    const bridge = bridgeWithCodes();
    await bridge.join('lea', LEADER);
    bridge.app.digitPressed('ghost', '#', bridge.clock.now());
    bridge.app.callEnded('ghost', bridge.clock.now());
    bridge.app.playbackFinished('pb-ghost', bridge.clock.now());
    await bridge.settle();
    expect(bridge.app.get('conf-board')?.participants).toHaveLength(1);
  });

  it('hangs up a farewell whose end never arrives', async () => {
    const bridge = bridgeWithCodes({ playbacks: 'manual' });
    await bridge.call('pat');
    await bridge.press('pat', '1#2#3#');
    expect(bridge.telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'call.goodbye' }));
    expect(bridge.telephony.channel('pat').hungUpByApp).toBe(false);
    await bridge.advance(30_000);
    expect(bridge.telephony.channel('pat').hungUpByApp).toBe(true);
  });

  it('checkpoints the legs of everyone connected', async () => {
    const bridge = bridgeWithCodes();
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    expect(bridge.app.openLegIds().sort()).toEqual(
      bridge.ledger
        .openLegs()
        .map((leg) => leg.legId)
        .sort(),
    );
  });

  it('on shutdown says goodbye to everyone, closes their legs and turns new callers away with "try again later"', async () => {
    const bridge = bridgeWithCodes();
    await bridge.join('lea', LEADER);
    await bridge.join('pat', PARTICIPANT);
    await bridge.call('typing');
    await bridge.app.shutdown(bridge.clock.now());
    for (const caller of ['lea', 'pat', 'typing']) {
      expect(bridge.telephony.channel(caller).heard.at(-1)).toEqual(heardItem({ key: 'call.goodbye' }));
      expect(bridge.telephony.channel(caller).hungUpByApp).toBe(true);
    }
    expect(bridge.ledger.legOf('pat')).toMatchObject({ endReason: 'shutdown' });
    expect([...bridge.ledger.meetings.values()]).toEqual([expect.objectContaining({ endReason: 'shutdown' })]);
    expect(bridge.ledger.openLegs()).toEqual([]);
    expect(bridge.telephony.liveBridges()).toEqual([]);
    await bridge.call('late');
    expect(bridge.telephony.channel('late').hungUpByApp).toBe(true);
    expect(bridge.telephony.channel('late').heard).toEqual([heardItem({ key: 'call.try-later' })]);
  });
});
