import { assertNever } from '../assert-never';
import { lapsedLease, leaseIsAlive, type MediaServerLease } from './media-server-lease';

/**
 * Where a conference lives: a meeting lives on one media server. The first
 * caller who passes the code claims the conference for the server they
 * called in on; every later caller, on any server, is sent to that server.
 *
 * A claim has no expiry of its own: it lives exactly as long as the epoch of
 * its server's lease it was made in. When the server's driver stops renewing
 * (the process or the server died), the next caller records the lapse
 * (`lapsedLease`, which bumps the epoch) and the claim is dead for good: the
 * room can be claimed again at once, wherever that caller is. Claims are
 * written by swapping a row only if it is still what was read, so of many
 * first callers at once exactly one claim is written: one meeting, never two.
 */
export interface ConferenceClaim {
  conferenceId: string;
  serverId: string;
  /** The epoch of the server's lease the claim was made in. */
  epoch: number;
  claimedAt: number;
}

/** A claim as read, with its server's lease as it stands (null: the server has no lease row). */
export interface ClaimReading {
  claim: ConferenceClaim;
  lease: MediaServerLease | null;
}

/** Whether a claim still holds at `at`. */
export type ClaimStanding =
  /** Its server's lease is in the claim's epoch and alive. */
  | { kind: 'live' }
  /** Its server's lease is in the claim's epoch but ran out, and nobody has recorded that yet. */
  | { kind: 'lapsing'; lease: MediaServerLease }
  /** Its server's lease moved to another epoch (taken over, lapsed or gone): nothing of the claim holds. */
  | { kind: 'dead' };

export function claimStanding(reading: ClaimReading, at: number): ClaimStanding {
  const { claim, lease } = reading;
  if (lease === null || lease.epoch !== claim.epoch || lease.holder === null) return { kind: 'dead' };
  return leaseIsAlive(lease, at) ? { kind: 'live' } : { kind: 'lapsing', lease };
}

/** What a caller who passed the code on `serverId` needs to find out where the conference lives. */
export interface ClaimRequest {
  conferenceId: string;
  serverId: string;
  /** The lease this process holds on `serverId`, as it last wrote it. */
  lease: MediaServerLease;
  at: number;
}

/** The next step towards knowing where the conference lives. */
export type ClaimStep =
  /** It lives on `serverId` (this caller's own server, or another). */
  | { kind: 'home'; serverId: string }
  /** Write this claim if the conference's claim is still `expected` (null: none). */
  | { kind: 'claim'; expected: ConferenceClaim | null; next: ConferenceClaim }
  /** The claiming server's lease ran out: record its lapse first (if the lease is still `expected`), then read again. */
  | { kind: 'recordLapse'; expected: MediaServerLease; next: MediaServerLease }
  /** This process does not hold its own server's lease alive: it may not claim for it. */
  | { kind: 'notServing' };

export function claimStep(current: ClaimReading | null, request: ClaimRequest): ClaimStep {
  const { conferenceId, serverId, lease, at } = request;
  const claimHere = (expected: ConferenceClaim | null): ClaimStep =>
    leaseIsAlive(lease, at) && lease.serverId === serverId
      ? { kind: 'claim', expected, next: { conferenceId, serverId, epoch: lease.epoch, claimedAt: at } }
      : { kind: 'notServing' };
  if (current === null) return claimHere(null);
  const standing = claimStanding(current, at);
  switch (standing.kind) {
    case 'live':
      return { kind: 'home', serverId: current.claim.serverId };
    case 'lapsing':
      return { kind: 'recordLapse', expected: standing.lease, next: lapsedLease(standing.lease, at) };
    case 'dead':
      return claimHere(current.claim);
    default:
      return assertNever(standing);
  }
}
