import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database';
import { migrate, readMigrations } from '../../src/adapters/db/migrations';
import { SqlClusterStore } from '../../src/adapters/db/sql-cluster-store';
import { openSqlDatabase } from '../../src/adapters/db/sql/open-sql-database';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';
import { findConferenceHome, type ConferenceHome } from '../../src/app/cluster/conference-home';
import { leaseTurn } from '../../src/app/cluster/lease-turn';
import type { ClusterStore } from '../../src/app/ports/cluster-store';
import { defaultLeaseTiming, type MediaServerLease } from '../../src/domain/cluster/media-server-lease';
import { PostgresServer } from '../support/postgres-server';

const T0 = Date.UTC(2026, 2, 2, 9);
const { renewEveryMs, expiresAfterMs } = defaultLeaseTiming;

/**
 * One place the cluster's processes share: `connect()` answers a store on a
 * connection of its own, as another Kvorum process would have.
 */
interface SharedStore {
  connect(): Promise<ClusterStore>;
  close(): Promise<void>;
}

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await PostgresServer.start();
}, 60_000);
afterAll(() => postgres?.stop());

const kinds: Array<{ name: string; open: () => Promise<SharedStore> }> = [
  {
    name: 'SQLite (one file, a connection per process)',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kvorum-cluster-'));
      const path = join(dir, 'kvorum.db');
      const first = openDatabase(path);
      migrate(first);
      const connections = [first];
      return {
        connect: async () => {
          const db = connections.length === 1 ? first : openDatabase(path);
          if (db !== first) connections.push(db);
          return new SqlClusterStore(new SqliteSqlDatabase(db));
        },
        close: async () => {
          for (const db of connections) db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL (a pool per process)',
    open: async () => {
      const url = await postgres.database();
      const stores: ClusterStore[] = [];
      return {
        connect: async () => {
          const store = new SqlClusterStore(await openSqlDatabase({ kind: 'postgres', url }), { ownsDatabase: true });
          stores.push(store);
          return store;
        },
        close: async () => {
          await Promise.all(stores.map((store) => store.close()));
        },
      };
    },
  },
];

describe.each(kinds)('the cluster store on $name', ({ open }) => {
  let shared: SharedStore;
  /** Two Kvorum processes, each driving one media server through its own connection. */
  let one: ClusterStore;
  let two: ClusterStore;

  beforeEach(async () => {
    shared = await open();
    one = await shared.connect();
    two = await shared.connect();
  });
  afterEach(() => shared.close());

  async function hold(store: ClusterStore, serverId: string, holder: string, at: number): Promise<MediaServerLease> {
    const turn = await leaseTurn(store, { serverId, holder, at });
    if (turn.kind !== 'held') throw new Error(`${holder} could not take ${serverId}: held by ${turn.holder}`);
    return turn.lease;
  }

  it('gives a media server to the first process, keeps it renewed, and a standby waits', async () => {
    expect(await leaseTurn(one, { serverId: 'ast-a', holder: 'kvorum-1', at: T0 })).toMatchObject({
      kind: 'held',
      gained: true,
      lease: { holder: 'kvorum-1', epoch: 1 },
    });
    expect(await leaseTurn(two, { serverId: 'ast-a', holder: 'kvorum-2', at: T0 + 1 })).toEqual({
      kind: 'standby',
      holder: 'kvorum-1',
      until: T0 + expiresAfterMs,
    });
    expect(await leaseTurn(one, { serverId: 'ast-a', holder: 'kvorum-1', at: T0 + renewEveryMs })).toMatchObject({
      kind: 'held',
      gained: false,
      lease: { epoch: 1, expiresAt: T0 + renewEveryMs + expiresAfterMs },
    });
    expect(await two.lease('ast-a')).toEqual({
      serverId: 'ast-a',
      holder: 'kvorum-1',
      epoch: 1,
      expiresAt: T0 + renewEveryMs + expiresAfterMs,
    });
  });

  it('lets a standby take over a lease that was not renewed, and the old holder then stands by', async () => {
    await hold(one, 'ast-a', 'kvorum-1', T0);
    const expired = T0 + expiresAfterMs;
    expect(await leaseTurn(two, { serverId: 'ast-a', holder: 'kvorum-2', at: expired })).toMatchObject({
      kind: 'held',
      gained: true,
      lease: { holder: 'kvorum-2', epoch: 2 },
    });
    // The old holder wakes up (a long pause) and tries to renew: the server is no longer its own.
    expect(await leaseTurn(one, { serverId: 'ast-a', holder: 'kvorum-1', at: expired + 1 })).toMatchObject({
      kind: 'standby',
      holder: 'kvorum-2',
    });
  });

  it('gives an expired lease to exactly one of many standbys that try at once', async () => {
    await hold(one, 'ast-a', 'kvorum-0', T0);
    const at = T0 + expiresAfterMs + 1;
    const turns = await Promise.all(
      Array.from({ length: 12 }, (_, i) => leaseTurn(i % 2 ? one : two, { serverId: 'ast-a', holder: `kvorum-${i + 1}`, at })),
    );
    const winners = turns.filter((turn) => turn.kind === 'held');
    expect(winners).toHaveLength(1);
    expect(await one.lease('ast-a')).toMatchObject({ holder: winners[0]!.lease.holder, epoch: 2 });
  });

  it('claims a conference for the first caller’s server and sends a caller on another server there', async () => {
    const leaseA = await hold(one, 'ast-a', 'kvorum-1', T0);
    const leaseB = await hold(two, 'ast-b', 'kvorum-2', T0);
    expect(await findConferenceHome(one, { conferenceId: 'conf-1', serverId: 'ast-a', lease: leaseA, at: T0 + 10 })).toEqual({
      kind: 'here',
    });
    expect(await findConferenceHome(one, { conferenceId: 'conf-1', serverId: 'ast-a', lease: leaseA, at: T0 + 20 })).toEqual({
      kind: 'here',
    });
    expect(await findConferenceHome(two, { conferenceId: 'conf-1', serverId: 'ast-b', lease: leaseB, at: T0 + 30 })).toEqual({
      kind: 'elsewhere',
      serverId: 'ast-a',
    });
  });

  it('of many first callers racing on two servers, makes one claim, and everybody learns the same server', async () => {
    const leaseA = await hold(one, 'ast-a', 'kvorum-1', T0);
    const leaseB = await hold(two, 'ast-b', 'kvorum-2', T0);
    const conferences = Array.from({ length: 10 }, (_, i) => `conf-${i}`);
    const callers = conferences.flatMap((conferenceId) =>
      Array.from({ length: 8 }, (_, i) => {
        const [store, serverId, lease] = i % 2 ? [one, 'ast-a', leaseA] : [two, 'ast-b', leaseB];
        return findConferenceHome(store, { conferenceId, serverId, lease, at: T0 + 100 }).then((home) => ({
          conferenceId,
          server: whereTheyGo(serverId, home),
        }));
      }),
    );
    const outcomes = await Promise.all(callers);
    for (const conferenceId of conferences) {
      const claimed = await one.claim(conferenceId);
      const servers = new Set(outcomes.filter((o) => o.conferenceId === conferenceId).map((o) => o.server));
      expect([...servers]).toEqual([claimed!.claim.serverId]);
    }
  });

  it('frees the rooms of a server whose driver died: the next caller records the lapse and claims anew', async () => {
    const leaseA = await hold(one, 'ast-a', 'kvorum-1', T0);
    await findConferenceHome(one, { conferenceId: 'conf-1', serverId: 'ast-a', lease: leaseA, at: T0 });
    // kvorum-1 stops renewing; kvorum-2 keeps ast-b alive.
    const later = T0 + expiresAfterMs + 500;
    const leaseB = await hold(two, 'ast-b', 'kvorum-2', later);
    expect(await findConferenceHome(two, { conferenceId: 'conf-1', serverId: 'ast-b', lease: leaseB, at: later })).toEqual({
      kind: 'here',
    });
    expect(await two.lease('ast-a')).toMatchObject({ holder: null, epoch: 2 });
    // A process that then takes ast-a over finds the room on ast-b, not its old claim.
    const retaken = await hold(one, 'ast-a', 'kvorum-1', later + 1);
    expect(retaken.epoch).toBe(3);
    expect(await findConferenceHome(one, { conferenceId: 'conf-1', serverId: 'ast-a', lease: retaken, at: later + 2 })).toEqual({
      kind: 'elsewhere',
      serverId: 'ast-b',
    });
  });

  it('refuses to claim for a server whose lease this process no longer holds', async () => {
    const leaseA = await hold(one, 'ast-a', 'kvorum-1', T0);
    const at = T0 + expiresAfterMs;
    expect(await findConferenceHome(one, { conferenceId: 'conf-1', serverId: 'ast-a', lease: leaseA, at })).toEqual({
      kind: 'not-serving',
    });
    expect(await one.claim('conf-1')).toBeNull();
  });

  it('releases a claim when the meeting ends, but not one made since by someone else', async () => {
    const leaseA = await hold(one, 'ast-a', 'kvorum-1', T0);
    await findConferenceHome(one, { conferenceId: 'conf-1', serverId: 'ast-a', lease: leaseA, at: T0 });
    const mine = (await one.claim('conf-1'))!.claim;
    expect(await one.releaseClaim(mine)).toBe(true);
    expect(await one.claim('conf-1')).toBeNull();
    const leaseB = await hold(two, 'ast-b', 'kvorum-2', T0);
    await findConferenceHome(two, { conferenceId: 'conf-1', serverId: 'ast-b', lease: leaseB, at: T0 + 1 });
    expect(await one.releaseClaim(mine)).toBe(false);
    expect(await one.claim('conf-1')).toMatchObject({ claim: { serverId: 'ast-b' } });
  });
});

function whereTheyGo(ownServer: string, home: ConferenceHome): string {
  if (home.kind === 'here') return ownServer;
  if (home.kind === 'elsewhere') return home.serverId;
  throw new Error(`a caller on ${ownServer} was refused: ${home.kind}`);
}

describe('the tables in PostgreSQL', () => {
  it('are made once when several processes start together, and recorded in schema_migrations', async () => {
    const url = await postgres.database();
    const stores = await Promise.all(
      [1, 2, 3].map(async () => new SqlClusterStore(await openSqlDatabase({ kind: 'postgres', url }), { ownsDatabase: true })),
    );
    await Promise.all(stores.map((store) => store.close()));
    const client = new pg.Client(url);
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number; file_name: string }>(
        'SELECT version, file_name FROM schema_migrations ORDER BY version',
      );
      const files = readMigrations(join(import.meta.dirname, '../../sql'));
      expect(rows).toEqual(files.map(({ version, fileName }) => ({ version, file_name: fileName })));
    } finally {
      await client.end();
    }
  });

  it('refuse a database made from the unreleased cluster-only migrations, saying why', async () => {
    const url = await postgres.database();
    const client = new pg.Client(url);
    await client.connect();
    try {
      await client.query(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, file_name TEXT NOT NULL, applied_at BIGINT NOT NULL);
        INSERT INTO schema_migrations VALUES (1, '0001_cluster.sql', 0);
        CREATE TABLE media_server_leases (server_id TEXT PRIMARY KEY, holder TEXT, epoch BIGINT NOT NULL, expires_at BIGINT NOT NULL)`);
    } finally {
      await client.end();
    }
    await expect(openSqlDatabase({ kind: 'postgres', url })).rejects.toThrow(
      /0001_cluster\.sql.*0001_init\.sql.*start on an empty database/,
    );
  });
});
