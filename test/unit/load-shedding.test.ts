import { describe, expect, it } from 'vitest';
import { sheddingLimits, shedsNewCalls } from '../../src/domain/call/load-shedding';

const limits = sheddingLimits(500);

/** Whether new calls are refused after each measured delay in turn, starting from admitting them. */
function refusalsAfter(delaysMs: number[]): boolean[] {
  let shedding = false;
  return delaysMs.map((delayMs) => (shedding = shedsNewCalls(limits, shedding, delayMs)));
}

describe('load shedding at the door', () => {
  it('stops at half the threshold it starts above', () => {
    expect(limits).toEqual({ startAboveMs: 500, stopBelowMs: 250 });
  });

  it('admits new calls while the event loop keeps up, and up to the threshold itself', () => {
    expect(refusalsAfter([0, 12, 499, 500])).toEqual([false, false, false, false]);
  });

  it('refuses them once the delay is above the threshold, until it is back under half of it', () => {
    expect(refusalsAfter([501, 1_200, 400, 260, 250, 249])).toEqual([true, true, true, true, true, false]);
  });

  it('does not flap with a delay that hovers around the threshold', () => {
    expect(refusalsAfter([510, 490, 520, 480, 505, 300])).toEqual([true, true, true, true, true, true]);
    expect(refusalsAfter([490, 240, 510, 240, 490])).toEqual([false, false, true, false, false]);
  });
});
