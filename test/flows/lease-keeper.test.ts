import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import { SqlClusterStore } from '../../src/adapters/db/sql-cluster-store';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';
import { createLeaseKeeper, type LeaseKeeper } from '../../src/app/cluster/lease-keeper';
import { leaseTurn } from '../../src/app/cluster/lease-turn';
import type { ClusterStore } from '../../src/app/ports/cluster-store';
import { defaultLeaseTiming, type MediaServerLease } from '../../src/domain/cluster/media-server-lease';
import { createLogger } from '../../src/logger';
import { createFakeClock } from '../support/in-memory-clock';

/** The SQLite store, whose lease swaps can be held back one at a time, as a slow PostgreSQL would, or fail. */
function slowStore() {
  const db = openDatabase(':memory:');
  migrate(db);
  const real = new SqlClusterStore(new SqliteSqlDatabase(db));
  let holdNext = false;
  let failNext = false;
  let release: () => void = () => undefined;
  let closed = false;
  let swaps = 0;
  const store: ClusterStore = {
    lease: (serverId) => real.lease(serverId),
    async swapLease(expected, next) {
      swaps += 1;
      if (failNext) {
        failNext = false;
        throw new Error('Connection terminated unexpectedly');
      }
      if (holdNext) {
        holdNext = false;
        await new Promise<void>((resolve) => (release = resolve));
      }
      if (closed) throw new Error('Cannot use a pool after calling end on the pool');
      return real.swapLease(expected, next);
    },
    claim: (conferenceId) => real.claim(conferenceId),
    swapClaim: (expected, next) => real.swapClaim(expected, next),
    releaseClaim: (claim) => real.releaseClaim(claim),
    async close() {
      closed = true;
    },
  };
  return {
    store,
    holdNextSwap: () => (holdNext = true),
    failNextSwap: () => (failNext = true),
    releaseSwap: () => release(),
    swaps: () => swaps,
    lease: (serverId: string): Promise<MediaServerLease | null> => real.lease(serverId),
  };
}

describe('a lease keeper that stops while a renewal is under way', () => {
  it('waits for the renewal, then lets go of the lease it wrote, and logs no fault', async () => {
    const clock = createFakeClock();
    const slow = slowStore();
    const logged: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => void logged.push(line) });
    const keeper = createLeaseKeeper({
      store: slow.store,
      serverId: 'ast-1',
      holder: 'kvorum-1',
      clock,
      logger,
      gained: () => undefined,
      lost: () => undefined,
      reachable: () => true,
      serverLost: () => undefined,
    });
    await keeper.start();
    expect(keeper.current()).not.toBeNull();

    slow.holdNextSwap();
    clock.advance(defaultLeaseTiming.renewEveryMs);
    await new Promise((resolve) => setImmediate(resolve));
    const stopped = keeper.stop().then(() => slow.store.close());
    slow.releaseSwap();
    await stopped;

    const lease = await slow.lease('ast-1');
    expect(lease?.expiresAt).toBeLessThanOrEqual(clock.now());
    expect(logged).toEqual([]);
  });
});

/** A keeper of ast-1 for kvorum-1 over the slow store, on a fake clock, counting what it tells the bridge. */
async function startedKeeper() {
  const clock = createFakeClock();
  const slow = slowStore();
  const logged: Array<{ level: number; msg: string; lateByMs?: number; why?: string }> = [];
  const logger = createLogger('warn', { write: (line: string) => void logged.push(JSON.parse(line)) });
  const told = { gained: 0, lost: 0 };
  const keeper: LeaseKeeper = createLeaseKeeper({
    store: slow.store,
    serverId: 'ast-1',
    holder: 'kvorum-1',
    clock,
    logger,
    gained: () => void (told.gained += 1),
    lost: () => void (told.lost += 1),
    reachable: () => true,
    serverLost: () => undefined,
  });
  await keeper.start();
  return { clock, slow, logged, told, keeper };
}

/** An event loop that fell behind: a second past the lease's expiry, and the renewal timer has not fired. */
const PAST_EXPIRY_MS = defaultLeaseTiming.expiresAfterMs + 1_000;

describe('a lease keeper whose own clock ran past the expiry before a renewal', () => {
  it('keeps the server when the late renewal of its epoch lands: unsure meanwhile, never lost, one warning', async () => {
    const { clock, slow, logged, told, keeper } = await startedKeeper();
    const swapsBefore = slow.swaps();

    clock.stall(PAST_EXPIRY_MS);
    slow.holdNextSwap();
    expect(keeper.current()).toBeNull();
    expect(told.lost).toBe(0);
    // Asked again while unsure: still the one renewal under way, no second turn.
    const settled = keeper.settled();
    expect(keeper.current()).toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    expect(slow.swaps()).toBe(swapsBefore + 1);

    slow.releaseSwap();
    const lease = await settled;
    expect(lease).toMatchObject({ holder: 'kvorum-1', epoch: 1, expiresAt: clock.now() + defaultLeaseTiming.expiresAfterMs });
    expect(keeper.current()).toEqual(lease);
    expect(told).toEqual({ gained: 1, lost: 0 });
    expect(logged.map(({ msg, lateByMs }) => ({ msg, lateByMs }))).toEqual([
      { msg: 'renewed the lease late; kept driving the media server', lateByMs: 1_000 },
    ]);

    // The overdue timer's turn and the ones after renew on time: nothing more is said.
    for (let turn = 0; turn < 3; turn += 1) {
      clock.advance(defaultLeaseTiming.renewEveryMs);
      await new Promise((resolve) => setImmediate(resolve));
      expect(keeper.current()).not.toBeNull();
    }
    expect(logged).toHaveLength(1);
    await keeper.stop();
  });

  it('stops driving the server when a standby took the lease meanwhile', async () => {
    const { clock, slow, told, keeper } = await startedKeeper();
    clock.stall(PAST_EXPIRY_MS);
    const standby = await leaseTurn(slow.store, { serverId: 'ast-1', holder: 'kvorum-2', at: clock.now() });
    expect(standby).toMatchObject({ kind: 'held', gained: true, lease: { epoch: 2 } });

    expect(await keeper.settled()).toBeNull();
    expect(keeper.current()).toBeNull();
    expect(told).toEqual({ gained: 1, lost: 1 });
    await keeper.stop();
    expect(await slow.lease('ast-1')).toMatchObject({ holder: 'kvorum-2', epoch: 2 });
  });

  it('stops driving the server when the store fails once the expiry passed', async () => {
    const { clock, slow, logged, told, keeper } = await startedKeeper();
    clock.stall(PAST_EXPIRY_MS);
    slow.failNextSwap();

    expect(await keeper.settled()).toBeNull();
    expect(told).toEqual({ gained: 1, lost: 1 });
    expect(logged.map(({ msg, why }) => ({ msg, why }))).toEqual([
      { msg: 'keeping the lease failed', why: undefined },
      { msg: 'stopped driving the media server', why: 'the store failed after the lease ran out' },
    ]);
    await keeper.stop();
  });

  it('stops driving the server when the store does not answer for a lifetime after the expiry', async () => {
    const { clock, slow, told, keeper } = await startedKeeper();
    clock.stall(PAST_EXPIRY_MS);
    slow.holdNextSwap();
    const settled = keeper.settled();
    await new Promise((resolve) => setImmediate(resolve));

    clock.advance(defaultLeaseTiming.expiresAfterMs - 1_001);
    expect(told.lost).toBe(0);
    clock.advance(1);
    expect(await settled).toBeNull();
    expect(told).toEqual({ gained: 1, lost: 1 });

    slow.releaseSwap();
    await keeper.stop();
  });
});
