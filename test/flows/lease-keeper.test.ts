import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import { SqlClusterStore } from '../../src/adapters/db/sql-cluster-store';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';
import { createLeaseKeeper } from '../../src/app/cluster/lease-keeper';
import type { ClusterStore } from '../../src/app/ports/cluster-store';
import { defaultLeaseTiming, type MediaServerLease } from '../../src/domain/cluster/media-server-lease';
import { createLogger } from '../../src/logger';
import { createFakeClock } from '../support/in-memory-clock';

/** The SQLite store, whose lease swaps can be held back one at a time, as a slow PostgreSQL would. */
function slowStore() {
  const db = openDatabase(':memory:');
  migrate(db);
  const real = new SqlClusterStore(new SqliteSqlDatabase(db));
  let holdNext = false;
  let release: () => void = () => undefined;
  let closed = false;
  const store: ClusterStore = {
    lease: (serverId) => real.lease(serverId),
    async swapLease(expected, next) {
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
    releaseSwap: () => release(),
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
