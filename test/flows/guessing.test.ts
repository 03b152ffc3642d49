import { describe, expect, it } from 'vitest';
import { createGuessingGuard } from '../../src/app/bridge/guessing-guard';
import { uncountedBridge } from '../../src/app/ports/metrics';
import { defaultGuessingLimits, type GuessingLimits } from '../../src/domain/guessing/guessing-limits';
import { createLogger } from '../../src/logger';
import { ACCESS_NUMBER, createInMemoryBridge } from '../support/in-memory-bridge';
import { conferenceSettings } from '../support/conference-settings';
import { createFakeClock } from '../support/in-memory-clock';
import { InMemoryGuessingStore } from '../support/in-memory-guessing-store';
import { heardItem } from '../support/heard';

const MINUTE = 60_000;
const LEADER_CODE = '11111111';
const PARTICIPANT_CODE = '22222222';
const GUESSER = '+4790000666';
const TRY_LATER = [heardItem({ key: 'call.try-later' })];
const ARRIVAL_WAIT_MS = 8_000;

const guessing: GuessingLimits = {
  ...defaultGuessingLimits,
  maxFailuresPerCaller: 5,
  callerBlockMs: 30 * MINUTE,
  maxFailuresAnonymous: 4,
  spikeFailuresPerAccessNumber: 8,
  spikeFailuresService: 1_000,
  spikeSlowdownMs: 4_000,
  spikeArrivalWaitMs: ARRIVAL_WAIT_MS,
  maxCodeEntryCallsPerCaller: 3,
  maxCodeEntryCallsAnonymous: 3,
  maxCodeEntryCallsPerAccessNumber: 20,
};

function logLines() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  return { logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), text: () => lines.join('\n') };
}

function bridgeWith(limits: Partial<GuessingLimits> = {}, options: Parameters<typeof createInMemoryBridge>[0] = {}) {
  const bridge = createInMemoryBridge({ ...options, settings: { guessing: { ...guessing, ...limits } } });
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

/** Eight bots from eight numbers, one wrong code each, hanging up at once: a spike on the access number. */
async function spike(bridge: Bridge): Promise<void> {
  for (let i = 0; i < 8; i++) {
    await guess(bridge, `bot-${i}`, `+4795000${i}`, [`1000000${i}`]);
    await bridge.hangUp(`bot-${i}`);
  }
}

describe('a caller number that types too many wrong codes', () => {
  it('is sent away with "all circuits are busy, try later" the moment it reaches the limit', async () => {
    const bridge = bridgeWith();
    await guess(bridge, 'guess-1', GUESSER, ['10000001', '10000002', '10000003']);
    expect(bridge.telephony.channel('guess-1').heard.at(-1)).toEqual(heardItem({ key: 'call.goodbye' }));
    await guess(bridge, 'guess-2', GUESSER, ['10000004', '10000005']);
    const second = bridge.telephony.channel('guess-2');
    expect(second.heard).toEqual([
      heardItem({ key: 'code.enter' }),
      heardItem({ key: 'code.invalid' }),
      heardItem({ key: 'code.enter' }),
      ...TRY_LATER,
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
    expect(refused.heard).toEqual(TRY_LATER);
    expect(refused.hungUpByApp).toBe(true);
    expect(bridge.ledger.legs.size).toBe(0);
  });

  it('is one caller however the carrier presents the number: +47, 0047, 47 or eight national digits', async () => {
    const bridge = bridgeWith();
    await guess(bridge, 'plus', '+4790000666', ['10000001', '10000002']);
    await bridge.hangUp('plus');
    await guess(bridge, 'zeros', '004790000666', ['10000003', '10000004']);
    await bridge.hangUp('zeros');
    await guess(bridge, 'national', '90000666', ['10000005']);
    expect(bridge.telephony.channel('national').heard.slice(-1)).toEqual(TRY_LATER);
    await bridge.join('bare', PARTICIPANT_CODE, '4790000666');
    expect(bridge.telephony.channel('bare').heard).toEqual(TRY_LATER);
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

  it('gets no lookup on a call that was in code entry when the number was blocked: even the right code is refused', async () => {
    const bridge = bridgeWith();
    await bridge.call('parallel', GUESSER);
    await guess(bridge, 'guess-1', GUESSER, ['10000001', '10000002', '10000003']);
    await guess(bridge, 'guess-2', GUESSER, ['10000004', '10000005']);
    await bridge.press('parallel', `${LEADER_CODE}#`);
    expect(bridge.telephony.channel('parallel').heard).toEqual([heardItem({ key: 'code.enter' }), ...TRY_LATER]);
    expect(bridge.telephony.channel('parallel').hungUpByApp).toBe(true);
    expect(bridge.telephony.bridgeKindOf('parallel')).toBeNull();
    expect(bridge.ledger.legs.size).toBe(0);
  });

  it('is not blocked for silence or for # alone: those guess nothing', async () => {
    const bridge = bridgeWith();
    for (const channelId of ['slow-1', 'slow-2', 'slow-3']) {
      await bridge.call(channelId, GUESSER);
      await bridge.press(channelId, '#');
      await bridge.advance(10_000);
      await bridge.advance(10_000);
      expect(bridge.telephony.channel(channelId).heard.at(-1)).toEqual(heardItem({ key: 'call.goodbye' }));
    }
    await bridge.join('finally', PARTICIPANT_CODE, GUESSER);
    expect(bridge.telephony.bridgeKindOf('finally')).toBe('holding');
  });
});

describe('calls in code entry at once', () => {
  it('from one number are capped: one more is answered, hears "try later" and is hung up without typing anything', async () => {
    const { logger, records, text } = logLines();
    const bridge = bridgeWith({}, { logger });
    await bridge.call('line-1', '+4790000666');
    await bridge.call('line-2', '004790000666');
    await bridge.call('line-3', '90000666');
    await bridge.call('line-4', '+47 900 00 666');
    const refused = bridge.telephony.channel('line-4');
    expect(refused.heard).toEqual(TRY_LATER);
    expect(refused.hungUpByApp).toBe(true);
    expect(records()).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'caller refused: too many calls in code entry at once',
        callerNumber: '+4790000666',
        accessNumber: ACCESS_NUMBER,
        scope: 'caller',
        limit: 3,
      }),
    );
    // Nothing was typed, so nothing was counted: the number is not closer to a block.
    expect(bridge.guessingStore.failures).toEqual([]);
    expect(text()).not.toContain(PARTICIPANT_CODE);
  });

  it('free a place for the number as soon as one of its calls has got past code entry', async () => {
    const bridge = bridgeWith();
    await bridge.call('line-1', GUESSER);
    await bridge.call('line-2', GUESSER);
    await bridge.call('line-3', GUESSER);
    await bridge.press('line-1', `${PARTICIPANT_CODE}#`);
    await bridge.hangUp('line-2');
    await bridge.join('line-4', PARTICIPANT_CODE, GUESSER);
    await bridge.join('line-5', PARTICIPANT_CODE, GUESSER);
    expect(['line-1', 'line-4', 'line-5'].map((id) => bridge.telephony.bridgeKindOf(id))).toEqual(['holding', 'holding', 'holding']);
  });

  it('of anonymous callers are capped together', async () => {
    const bridge = bridgeWith();
    for (const id of ['anon-1', 'anon-2', 'anon-3', 'anon-4']) await bridge.call(id, null);
    expect(bridge.telephony.channel('anon-4').heard).toEqual(TRY_LATER);
    await bridge.call('named', '+4791234567');
    expect(bridge.telephony.channel('named').heard).toEqual([heardItem({ key: 'code.enter' })]);
  });

  it('on one access number are capped whoever calls, and other access numbers are not touched', async () => {
    const bridge = bridgeWith({ maxCodeEntryCallsPerAccessNumber: 3 });
    for (let i = 1; i <= 3; i++) await bridge.call(`caller-${i}`, `+479100000${i}`);
    await bridge.call('caller-4', '+4791000004');
    expect(bridge.telephony.channel('caller-4').heard).toEqual(TRY_LATER);
    await bridge.call('elsewhere', '+4791000005', '4722000000');
    expect(bridge.telephony.channel('elsewhere').heard).toEqual([heardItem({ key: 'code.enter' })]);
  });
});

describe('callers who withhold their number', () => {
  it('are rate-limited together: enough wrong codes from several anonymous calls refuse the next anonymous caller', async () => {
    const bridge = bridgeWith();
    await guess(bridge, 'anon-1', null, ['10000001', '10000002']);
    await guess(bridge, 'anon-2', null, ['10000003', '10000004']);
    expect(bridge.telephony.channel('anon-2').heard.slice(-1)).toEqual(TRY_LATER);
    await bridge.join('anon-3', PARTICIPANT_CODE, null);
    expect(bridge.telephony.channel('anon-3').heard).toEqual(TRY_LATER);
    await bridge.join('named', PARTICIPANT_CODE, '+4791234567');
    expect(bridge.telephony.bridgeKindOf('named')).toBe('holding');
  });

  it('are refused with "does not accept unidentified calls" when the configuration refuses them', async () => {
    const bridge = bridgeWith({ anonymousCallers: 'refuse' });
    await bridge.join('anon', PARTICIPANT_CODE, null);
    expect(bridge.telephony.channel('anon').heard).toEqual([heardItem({ key: 'call.anonymous-refused' })]);
    expect(bridge.telephony.channel('anon').hungUpByApp).toBe(true);
    await bridge.join('named', PARTICIPANT_CODE, '+4791234567');
    expect(bridge.telephony.bridgeKindOf('named')).toBe('holding');
  });
});

describe('a spike of wrong codes from many numbers', () => {
  it('makes every new call ring, unanswered, for the arrival wait before the caller may type; keys meanwhile do nothing', async () => {
    const bridge = bridgeWith();
    await spike(bridge);
    await bridge.call('alice', '+4791234567');
    const alice = bridge.telephony.channel('alice');
    expect(alice).toMatchObject({ rang: true, answered: false, heard: [] });
    await bridge.press('alice', `${PARTICIPANT_CODE}#`);
    await bridge.advance(ARRIVAL_WAIT_MS - 1);
    expect(alice).toMatchObject({ answered: false, heard: [] });
    await bridge.advance(1);
    expect(alice).toMatchObject({ answered: true, heard: [heardItem({ key: 'code.enter' })] });
    await bridge.press('alice', `${PARTICIPANT_CODE}#`);
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
  });

  it('costs a guesser who hangs up after each guess the whole wait on every call', async () => {
    const bridge = bridgeWith({ maxFailuresPerCaller: 100 });
    await spike(bridge);
    const startedAt = bridge.clock.now();
    for (let i = 0; i < 5; i++) {
      const id = `redial-${i}`;
      await bridge.call(id, '+4796666666');
      // Hanging up during the wait gains nothing: the next call waits again from the start.
      if (i % 2 === 0) {
        await bridge.advance(ARRIVAL_WAIT_MS / 2);
        await bridge.hangUp(id);
        continue;
      }
      await bridge.advance(ARRIVAL_WAIT_MS);
      await bridge.press(id, '12345678#');
      await bridge.hangUp(id);
    }
    expect(bridge.clock.now() - startedAt).toBe(3 * (ARRIVAL_WAIT_MS / 2) + 2 * ARRIVAL_WAIT_MS);
    // Two guesses in 28 s of the guesser's time; without the spike they would have had five at once.
    expect(bridge.guessingStore.failures.filter((failure) => failure.bucket === 'number:+4796666666')).toHaveLength(2);
    expect(bridge.clock.pendingTimers()).toBe(0);
  });

  it('makes every wrong code wait before "invalid", and keys pressed meanwhile are ignored', async () => {
    const bridge = bridgeWith();
    await spike(bridge);
    await bridge.call('alice', '+4791234567');
    await bridge.advance(ARRIVAL_WAIT_MS);
    await bridge.press('alice', '12345678#');
    expect(bridge.telephony.channel('alice').heard).toEqual([heardItem({ key: 'code.enter' })]);
    await bridge.press('alice', PARTICIPANT_CODE);
    await bridge.advance(3_999);
    expect(bridge.telephony.channel('alice').heard).toEqual([heardItem({ key: 'code.enter' })]);
    await bridge.advance(1);
    expect(bridge.telephony.channel('alice').heard).toEqual([
      heardItem({ key: 'code.enter' }),
      heardItem({ key: 'code.invalid' }),
      heardItem({ key: 'code.enter' }),
    ]);
    await bridge.press('alice', `${PARTICIPANT_CODE}#`);
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
  });

  it('does not delay a right code once the caller may type', async () => {
    const bridge = bridgeWith();
    await spike(bridge);
    await bridge.call('alice', '+4791234567');
    await bridge.advance(ARRIVAL_WAIT_MS);
    await bridge.press('alice', `${PARTICIPANT_CODE}#`);
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
  });

  it('leaves nothing behind when the caller hangs up during a wait', async () => {
    const bridge = bridgeWith();
    await spike(bridge);
    await bridge.call('ringing', '+4791234567');
    await bridge.hangUp('ringing');
    await bridge.call('alice', '+4791234568');
    await bridge.advance(ARRIVAL_WAIT_MS);
    await bridge.press('alice', '12345678#');
    await bridge.hangUp('alice');
    expect(bridge.clock.pendingTimers()).toBe(0);
    expect(bridge.telephony.channel('ringing').heard).toEqual([]);
    expect(bridge.telephony.channel('alice').heard).toEqual([heardItem({ key: 'code.enter' })]);
  });

  it('ends when its failures have left the window: new calls are answered at once again', async () => {
    const bridge = bridgeWith();
    await spike(bridge);
    await bridge.advance(guessing.windowMs);
    await bridge.call('later', '+4791234567');
    expect(bridge.telephony.channel('later')).toMatchObject({ rang: false, answered: true, heard: [heardItem({ key: 'code.enter' })] });
  });
});

describe('bridges sharing one store, as Kvorum processes share a database', () => {
  it('refuse a number on one bridge that failed too often on the other', async () => {
    const store = new InMemoryGuessingStore();
    const clock = createFakeClock();
    const first = bridgeWith({}, { guessingStore: store, clock });
    const second = bridgeWith({}, { guessingStore: store, clock });
    await guess(first, 'guess-1', GUESSER, ['10000001', '10000002', '10000003']);
    await bridgeCallInCodeEntry(second, 'waiting', GUESSER);
    await guess(first, 'guess-2', GUESSER, ['10000004', '10000005']);
    await second.join('guess-3', PARTICIPANT_CODE, GUESSER);
    expect(second.telephony.channel('guess-3').heard).toEqual(TRY_LATER);
    await second.press('waiting', `${PARTICIPANT_CODE}#`);
    expect(second.telephony.channel('waiting').heard).toEqual([heardItem({ key: 'code.enter' }), ...TRY_LATER]);
  });

  async function bridgeCallInCodeEntry(bridge: Bridge, channelId: string, callerNumber: string): Promise<void> {
    await bridge.call(channelId, callerNumber);
    expect(bridge.telephony.channel(channelId).heard).toEqual([heardItem({ key: 'code.enter' })]);
  }
});

describe('a guessing store that fails', () => {
  it('is logged, and callers go on as if nothing were recorded against them', async () => {
    const { logger, records } = logLines();
    const bridge = bridgeWith({}, { logger });
    bridge.guessingStore.failNext(2);
    await bridge.call('alice', '+4791234567');
    await bridge.press('alice', `${PARTICIPANT_CODE}#`);
    expect(bridge.telephony.bridgeKindOf('alice')).toBe('holding');
    expect(records().filter((record) => record.msg === 'guessing store failed; going on without it')).toHaveLength(2);
  });
});

describe('the operator', () => {
  const call = (callerNumber: string, at: number, dialledNumber = ACCESS_NUMBER) => ({
    channelId: `ch-${callerNumber}`,
    callerNumber,
    dialledNumber,
    at,
  });
  const start = Date.UTC(2026, 0, 5, 9);

  function guardWithLog(store = new InMemoryGuessingStore()) {
    const { logger, records } = logLines();
    const guard = createGuessingGuard({ limits: { ...guessing, spikeFailuresService: 12 }, store, metrics: uncountedBridge, logger });
    return { guard, logger, alarms: () => records().filter((record) => record.alarm === 'code-guessing'), records };
  }

  it('gets one warning per window for a spike on an access number and one for the service', async () => {
    const { guard, logger, alarms } = guardWithLog();
    for (let i = 0; i < 20; i++) await guard.codeFailed(call(`+479500${i}`, start), start + i * 1_000, logger);
    await new Promise((resolve) => setImmediate(resolve));
    expect(alarms()).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'code guessing alarm',
        scope: 'access-number',
        accessNumber: ACCESS_NUMBER,
        failuresInWindow: 8,
      }),
      expect.objectContaining({ level: 40, msg: 'code guessing alarm', scope: 'service', failuresInWindow: 12 }),
    ]);
    await guard.codeFailed(call('+4795000099', start), start + 60 * MINUTE + 8_000, logger);
    await new Promise((resolve) => setImmediate(resolve));
    expect(alarms()).toHaveLength(3);
  });

  it('gets the alarm once when two processes see the same spike', async () => {
    const store = new InMemoryGuessingStore();
    const one = guardWithLog(store);
    const other = guardWithLog(store);
    for (let i = 0; i < 10; i++) {
      const guard = i % 2 === 0 ? one : other;
      await guard.guard.codeFailed(call(`+479500${i}`, start), start + i * 1_000, guard.logger);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect([...one.alarms(), ...other.alarms()].map((alarm) => alarm.scope)).toEqual(['access-number']);
  });

  it('is told when a number is blocked, and for how long, by its normalised number', async () => {
    const { guard, logger, records } = guardWithLog();
    for (let i = 0; i < 5; i++) await guard.codeFailed(call('90000666', start), start + i, logger);
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
