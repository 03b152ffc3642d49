import { describe, expect, it } from 'vitest';
import {
  checkArrival,
  initialGuessingState,
  recordFailedCode,
  type FailedCode,
  type FailureStep,
  type GuessingState,
} from '../../src/domain/guessing/guessing-rules';
import { defaultGuessingLimits, type GuessingLimits } from '../../src/domain/guessing/guessing-limits';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const ACCESS = '+4721000000';

const limits: GuessingLimits = {
  ...defaultGuessingLimits,
  windowMs: HOUR,
  maxFailuresPerCaller: 3,
  callerBlockMs: 30 * MINUTE,
  maxFailuresAnonymous: 5,
  spikeFailuresPerAccessNumber: 6,
  spikeFailuresService: 10,
  spikeSlowdownMs: 4_000,
  maxTrackedNumbers: 100,
};

/** Feeds failures in order: the last step, with every alarm raised on the way. */
function failures(
  attempts: Array<{ from: string | null; at: number; accessNumber?: string }>,
  rules: GuessingLimits = limits,
  state: GuessingState = initialGuessingState(),
): FailureStep {
  let step: FailureStep = { state, caller: 'may-retry', delayMs: 0, alarms: [] };
  const alarms: FailureStep['alarms'] = [];
  for (const attempt of attempts) {
    const failed: FailedCode = { callerNumber: attempt.from, accessNumber: attempt.accessNumber ?? ACCESS };
    step = recordFailedCode(rules, step.state, failed, attempt.at);
    alarms.push(...step.alarms);
  }
  return { ...step, alarms };
}

const times = (count: number, from: string | null, startAt = START, everyMs = MINUTE) =>
  Array.from({ length: count }, (_, i) => ({ from, at: startAt + i * everyMs }));

describe('failed codes from one caller number', () => {
  it('are allowed up to the limit, and the failure that reaches it blocks the number', () => {
    const two = failures(times(2, '+4790000001'));
    expect(two.caller).toBe('may-retry');
    expect(checkArrival(limits, two.state, '+4790000001', START + 2 * MINUTE)).toEqual({ kind: 'allowed' });
    const three = failures(times(3, '+4790000001'));
    expect(three.caller).toBe('blocked-now');
    expect(checkArrival(limits, three.state, '+4790000001', START + 3 * MINUTE)).toEqual({
      kind: 'refused',
      reason: 'blocked',
      bucket: 'number',
    });
  });

  it('keep the number refused for the block time, then let it in again', () => {
    const blocked = failures(times(3, '+4790000001'));
    const blockedAt = START + 2 * MINUTE;
    expect(checkArrival(limits, blocked.state, '+4790000001', blockedAt + 30 * MINUTE - 1).kind).toBe('refused');
    expect(checkArrival(limits, blocked.state, '+4790000001', blockedAt + 30 * MINUTE)).toEqual({ kind: 'allowed' });
  });

  it('a failure from a call made before the block is reported as blocked, and does not lengthen the block', () => {
    const blocked = failures(times(4, '+4790000001'));
    expect(blocked.caller).toBe('blocked');
    expect(checkArrival(limits, blocked.state, '+4790000001', START + 2 * MINUTE + 30 * MINUTE)).toEqual({ kind: 'allowed' });
  });

  it('are counted in a sliding window: failures spread wider than the window never block', () => {
    const spread = failures(times(10, '+4790000001', START, 31 * MINUTE));
    expect(spread.caller).toBe('may-retry');
    expect(checkArrival(limits, spread.state, '+4790000001', START + 10 * 31 * MINUTE)).toEqual({ kind: 'allowed' });
  });

  it('do not touch other numbers', () => {
    const blocked = failures(times(3, '+4790000001'));
    expect(checkArrival(limits, blocked.state, '+4790000002', START + 3 * MINUTE)).toEqual({ kind: 'allowed' });
    expect(checkArrival(limits, blocked.state, null, START + 3 * MINUTE)).toEqual({ kind: 'allowed' });
  });
});

describe('anonymous callers', () => {
  it('share one bucket with its own limit', () => {
    const four = failures(times(4, null));
    expect(four.caller).toBe('may-retry');
    const five = failures(times(5, null));
    expect(five.caller).toBe('blocked-now');
    expect(checkArrival(limits, five.state, null, START + 5 * MINUTE)).toEqual({ kind: 'refused', reason: 'blocked', bucket: 'anonymous' });
    expect(checkArrival(limits, five.state, '+4790000001', START + 5 * MINUTE)).toEqual({ kind: 'allowed' });
  });

  it('are refused outright when the configuration says so, and numbered callers are not', () => {
    const refusing = { ...limits, anonymousCallers: 'refuse' as const };
    const state = initialGuessingState();
    expect(checkArrival(refusing, state, null, START)).toEqual({ kind: 'refused', reason: 'anonymous-not-allowed' });
    expect(checkArrival(refusing, state, '+4790000001', START)).toEqual({ kind: 'allowed' });
  });
});

describe('a spike of failures across many numbers', () => {
  const distinctCallers = (count: number, accessNumber = ACCESS, startAt = START) =>
    Array.from({ length: count }, (_, i) => ({ from: `+47900${String(i).padStart(5, '0')}`, at: startAt + i * 1_000, accessNumber }));
  // The service-wide threshold out of the way, to see the access number's own.
  const oneAccessNumber = { ...limits, spikeFailuresService: 1_000 };

  it('on one access number raises one alarm and slows every failure down from then on', () => {
    const below = failures(distinctCallers(5), oneAccessNumber);
    expect(below.delayMs).toBe(0);
    expect(below.alarms).toEqual([]);
    const spike = failures(distinctCallers(6), oneAccessNumber);
    expect(spike.delayMs).toBe(4_000);
    expect(spike.alarms).toEqual([{ scope: 'access-number', accessNumber: ACCESS, failuresInWindow: 6 }]);
    const more = failures(distinctCallers(20, ACCESS, START + 7_000), oneAccessNumber, spike.state);
    expect(more.delayMs).toBe(4_000);
    expect(more.alarms).toEqual([]);
  });

  it('raises the alarm again only once a whole window has passed', () => {
    const spike = failures(distinctCallers(6), oneAccessNumber);
    const sameWindow = failures(distinctCallers(6, ACCESS, START + 59 * MINUTE), oneAccessNumber, spike.state);
    expect(sameWindow.alarms).toEqual([]);
    const nextWindow = failures(distinctCallers(6, ACCESS, START + HOUR + 5_000), oneAccessNumber, sameWindow.state);
    expect(nextWindow.alarms).toEqual([{ scope: 'access-number', accessNumber: ACCESS, failuresInWindow: 6 }]);
  });

  it('ends when the failures leave the window: no more slowdown', () => {
    const spike = failures(distinctCallers(6));
    const later = failures([{ from: '+4791111111', at: START + 2 * HOUR }], limits, spike.state);
    expect(later.delayMs).toBe(0);
  });

  it('across access numbers raises the service alarm and slows every access number', () => {
    const spread = Array.from({ length: 10 }, (_, i) => ({ from: `+4790${i}`, at: START + i * 1_000, accessNumber: `+47210000${i}` }));
    const spike = failures(spread);
    expect(spike.alarms).toEqual([{ scope: 'service', failuresInWindow: 10 }]);
    expect(spike.delayMs).toBe(4_000);
  });
});

describe('memory', () => {
  it('forgets numbers whose failures left the window and that are not blocked', () => {
    const old = failures(Array.from({ length: 50 }, (_, i) => ({ from: `+4790${i}`, at: START })));
    const later = failures([{ from: '+4799999999', at: START + HOUR + 1 }], limits, old.state);
    expect(later.state.callers.size).toBe(1);
    expect(later.state.accessNumbers.size).toBe(1);
  });

  it('keeps a blocked number while its block lasts, even after its failures left the window', () => {
    const rules = { ...limits, callerBlockMs: 3 * HOUR };
    const blocked = failures(times(3, '+4790000001'), rules);
    const later = failures([{ from: '+4799999999', at: START + 2 * HOUR }], rules, blocked.state);
    expect(checkArrival(rules, later.state, '+4790000001', START + 2 * HOUR).kind).toBe('refused');
  });

  it('tracks at most the configured number of callers and access numbers, forgetting the least recently failing', () => {
    const many = failures(
      Array.from({ length: 1_000 }, (_, i) => ({ from: `+47${i}`, at: START + i, accessNumber: `access-${i}` })),
      { ...limits, spikeFailuresService: 10_000 },
    );
    expect(many.state.callers.size).toBe(100);
    expect(many.state.accessNumbers.size).toBe(100);
    expect([...many.state.callers.keys()].at(-1)).toBe('number:+47999');
    expect(many.state.callers.has('number:+470')).toBe(false);
  });

  it('holds no more failure instants per counter than its limit needs', () => {
    const flood = failures(times(500, '+4790000001', START, 1));
    expect(flood.state.callers.get('number:+4790000001')?.recent.length).toBe(3);
    expect(flood.state.service.recent.length).toBe(10);
  });
});
