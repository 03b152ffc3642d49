/** Capped exponential backoff: initialMs, 2×, 4×, … never more than maxMs. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 250, maxMs: 10_000 };

export interface Backoff {
  /** The wait before the next attempt; each call doubles it up to the cap. */
  nextDelayMs(): number;
  /** After a success: start again from `initialMs`. */
  reset(): void;
}

export function createBackoff(policy: BackoffPolicy): Backoff {
  let failures = 0;
  return {
    nextDelayMs() {
      const delay = Math.min(policy.maxMs, policy.initialMs * 2 ** failures);
      if (delay < policy.maxMs) failures += 1;
      return delay;
    },
    reset() {
      failures = 0;
    },
  };
}
