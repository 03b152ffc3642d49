import type { Clock } from '../../src/app/ports/clock-and-ids';

/**
 * A clock the script sets: `now` is what the script says it is; timers run
 * in real time (the script moves the day, not the seconds).
 */
export class ScriptedClock implements Clock {
  constructor(private instant: number) {}
  now = (): number => this.instant;
  after(ms: number, fire: () => void) {
    const timer = setTimeout(fire, ms);
    return { cancel: () => clearTimeout(timer) };
  }
  /** Moves the clock to an ISO 8601 instant; it never goes back. */
  set(instant: string): void {
    const next = Date.parse(instant);
    if (next < this.instant) throw new Error(`the script went back in time to ${instant}`);
    this.instant = next;
  }
}
