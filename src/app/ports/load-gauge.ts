/** How far behind the process is (implemented by adapters/system/event-loop-gauge.ts). */
export interface LoadGauge {
  /** How far behind the event loop has been throughout the last second (ms; the lesser of two half-second p99s); 0 until then. */
  loopDelayMs(): number;
}
