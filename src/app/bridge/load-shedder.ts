import { shedsNewCalls, type SheddingLimits } from '../../domain/call/load-shedding';
import type { Logger } from '../../logger';
import type { LoadGauge } from '../ports/load-gauge';

/**
 * Whether new callers are refused at the door now (domain/call/load-shedding.ts).
 * One per process, shared by its bridges: the event loop that falls behind is
 * the process's, whichever media servers it drives.
 */
export interface LoadShedder {
  /**
   * Asked as a new caller arrives, with the gauge's latest reading. The
   * change either way is logged once: a stop of the shedding with the first
   * caller admitted again.
   */
  shedding(): boolean;
}

export function createLoadShedder(gauge: LoadGauge, limits: SheddingLimits, logger: Logger): LoadShedder {
  let sheddingNow = false;
  return {
    shedding() {
      const delayMs = gauge.loopDelayMs();
      const shedding = shedsNewCalls(limits, sheddingNow, delayMs);
      const loopDelayMs = Math.round(delayMs);
      if (shedding && !sheddingNow) logger.warn({ loopDelayMs, startAboveMs: limits.startAboveMs }, 'overloaded: refusing new calls');
      if (!shedding && sheddingNow) logger.warn({ loopDelayMs, stopBelowMs: limits.stopBelowMs }, 'caught up: admitting new calls again');
      sheddingNow = shedding;
      return shedding;
    },
  };
}
