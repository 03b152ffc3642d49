/**
 * Waits for many conditions at once with one timer. The simulator's own
 * `waitUntil` re-checks every waiter on every change, which costs
 * O(callers × changes) with thousands of callers waiting; polling all of
 * them every few milliseconds keeps the load generator's share of the
 * simulator process small (the latency it measures does not depend on how
 * quickly the generator notices a change).
 */
interface Waiter {
  holds: () => boolean;
  deadline: number;
  settle: (held: boolean) => void;
}

export class ConditionPoller {
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly intervalMs: number) {}

  /** Resolves true as soon as `holds()` is true, false once `timeoutMs` has passed. */
  waitFor(holds: () => boolean, timeoutMs: number): Promise<boolean> {
    if (holds()) return Promise.resolve(true);
    return new Promise((settle) => {
      this.waiters.add({ holds, deadline: Date.now() + timeoutMs, settle });
      this.timer ??= setInterval(() => this.check(), this.intervalMs);
    });
  }

  private check(): void {
    const now = Date.now();
    for (const waiter of this.waiters) {
      const held = waiter.holds();
      if (!held && now < waiter.deadline) continue;
      this.waiters.delete(waiter);
      waiter.settle(held);
    }
    if (this.waiters.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
