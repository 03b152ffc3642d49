/**
 * Load shedding at the door: when the bridge's event loop falls behind,
 * everything it does is late (keypad answers, prompts, ARI requests that run
 * into their timeout), and every new caller makes it later for the meetings
 * already running. So new callers are refused, unanswered, until the loop
 * has caught up again; callers already held, and calls carried in from
 * another media server (their meeting lives here), are never shed.
 *
 * Two thresholds, so that a loop hovering around one of them does not flap
 * between refusing and admitting: shedding starts when the measured delay
 * is above the high one and stops only once it is below the low one.
 */
export interface SheddingLimits {
  /** Shedding starts when the event loop's delay is above this (ms). */
  startAboveMs: number;
  /** Shedding stops when the delay is below this (ms). */
  stopBelowMs: number;
}

/** One threshold names both: shedding stops once the delay is back under half of it. */
export function sheddingLimits(startAboveMs: number): SheddingLimits {
  return { startAboveMs, stopBelowMs: startAboveMs / 2 };
}

/**
 * Whether new calls are refused now, given how far behind the event loop has
 * been lately (ms; app/ports/load-gauge.ts) and whether they were being
 * refused until now.
 */
export function shedsNewCalls(limits: SheddingLimits, sheddingNow: boolean, loopDelayMs: number): boolean {
  return sheddingNow ? loopDelayMs >= limits.stopBelowMs : loopDelayMs > limits.startAboveMs;
}
