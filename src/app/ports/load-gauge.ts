/** How far behind the process is (implemented by adapters/system/event-loop-gauge.ts). */
export interface LoadGauge {
  /** The event loop's delay over the last sampling interval (its 99th percentile, ms); 0 before the first interval ends. */
  loopDelayMs(): number;
}
