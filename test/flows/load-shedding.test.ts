import { describe, expect, it } from 'vitest';
import { createLoadShedder } from '../../src/app/bridge/load-shedder';
import { uncountedBridge, type CallRefusalReason } from '../../src/app/ports/metrics';
import { sheddingLimits } from '../../src/domain/call/load-shedding';
import { createLogger } from '../../src/logger';
import { heardItem } from '../support/heard';
import { createBridgeWithConference, LEADER_CODE, PARTICIPANT_CODE } from '../support/in-memory-bridge';

/** A bridge whose event loop is as far behind as the test says; it sheds above 500 ms and stops below 250 ms. */
function overloadableBridge() {
  const gauge = { delayMs: 0, loopDelayMs: () => gauge.delayMs };
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  const refused: CallRefusalReason[] = [];
  const bridge = createBridgeWithConference(
    {},
    {
      shedder: createLoadShedder(gauge, sheddingLimits(500), logger),
      metrics: { ...uncountedBridge, callRefused: (reason) => void refused.push(reason) },
      logger,
    },
  );
  const warnings = () =>
    lines.map((line) => JSON.parse(line) as { level: number; msg: string; loopDelayMs?: number }).filter((record) => record.level === 40);
  return { bridge, gauge, refused, warnings };
}

describe('a bridge whose event loop falls behind', () => {
  it('refuses a new caller unanswered with congestion, while the meeting already running goes on and a caller typing gets in', async () => {
    const { bridge, gauge, refused } = overloadableBridge();
    const { telephony, ledger } = bridge;
    await bridge.join('lea', LEADER_CODE);
    await bridge.join('pat', PARTICIPANT_CODE);
    await bridge.call('typing');

    gauge.delayMs = 800;
    await bridge.call('late');

    // Never answered, nothing heard: the carrier (or the SIP edge, which tries the next server) has it from here.
    expect(telephony.channel('late')).toMatchObject({ answered: false, hungUpByApp: true, hangupReason: 'congestion', heard: [] });
    expect(ledger.legOf('late')).toBeUndefined();
    expect(refused).toEqual(['overloaded']);

    // Those already in keep their meeting and their keypad.
    await bridge.press('pat', '*6');
    expect(telephony.channel('pat').heard.at(-1)).toEqual(heardItem({ key: 'caller.muted' }));
    expect(telephony.canHear('lea', 'pat')).toBe(false);
    await bridge.press('pat', '*6');
    expect(telephony.canHear('lea', 'pat')).toBe(true);
    // A caller who arrived before is in progress: the code still lets them in.
    await bridge.press('typing', `${PARTICIPANT_CODE}#`);
    expect(telephony.bridgeKindOf('typing')).toBe('mixing');
    expect(telephony.canHear('typing', 'lea')).toBe(true);
    expect(telephony.channel('lea').hangupReason).toBeNull();
  });

  it('admits new callers again only once the delay is back under half the threshold, and says so twice, not per call', async () => {
    const { bridge, gauge, refused, warnings } = overloadableBridge();
    const { telephony } = bridge;

    gauge.delayMs = 600;
    await bridge.call('first');
    await bridge.call('second');
    // Better, but not yet caught up: still refused (no flapping around one threshold).
    gauge.delayMs = 300;
    await bridge.call('third');
    for (const channelId of ['first', 'second', 'third']) expect(telephony.channel(channelId).hangupReason).toBe('congestion');
    expect(refused).toEqual(['overloaded', 'overloaded', 'overloaded']);

    gauge.delayMs = 200;
    await bridge.call('fourth');
    expect(telephony.channel('fourth')).toMatchObject({ answered: true, hungUpByApp: false, heard: [heardItem({ key: 'code.enter' })] });
    // Under the high threshold again, still admitted.
    gauge.delayMs = 450;
    await bridge.call('fifth');
    expect(telephony.channel('fifth').answered).toBe(true);

    expect(warnings()).toEqual([
      expect.objectContaining({ msg: 'overloaded: refusing new calls', loopDelayMs: 600 }),
      expect.objectContaining({ msg: 'caught up: admitting new calls again', loopDelayMs: 200 }),
    ]);
  });
});
