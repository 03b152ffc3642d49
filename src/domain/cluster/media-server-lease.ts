/**
 * Who drives a media server. Each Asterisk is driven by exactly one Kvorum
 * process at a time: the one holding its lease in the shared store. The
 * holder renews it every `renewEveryMs`; a lease not renewed for
 * `expiresAfterMs` has lapsed, and a standby process may take it.
 *
 * The store never decides anything: it only swaps a row for another if the
 * row is still what the writer read (app/ports/cluster-store.ts). Every
 * change of holder, and every lapse somebody acts on, bumps the `epoch`, so
 * the holder's next renewal (which expects its own epoch) fails and it
 * learns it lost the server. Because of that the holder may renew as long as
 * its epoch stands, even after its own clock says the lease ran out: nobody
 * can have acted on the lapse without bumping the epoch.
 */

export interface LeaseTiming {
  renewEveryMs: number;
  expiresAfterMs: number;
}

/** Renewal three times within the lifetime: two missed renewals are survived, the third hands the server over. */
export const defaultLeaseTiming: LeaseTiming = { renewEveryMs: 2_000, expiresAfterMs: 6_000 };

export interface MediaServerLease {
  serverId: string;
  /** The Kvorum process holding it; null once somebody recorded its lapse (nobody drives the server). */
  holder: string | null;
  /** Counts the holders and lapses; a claim belongs to one epoch of its server's lease. */
  epoch: number;
  expiresAt: number;
}

/** What a process that wants to drive `serverId` does with the lease it read. */
export type LeaseStep =
  /** Nobody holds it alive: write a new epoch with this process as holder. */
  | { kind: 'take'; next: MediaServerLease }
  /** This process holds it: push the expiry on, same epoch. */
  | { kind: 'renew'; next: MediaServerLease }
  /** Another process holds it and renews it: stand by. */
  | { kind: 'held'; by: string; until: number };

export function leaseStep(
  current: MediaServerLease | null,
  request: { serverId: string; holder: string; at: number },
  timing: LeaseTiming = defaultLeaseTiming,
): LeaseStep {
  const { serverId, holder, at } = request;
  const expiresAt = at + timing.expiresAfterMs;
  if (current === null) return { kind: 'take', next: { serverId, holder, epoch: 1, expiresAt } };
  if (current.holder === holder) return { kind: 'renew', next: { ...current, expiresAt } };
  if (current.holder !== null && current.expiresAt > at) return { kind: 'held', by: current.holder, until: current.expiresAt };
  return { kind: 'take', next: { serverId, holder, epoch: current.epoch + 1, expiresAt } };
}

/**
 * Where the holder stands on the lease it last wrote, by its own clock.
 * Past the expiry it is unsure rather than out: its epoch may well still
 * stand (an event loop that fell behind renews late, and nobody acted on
 * the lapse), but a standby may have taken over, so it claims and carries
 * nothing until a renewal tells which. Unsure for one more lifetime without
 * a successful renewal, it has lost the server; so has it when a renewal
 * fails once the expiry passed (a process that cannot reach the store must
 * stop, so that a standby may take over).
 */
export type LeaseHolding =
  /** Before its expiry: the holder acts on it. */
  | { kind: 'held' }
  /** Past its expiry, not yet renewed: renew at once, act on nothing new; lost in `lostInMs` unless renewed. */
  | { kind: 'unsure'; lostInMs: number }
  /** Past its expiry for a whole lifetime more: the holder stops driving the server. */
  | { kind: 'lost' };

export function leaseHolding(lastWritten: MediaServerLease, at: number, timing: LeaseTiming = defaultLeaseTiming): LeaseHolding {
  const lateByMs = at - lastWritten.expiresAt;
  if (lateByMs < 0) return { kind: 'held' };
  if (lateByMs < timing.expiresAfterMs) return { kind: 'unsure', lostInMs: timing.expiresAfterMs - lateByMs };
  return { kind: 'lost' };
}

/** Whether a lease read from the store is alive at `at`: held and not run out. */
export function leaseIsAlive(lease: MediaServerLease | null, at: number): lease is MediaServerLease {
  return lease !== null && lease.holder !== null && lease.expiresAt > at;
}

/**
 * The lease after somebody who does not take the server acted on its lapse
 * (to free the conferences claimed on it): no holder, a new epoch. A standby
 * still takes it afterwards with `leaseStep`.
 */
export function lapsedLease(lease: MediaServerLease, at: number): MediaServerLease {
  return { serverId: lease.serverId, holder: null, epoch: lease.epoch + 1, expiresAt: at };
}
