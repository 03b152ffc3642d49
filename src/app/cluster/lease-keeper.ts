import { assertNever } from '../../domain/assert-never';
import {
  defaultLeaseTiming,
  lapsedLease,
  leaseHolding,
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
 * while this process does. `gained` runs when the process starts driving
 * the server (at the first turn, or as a standby taking over), `lost` when
 * it must stop: another process took the lease, the store failed once the
 * last written expiry had passed, or no renewal succeeded for a lifetime
 * after it. Past the expiry and not renewed yet the lease is unsure
 * (domain/cluster/media-server-lease.ts): nothing new is claimed or carried
 * on it, a renewal runs at once, and a late renewal of the same epoch keeps
 * the server as if nothing happened (no reconnection, no resync). A server
 * out of reach for a lease's lifetime is taken for dead: the lease is let
 * go at once (its claims die, the rooms can be claimed elsewhere) and not
 * taken again until the server is back. A lease gained in a new epoch is a
 * new holding, even by the same process: what was claimed in the old epoch
 * is gone.
 */
export interface LeaseKeeper {
  /** The lease as last written, while this process may act on it; null otherwise (also while it is unsure). */
  current(): MediaServerLease | null;
  /** The lease once it is not unsure: renewed (as `current` then), or null when this process holds none. */
  settled(): Promise<MediaServerLease | null>;
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
  /** The turn under way, if any: never two at once; stopping waits for it, so that it neither outlives the store nor renews a lease let go. */
  let turning: Promise<void> | null = null;
  /** While unsure: loses the server at the end of the grace, even if the store never answers. */
  let giveUp: TimerHandle | null = null;
  /** Callers of `settled` waiting for a turn to end, the grace to run out or the lease to be lost. */
  const waiting: Array<() => void> = [];

  function current(): MediaServerLease | null {
    if (held === null) return null;
    const holding = leaseHolding(held, clock.now(), timing);
    switch (holding.kind) {
      case 'held':
        return held;
      case 'unsure':
        giveUp ??= clock.after(holding.lostInMs, () => {
          giveUp = null;
          current();
          wake();
        });
        void runTurn();
        return null;
      case 'lost':
        lose('no renewal succeeded for a lease lifetime after the lease ran out');
        return null;
      default:
        return assertNever(holding);
    }
  }

  async function settled(): Promise<MediaServerLease | null> {
    for (;;) {
      const lease = current();
      if (lease !== null || held === null) return lease;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  function wake(): void {
    for (const resolve of waiting.splice(0)) resolve();
  }

  function lose(why: string): void {
    if (held === null) return;
    held = null;
    endGrace();
    log.warn({ why }, 'stopped driving the media server');
    deps.lost();
    wake();
  }

  function endGrace(): void {
    giveUp?.cancel();
    giveUp = null;
  }

  /** Starts a turn unless one is under way (or the keeper stopped); resolves when the turn under way ends. */
  function runTurn(): Promise<void> {
    if (turning === null && !stopped)
      turning = turn().finally(() => {
        turning = null;
        wake();
      });
    return turning ?? Promise.resolve();
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
      if (held !== null) {
        if (outcome.lease.epoch === held.epoch) renewed(held, outcome.lease);
        else lose('the lease moved to a new epoch');
      }
      const gained = held === null;
      held = outcome.lease;
      if (gained) {
        log.info({ epoch: held.epoch }, 'driving the media server');
        deps.gained(held);
      }
    } catch (error) {
      log.error({ err: error }, 'keeping the lease failed');
      // Past the expiry a failed renewal ends the holding: a process that cannot reach the store must stop.
      if (held !== null && leaseHolding(held, clock.now(), timing).kind !== 'held') lose('the store failed after the lease ran out');
    }
  }

  /** The same epoch renewed: an unsure lease is held again, and a renewal that came late says so once. */
  function renewed(before: MediaServerLease, after: MediaServerLease): void {
    endGrace();
    const lateByMs = clock.now() - before.expiresAt;
    if (lateByMs >= 0) log.warn({ epoch: after.epoch, lateByMs }, 'renewed the lease late; kept driving the media server');
  }

  function schedule(): void {
    if (stopped) return;
    timer = clock.after(timing.renewEveryMs, () => void runTurn().then(schedule));
  }

  return {
    current,
    settled,
    async start() {
      await runTurn();
      schedule();
    },
    async stop() {
      stopped = true;
      timer?.cancel();
      // A renewal that lands meanwhile is the row to let go from: letting go of the one before it would fail.
      await turning;
      await letGo();
      endGrace();
      wake();
    },
  };
}
