import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEventLoopGauge, type EventLoopGauge } from '../../src/adapters/system/event-loop-gauge';

/** Holds the event loop, as a bridge swamped with work does. */
function blockLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else runs meanwhile
  }
}

describe("the event loop's delay, measured", () => {
  let gauge: EventLoopGauge | undefined;
  afterEach(() => gauge?.stop());

  // Node's histogram may miss one long block (its timer and ours run in the same turn); the sampler's own lateness
  // sees at least the block less one interval.
  it('reads a loop held for over a second as far behind, and as caught up once it runs freely again', async () => {
    gauge = startEventLoopGauge();
    expect(gauge.loopDelayMs()).toBe(0);
    await vi.waitFor(() => expect(gauge!.loopDelayMs()).toBeLessThan(100), { timeout: 3_000, interval: 50 });

    blockLoop(1_200);
    await vi.waitFor(() => expect(gauge!.loopDelayMs()).toBeGreaterThan(600), { timeout: 3_000, interval: 50 });
    await vi.waitFor(() => expect(gauge!.loopDelayMs()).toBeLessThan(100), { timeout: 3_000, interval: 50 });
  });
});
