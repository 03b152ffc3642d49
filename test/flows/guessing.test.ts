import { describe, expect, it } from 'vitest';
import { createGuessingGuard } from '../../src/app/bridge/guessing-guard';
import { defaultGuessingLimits, type GuessingLimits } from '../../src/domain/guessing/guessing-limits';
import { createLogger } from '../../src/logger';
import { ACCESS_NUMBER, createInMemoryBridge } from '../support/in-memory-bridge';
import { conferenceSettings } from '../support/conference-settings';

const MINUTE = 60_000;
const LEADER_CODE = '11111111';
const PARTICIPANT_CODE = '22222222';
const GUESSER = '+4790000666';

const guessing: GuessingLimits = {
  ...defaultGuessingLimits,
  maxFailuresPerCaller: 5,
  callerBlockMs: 30 * MINUTE,
  maxFailuresAnonymous: 4,
  spikeFailuresPerAccessNumber: 8,
  spikeFailuresService: 1_000,
  spikeSlowdownMs: 4_000,
};

function bridgeWith(limits: Partial<GuessingLimits> = {}) {
  const bridge = createInMemoryBridge({ settings: { guessing: { ...guessing, ...limits } } });
  bridge.code(LEADER_CODE, 'leader', conferenceSettings());
  bridge.code(PARTICIPANT_CODE, 'participant', conferenceSettings());
  return bridge;
}

type Bridge = ReturnType<typeof bridgeWith>;

/** One call from `callerNumber` that types the given wrong codes, each followed by `#`. */
async function guess(bridge: Bridge, channelId: string, callerNumber: string | null, wrongCodes: string[]): Promise<void> {
  await bridge.call(channelId, callerNumber);
  for (const code of wrongCodes) await bridge.press(channelId, `${code}#`);
}

describe('a caller number that types too many wrong codes', () => {
  it('is sent away with "all circuits are busy, try later" the moment it reaches the limit', async () => {
    const bridge = bridgeWith();
    await guess(bridge, 'guess-1', GUESSER, ['10000001', '10000002', '10000003']);
    expect(bridge.telephony.channel('guess-1').heard.at(-1)).toBe('sound:goodbye');
    await guess(bridge, 'guess-2', GUESSER, ['10000004', '10000005']);
    const second = bridge.telephony.channel('guess-2');
    expect(second.heard).toEqual([
      'sound:conf-getpin',
      'sound:conf-invalidpin',
      'sound:conf-getpin',
      'sound:all-circuits-busy-now',
      'sound:please-try-call-later',
    ]);
    expect(second.hungUpByApp).toBe(true);
  });

  it('is refused before code entry starts on its next calls, even with the right code, and no leg is written', async () => {
    const bridge = bridgeWith();
    await guess(bridge, 'guess-1', GUESSER, ['10000001', '10000002', '10000003']);
    await guess(bridge, 'guess-2', GUESSER, ['10000004', '10000005']);
    await bridge.join('guess-3', PARTICIPANT_CODE, GUESSER);
    const refused = bridge.telephony.channel('guess-3');
    expect(refused.answered).toBe(true);
    expect(refused.heard).toEqual(['sound:all-circuits-busy-now', 'sound:please-try-call-later']);
    expect(refused.hungUpByApp).toBe(true);
    expect(bridge.ledger.legs.size).toBe(0);
  });

  it('does not keep anyone else out', async () => {
    const bridge = bridgeWith();
    await guess(bridge, 'guess-1', GUESSER, ['10000001', '10000002', '10000003']);
    await guess(bridge, 'guess-2', GUESSER, ['10000004', '10000005']);
    await bridge.join('alice', PARTICIPANT_CODE, '+4791234567');
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
    await bridge.join('anon', PARTICIPANT_CODE, null);
    expect(bridge.telephony.bridgeKindOf('anon')).toBe('holding');
  });

  it('is let in again once the block time has passed', async () => {
    const bridge = bridgeWith();
    await guess(bridge, 'guess-1', GUESSER, ['10000001', '10000002', '10000003']);
    await guess(bridge, 'guess-2', GUESSER, ['10000004', '10000005']);
    await bridge.advance(30 * MINUTE);
    await bridge.join('back', LEADER_CODE, GUESSER);
    expect(bridge.telephony.bridgeKindOf('back')).toBe('mixing');
  });

  it('ends its other calls made before the block at their next wrong code', async () => {
    const bridge = bridgeWith();
    await bridge.call('parallel', GUESSER);
    await guess(bridge, 'guess-1', GUESSER, ['10000001', '10000002', '10000003']);
    await guess(bridge, 'guess-2', GUESSER, ['10000004', '10000005']);
    await bridge.press('parallel', '10000006#');
    expect(bridge.telephony.channel('parallel').heard).toEqual([
      'sound:conf-getpin',
      'sound:all-circuits-busy-now',
      'sound:please-try-call-later',
    ]);
    expect(bridge.telephony.channel('parallel').hungUpByApp).toBe(true);
  });

  it('is not blocked for silence or for # alone: those guess nothing', async () => {
    const bridge = bridgeWith();
    for (const channelId of ['slow-1', 'slow-2', 'slow-3']) {
      await bridge.call(channelId, GUESSER);
      await bridge.press(channelId, '#');
      await bridge.advance(10_000);
      await bridge.advance(10_000);
      expect(bridge.telephony.channel(channelId).heard.at(-1)).toBe('sound:goodbye');
    }
    await bridge.join('finally', PARTICIPANT_CODE, GUESSER);
    expect(bridge.telephony.bridgeKindOf('finally')).toBe('holding');
  });
});

describe('callers who withhold their number', () => {
  it('are rate-limited together: enough wrong codes from several anonymous calls refuse the next anonymous caller', async () => {
    const bridge = bridgeWith();
    await guess(bridge, 'anon-1', null, ['10000001', '10000002']);
    await guess(bridge, 'anon-2', null, ['10000003', '10000004']);
    expect(bridge.telephony.channel('anon-2').heard.slice(-2)).toEqual(['sound:all-circuits-busy-now', 'sound:please-try-call-later']);
    await bridge.join('anon-3', PARTICIPANT_CODE, null);
    expect(bridge.telephony.channel('anon-3').heard).toEqual(['sound:all-circuits-busy-now', 'sound:please-try-call-later']);
    await bridge.join('named', PARTICIPANT_CODE, '+4791234567');
    expect(bridge.telephony.bridgeKindOf('named')).toBe('holding');
  });

  it('are refused with "does not accept unidentified calls" when the configuration refuses them', async () => {
    const bridge = bridgeWith({ anonymousCallers: 'refuse' });
    await bridge.join('anon', PARTICIPANT_CODE, null);
    expect(bridge.telephony.channel('anon').heard).toEqual(['sound:privacy-unident']);
    expect(bridge.telephony.channel('anon').hungUpByApp).toBe(true);
    await bridge.join('named', PARTICIPANT_CODE, '+4791234567');
    expect(bridge.telephony.bridgeKindOf('named')).toBe('holding');
  });
});

describe('a spike of wrong codes from many numbers', () => {
  async function spike(bridge: Bridge): Promise<void> {
    for (let i = 0; i < 8; i++) {
      await guess(bridge, `bot-${i}`, `+4795000${i}`, [`1000000${i}`]);
      await bridge.hangUp(`bot-${i}`);
    }
  }

  it('makes every caller wait before hearing that a code was wrong, and keys pressed meanwhile are ignored', async () => {
    const bridge = bridgeWith();
    await spike(bridge);
    await bridge.call('alice', '+4791234567');
    await bridge.press('alice', '12345678#');
    expect(bridge.telephony.channel('alice').heard).toEqual(['sound:conf-getpin']);
    await bridge.press('alice', PARTICIPANT_CODE);
    await bridge.advance(3_999);
    expect(bridge.telephony.channel('alice').heard).toEqual(['sound:conf-getpin']);
    await bridge.advance(1);
    expect(bridge.telephony.channel('alice').heard).toEqual(['sound:conf-getpin', 'sound:conf-invalidpin', 'sound:conf-getpin']);
    await bridge.press('alice', `${PARTICIPANT_CODE}#`);
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
  });

  it('does not delay a right code', async () => {
    const bridge = bridgeWith();
    await spike(bridge);
    await bridge.join('alice', PARTICIPANT_CODE, '+4791234567');
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
  });

  it('leaves nothing behind when the caller hangs up during the wait', async () => {
    const bridge = bridgeWith();
    await spike(bridge);
    await bridge.call('alice', '+4791234567');
    await bridge.press('alice', '12345678#');
    await bridge.hangUp('alice');
    expect(bridge.clock.pendingTimers()).toBe(0);
    expect(bridge.telephony.channel('alice').heard).toEqual(['sound:conf-getpin']);
  });
});

describe('the operator', () => {
  function guardWithLog() {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const guard = createGuessingGuard({ ...guessing, spikeFailuresService: 12 }, logger);
    const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { guard, logger, records };
  }
  const call = (callerNumber: string, at: number, dialledNumber = ACCESS_NUMBER) => ({
    channelId: `ch-${callerNumber}`,
    callerNumber,
    dialledNumber,
    at,
  });

  it('gets one warning per window for a spike on an access number and one for the service', () => {
    const { guard, logger, records } = guardWithLog();
    const start = Date.UTC(2026, 0, 5, 9);
    for (let i = 0; i < 20; i++) guard.codeFailed(call(`+479500${i}`, start), start + i * 1_000, logger);
    const alarms = records().filter((record) => record.alarm === 'code-guessing');
    expect(alarms).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'code guessing alarm',
        scope: 'access-number',
        accessNumber: ACCESS_NUMBER,
        failuresInWindow: 8,
      }),
      expect.objectContaining({ level: 40, msg: 'code guessing alarm', scope: 'service', failuresInWindow: 12 }),
    ]);
    guard.codeFailed(call('+4795000099', start), start + 60 * MINUTE + 8_000, logger);
    expect(records().filter((record) => record.alarm === 'code-guessing')).toHaveLength(3);
  });

  it('is told when a number is blocked, and for how long', () => {
    const { guard, logger, records } = guardWithLog();
    const start = Date.UTC(2026, 0, 5, 9);
    for (let i = 0; i < 5; i++) guard.codeFailed(call(GUESSER, start), start + i, logger);
    expect(records()).toEqual([
      expect.objectContaining({
        level: 40,
        callerNumber: GUESSER,
        blockedForMs: 30 * MINUTE,
        msg: 'caller refused for a while after too many failed codes',
      }),
    ]);
  });
});
