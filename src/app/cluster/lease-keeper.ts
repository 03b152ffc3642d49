import {
  defaultLeaseTiming,
  holdsLease,
  lapsedLease,
  type LeaseTiming,
  type MediaServerLease,
} from '../../domain/cluster/media-server-lease';
import type { Logger } from '../../logger';
import type { Clock, TimerHandle } from '../ports/clock-and-ids';
import type { ClusterStore } from '../ports/cluster-store';
import { leaseTurn } from './lease-turn';

/**
 * Keeps one media server's lease for this process: a turn every
 * `renewEveryMs` takes the lease when nobody holds it alive and renews it
 * while this process does. `gained` runs when the process starts driving the
 * server (at the first turn, or as a standby taking over), `lost` when it
 * must stop: another process took the lease, or no renewal succeeded before
 * the last written expiry (the store unreachable). A server out of reach for
 * a lease's lifetime is taken for dead: the lease is let go at once (its
 * claims die, the rooms can be claimed elsewhere) and not taken again until
 * the server is back. A lease gained in a new
 * epoch is a new holding, even by the same process: what was claimed in the
 * old epoch is gone.
 */
export interface LeaseKeeper {
  /** The lease as last written, while this process may act on it; null otherwise. */
  current(): MediaServerLease | null;
  /** Runs the first turn, then keeps turning until `stop`. */
  start(): Promise<void>;
  /** Stops turning and lets the lease go (a lapse recorded at once), so a standby takes over without waiting. */
  stop(): Promise<void>;
}

export function createLeaseKeeper(deps: {
  store: ClusterStore;
  serverId: string;
  holder: string;
  clock: Clock;
  logger: Logger;
  timing?: LeaseTiming;
  gained(lease: MediaServerLease): void;
  lost(): void;
  /** False once the server has been out of reach for a lease's lifetime: it is taken for dead. */
  reachable(): boolean;
  /** The server was taken for dead and its lease let go, so that its rooms may be claimed elsewhere at once. */
  serverLost(): void;
}): LeaseKeeper {
  const { store, serverId, holder, clock, logger } = deps;
  const timing = deps.timing ?? defaultLeaseTiming;
  const log = logger.child({ component: 'lease', serverId });
  let held: MediaServerLease | null = null;
  let timer: TimerHandle | null = null;
  let stopped = false;
  /** The turn under way, if any: stopping waits for it, so that it neither outlives the store nor renews a lease let go. */
  let turning: Promise<void> | null = null;

  function current(): MediaServerLease | null {
    if (held !== null && !holdsLease(held, holder, clock.now())) lose('the lease ran out before a renewal succeeded');
    return held;
  }

  function lose(why: string): void {
    if (held === null) return;
    held = null;
    log.warn({ why }, 'stopped driving the media server');
    deps.lost();
  }

  /** Records the lapse at once: the claims of this epoch die with it. */
  async function letGo(): Promise<void> {
    const lease = held;
    held = null;
    if (lease === null) return;
    try {
      await store.swapLease(lease, lapsedLease(lease, clock.now()));
    } catch (error) {
      log.warn({ err: error }, 'could not let the lease go; it lapses on its own');
    }
  }

  async function turn(): Promise<void> {
    if (!deps.reachable()) {
      if (held === null) return;
      log.warn('the media server is out of reach: letting its lease go');
      await letGo();
      return deps.serverLost();
    }
    try {
      const outcome = await leaseTurn(store, { serverId, holder, at: clock.now() }, timing);
      if (stopped) {
        // Stopping: the row this turn wrote is the one to let go of.
        if (outcome.kind === 'held') held = outcome.lease;
        return;
      }
      if (outcome.kind === 'standby') return lose(`held by ${outcome.holder}`);
      if (held !== null && outcome.lease.epoch !== held.epoch) lose('the lease moved to a new epoch');
      const gained = held === null;
      held = outcome.lease;
      if (gained) {
        log.info({ epoch: held.epoch }, 'driving the media server');
        deps.gained(held);
      }
    } catch (error) {
      log.error({ err: error }, 'keeping the lease failed');
      current();
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = clock.after(timing.renewEveryMs, () => {
      turning = turn().finally(() => (turning = null));
      void turning.then(schedule);
    });
  }

  return {
    current,
    async start() {
      await turn();
      schedule();
    },
    async stop() {
      stopped = true;
      timer?.cancel();
      // A renewal that lands meanwhile is the row to let go from: letting go of the one before it would fail.
      await turning;
      await letGo();
    },
  };
}
