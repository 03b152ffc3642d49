import type { Clock } from '../../app/ports/clock-and-ids';

/** Wall-clock time and real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fire) {
    const timer = setTimeout(fire, ms);
    return { cancel: () => clearTimeout(timer) };
  },
};
