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
 * Whether the holder may still act on a lease it last wrote: only before its
 * expiry by its own clock. Past it, a standby may already have taken over,
 * so the holder stops driving the server until a renewal succeeds again.
 */
export function holdsLease(lastWritten: MediaServerLease, holder: string, at: number): boolean {
  return lastWritten.holder === holder && at < lastWritten.expiresAt;
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
