import type { Clock, Ids, TimerHandle } from '../../src/app/ports/clock-and-ids';

/** A clock that only moves when the test says so; timers fire in due order. */
export interface FakeClock extends Clock {
  /** Moves time forward, firing every timer that falls due on the way. */
  advance(ms: number): void;
  /** Moves time forward without firing timers, as an event loop that fell behind sees it: what fell due fires at the next `advance`. */
  stall(ms: number): void;
  pendingTimers(): number;
}

export function createFakeClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)): FakeClock {
  let now = start;
  let sequence = 0;
  const timers = new Map<number, { due: number; fire: () => void }>();
  return {
    now: () => now,
    after(ms, fire): TimerHandle {
      const id = sequence++;
      timers.set(id, { due: now + ms, fire });
      return { cancel: () => void timers.delete(id) };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = [...timers.entries()].filter(([, timer]) => timer.due <= until).sort((a, b) => a[1].due - b[1].due || a[0] - b[0])[0];
        if (next === undefined) break;
        timers.delete(next[0]);
        // Timers a stall left overdue fire late, at the time it is now: time never runs backwards.
        now = Math.max(now, next[1].due);
        next[1].fire();
      }
      now = until;
    },
    stall(ms) {
      now += ms;
    },
    pendingTimers: () => timers.size,
  };
}

/** Readable, predictable ids: `leg-1`, `mtg-2`, ... */
export function createCountingIds(): Ids {
  let count = 0;
  return { next: (prefix) => `${prefix}-${++count}` };
}
