import { describe, expect, it } from 'vitest';
import { claimStanding, claimStep, type ClaimReading } from '../../src/domain/cluster/conference-claim';
import { defaultLeaseTiming, leaseHolding, leaseStep, type MediaServerLease } from '../../src/domain/cluster/media-server-lease';

const T0 = Date.UTC(2026, 2, 2, 9);
const { renewEveryMs, expiresAfterMs } = defaultLeaseTiming;
const leaseOf = (serverId: string, holder: string | null, epoch: number, expiresAt: number): MediaServerLease => ({
  serverId,
  holder,
  epoch,
  expiresAt,
});

describe('a media server lease', () => {
  it('is taken by the first process that asks, in epoch 1, for the lifetime', () => {
    expect(leaseStep(null, { serverId: 'ast-a', holder: 'kvorum-1', at: T0 })).toEqual({
      kind: 'take',
      next: leaseOf('ast-a', 'kvorum-1', 1, T0 + expiresAfterMs),
    });
  });

  it('is renewed by its holder in the same epoch, and a standby waits while it is alive', () => {
    const held = leaseOf('ast-a', 'kvorum-1', 3, T0 + expiresAfterMs);
    const at = T0 + renewEveryMs;
    expect(leaseStep(held, { serverId: 'ast-a', holder: 'kvorum-1', at })).toEqual({
      kind: 'renew',
      next: leaseOf('ast-a', 'kvorum-1', 3, at + expiresAfterMs),
    });
    expect(leaseStep(held, { serverId: 'ast-a', holder: 'kvorum-2', at })).toEqual({
      kind: 'held',
      by: 'kvorum-1',
      until: T0 + expiresAfterMs,
    });
  });

  it('is taken over by a standby in a new epoch once it was not renewed for its lifetime', () => {
    const held = leaseOf('ast-a', 'kvorum-1', 3, T0 + expiresAfterMs);
    expect(leaseStep(held, { serverId: 'ast-a', holder: 'kvorum-2', at: T0 + expiresAfterMs })).toEqual({
      kind: 'take',
      next: leaseOf('ast-a', 'kvorum-2', 4, T0 + 2 * expiresAfterMs),
    });
  });

  it('whose lapse was recorded is taken in a new epoch, even by its old holder', () => {
    const lapsed = leaseOf('ast-a', null, 4, T0);
    expect(leaseStep(lapsed, { serverId: 'ast-a', holder: 'kvorum-1', at: T0 + 1 })).toMatchObject({
      kind: 'take',
      next: { holder: 'kvorum-1', epoch: 5 },
    });
  });

  it('lets its holder act only before the expiry it last wrote, leaves it unsure for a lifetime after, then lost', () => {
    const expiresAt = T0 + expiresAfterMs;
    const written = leaseOf('ast-a', 'kvorum-1', 1, expiresAt);
    expect(leaseHolding(written, expiresAt - 1)).toEqual({ kind: 'held' });
    expect(leaseHolding(written, expiresAt)).toEqual({ kind: 'unsure', lostInMs: expiresAfterMs });
    expect(leaseHolding(written, expiresAt + 2_500)).toEqual({ kind: 'unsure', lostInMs: expiresAfterMs - 2_500 });
    expect(leaseHolding(written, expiresAt + expiresAfterMs)).toEqual({ kind: 'lost' });
  });
});

describe('a conference claim', () => {
  const leaseA = leaseOf('ast-a', 'kvorum-1', 2, T0 + expiresAfterMs);
  const leaseB = leaseOf('ast-b', 'kvorum-2', 7, T0 + expiresAfterMs);
  const onA = (at: number) => ({ conferenceId: 'conf-1', serverId: 'ast-a', lease: leaseA, at });
  const claimedOnB = (lease: MediaServerLease | null): ClaimReading => ({
    claim: { conferenceId: 'conf-1', serverId: 'ast-b', epoch: 7, claimedAt: T0 - 60_000 },
    lease,
  });

  it('is made by the first caller for their own server, in its lease epoch', () => {
    expect(claimStep(null, onA(T0))).toEqual({
      kind: 'claim',
      expected: null,
      next: { conferenceId: 'conf-1', serverId: 'ast-a', epoch: 2, claimedAt: T0 },
    });
  });

  it('sends every later caller to the server that holds it while that lease lives', () => {
    expect(claimStanding(claimedOnB(leaseB), T0)).toEqual({ kind: 'live' });
    expect(claimStep(claimedOnB(leaseB), onA(T0))).toEqual({ kind: 'home', serverId: 'ast-b' });
  });

  it('on a server whose lease ran out has its lapse recorded first, then is dead and claimed anew', () => {
    const after = T0 + expiresAfterMs;
    expect(claimStep(claimedOnB(leaseB), onA(after))).toEqual({
      kind: 'recordLapse',
      expected: leaseB,
      next: leaseOf('ast-b', null, 8, after),
    });
    const lapsed = claimedOnB(leaseOf('ast-b', null, 8, after));
    expect(claimStanding(lapsed, after)).toEqual({ kind: 'dead' });
    expect(claimStep(lapsed, { ...onA(after), lease: { ...leaseA, expiresAt: after + expiresAfterMs } })).toMatchObject({
      kind: 'claim',
      expected: lapsed.claim,
      next: { serverId: 'ast-a', epoch: 2, claimedAt: after },
    });
  });

  it('is dead once a standby took its server over: the epoch it belongs to is gone', () => {
    const takenOver = claimedOnB(leaseOf('ast-b', 'kvorum-3', 8, T0 + expiresAfterMs));
    expect(claimStanding(takenOver, T0)).toEqual({ kind: 'dead' });
    expect(claimStanding(claimedOnB(null), T0)).toEqual({ kind: 'dead' });
  });

  it('cannot be made by a process whose own lease has run out', () => {
    expect(claimStep(null, onA(T0 + expiresAfterMs))).toEqual({ kind: 'notServing' });
  });
});
