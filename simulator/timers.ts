/**
 * All of the simulator's timers, so that the time scale is applied in one
 * place and `close()` or an Asterisk restart can cancel everything pending.
 */

export type Cancel = () => void;

export interface SimTimers {
  /** Runs `fn` after a simulated duration: `ms` multiplied by the time scale. */
  afterSimulated(ms: number, fn: () => void): Cancel;
  /** Runs `fn` after `ms` wall-clock milliseconds (faults, gaps between digits). */
  afterReal(ms: number, fn: () => void): Cancel;
  /** Resolves after a simulated duration. */
  sleepSimulated(ms: number): Promise<void>;
  sleepReal(ms: number): Promise<void>;
  clearAll(): void;
}

export function createTimers(timeScale: number): SimTimers {
  const pending = new Set<NodeJS.Timeout>();

  function afterReal(ms: number, fn: () => void): Cancel {
    const handle = setTimeout(
      () => {
        pending.delete(handle);
        fn();
      },
      Math.max(0, ms),
    );
    pending.add(handle);
    return () => {
      clearTimeout(handle);
      pending.delete(handle);
    };
  }

  const afterSimulated = (ms: number, fn: () => void): Cancel => afterReal(ms * timeScale, fn);

  return {
    afterReal,
    afterSimulated,
    sleepSimulated: (ms) => new Promise((resolve) => afterSimulated(ms, resolve)),
    sleepReal: (ms) => new Promise((resolve) => afterReal(ms, resolve)),
    clearAll() {
      for (const handle of pending) clearTimeout(handle);
      pending.clear();
    },
  };
}

/** Asterisk's timestamp format: 2024-03-15T10:20:30.123+0000 (UTC). */
export function asteriskTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}
