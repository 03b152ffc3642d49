import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { LoadGauge } from '../../app/ports/load-gauge';

/** How often the delay is read and the histogram started afresh. */
const SAMPLE_INTERVAL_MS = 500;
/** The histogram's own timer (Node's default); its samples include this interval, which is taken off to leave the delay. */
const RESOLUTION_MS = 10;

export interface EventLoopGauge extends LoadGauge {
  stop(): void;
}

/**
 * The event loop's delay as node:perf_hooks measures it, read every half
 * second: the 99th percentile of the interval just ended. Node's histogram
 * can miss one long block altogether (seen on Node 20 when the block runs in
 * a timer callback), so the sampling timer's own lateness counts too: it is
 * late by the block less what had passed of its interval.
 *
 * What it reports is the lesser of the last two readings: how far behind the
 * loop has been for a whole second. One long block that the loop has already
 * left behind (a start, a large synchronous job) reads high in one interval
 * only, and refuses nobody once it is over; an overloaded loop reads high in
 * every interval. The timer is unref'd: it never keeps the process alive.
 */
export function startEventLoopGauge(): EventLoopGauge {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let previousMs = 0;
  let latestMs = 0;
  let sampledAt = performance.now();
  const timer = setInterval(() => {
    const at = performance.now();
    const lateMs = at - sampledAt - SAMPLE_INTERVAL_MS;
    const measuredMs = histogram.count === 0 ? 0 : histogram.percentile(99) / 1e6 - RESOLUTION_MS;
    previousMs = latestMs;
    latestMs = Math.max(0, measuredMs, lateMs);
    sampledAt = at;
    histogram.reset();
  }, SAMPLE_INTERVAL_MS);
  timer.unref();
  return {
    loopDelayMs: () => Math.min(previousMs, latestMs),
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
