import type { LatencySummary } from './types';

/**
 * DTMF-to-reaction latency, as the benchmarks see it from outside the bridge:
 * a sample starts when the simulator sends the digit that completes a caller's
 * input (the last digit of one `press`), and ends when the next REST request
 * concerning that caller arrives (see `concernedChannelIds`). Inputs that get
 * no reaction before the next input or the hangup are dropped, not counted.
 */
export class LatencyRecorder {
  private readonly pending = new Map<string, number>();
  private samples: number[] = [];

  inputCompleted(channelId: string, at: number): void {
    this.pending.set(channelId, at);
  }

  channelGone(channelId: string): void {
    this.pending.delete(channelId);
  }

  requestArrived(channelIds: Iterable<string>, at: number): void {
    for (const channelId of channelIds) {
      const started = this.pending.get(channelId);
      if (started === undefined) continue;
      this.pending.delete(channelId);
      this.samples.push(at - started);
    }
  }

  summary(): LatencySummary {
    return summarise(this.samples);
  }

  /** One summary over the samples of several recorders (the servers of a cluster). */
  static summaryOf(recorders: readonly LatencyRecorder[]): LatencySummary {
    return summarise(recorders.flatMap((recorder) => recorder.samples));
  }

  reset(): void {
    this.samples = [];
    this.pending.clear();
  }
}

/** Count, nearest-rank p50 and p99, and the maximum of latency samples (ms). */
export function summarise(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? null,
  };
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

/** Epoch milliseconds with sub-millisecond resolution. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
