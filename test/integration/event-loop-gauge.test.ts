import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEventLoopGauge, type EventLoopGauge } from '../../src/adapters/system/event-loop-gauge';

/** Holds the event loop, as a bridge swamped with work does. */
function blockLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else runs meanwhile
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The highest the gauge reads while `work` runs and for `afterMs` after it, read every 20 ms. */
async function highestWhile(gauge: EventLoopGauge, work: () => Promise<void>, afterMs: number): Promise<number> {
  let highest = 0;
  let done = false;
  const reading = (async () => {
    while (!done) {
      highest = Math.max(highest, gauge.loopDelayMs());
      await sleep(20);
    }
  })();
  await work();
  await sleep(afterMs);
  done = true;
  await reading;
  return highest;
}

describe("the event loop's delay, measured", () => {
  let gauge: EventLoopGauge | undefined;
  afterEach(() => gauge?.stop());

  async function freshGauge(): Promise<EventLoopGauge> {
    const started = startEventLoopGauge();
    expect(started.loopDelayMs()).toBe(0);
    await vi.waitFor(() => expect(started.loopDelayMs()).toBeLessThan(100), { timeout: 3_000, interval: 50 });
    return started;
  }

  it('reads a loop held again and again for over a second as far behind, and as caught up once it runs freely', async () => {
    gauge = await freshGauge();
    const highest = await highestWhile(
      gauge,
      async () => {
        const until = performance.now() + 2_500;
        while (performance.now() < until) {
          blockLoop(300);
          await sleep(5);
        }
      },
      0,
    );
    expect(highest).toBeGreaterThan(200);
    await vi.waitFor(() => expect(gauge!.loopDelayMs()).toBeLessThan(100), { timeout: 3_000, interval: 50 });
  });

  // Node's histogram may miss one long block (its timer and ours run in the same turn); the sampler's own lateness
  // sees it, in the one half second it ends in.
  it('does not count one long block the loop has already left behind', async () => {
    gauge = await freshGauge();
    const highest = await highestWhile(gauge, async () => blockLoop(1_200), 1_500);
    expect(highest).toBeLessThan(300);
  });
});
