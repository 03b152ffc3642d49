import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import { PostgresSqlDatabase } from '../../src/adapters/db/sql/postgres-sql-database';
import type { SqlDatabase, SqlDialect } from '../../src/adapters/db/sql/sql-database';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';
import { PostgresServer } from './postgres-server';

/** One of the stores a repository must work on, as a test sees it. */
export interface StoreUnderTest {
  dialect: SqlDialect;
  /** A new, empty, migrated database; closed after the test. */
  open(): Promise<SqlDatabase>;
  /**
   * Another Kvorum process's way to the database of `db` (from `open()`):
   * on PostgreSQL a pool of its own, closed after the test; on SQLite `db`
   * itself, since two connections in one process would wait for each other's
   * write lock in the one thread (across processes BEGIN IMMEDIATE orders them).
   */
  another(db: SqlDatabase): Promise<SqlDatabase>;
}

const sqlite: StoreUnderTest = {
  dialect: 'sqlite',
  open: async () => {
    const db = openDatabase(':memory:');
    migrate(db);
    return new SqliteSqlDatabase(db);
  },
  another: async (db) => db,
};

/**
 * The PostgreSQL of this test file: started by the first suite that needs
 * it, stopped when the file is done. Each `open()` gets a copy of a
 * database that was migrated once, made while the test before ran (making
 * a database takes PostgreSQL a good part of a second on a busy machine).
 */
interface TestPostgres {
  server: PostgresServer;
  migrated: string;
  /** The next test's database, being made. */
  next: Promise<string>;
}

let postgres: Promise<TestPostgres> | null = null;

function thePostgres(): Promise<TestPostgres> {
  postgres ??= startPostgres();
  return postgres;
}

async function startPostgres(): Promise<TestPostgres> {
  const server = await PostgresServer.start();
  try {
    const url = await server.database();
    await (await PostgresSqlDatabase.open(url)).close();
    const migrated = new URL(url).pathname.slice(1);
    return { server, migrated, next: server.database(migrated) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function stopPostgres(): Promise<void> {
  const started = postgres;
  postgres = null;
  if (started === null) return;
  const { server, next } = await started;
  await next.catch(() => undefined);
  await server.stop();
}

/** Where each database `open()` gave is, for `another()`. */
const urls = new WeakMap<SqlDatabase, string>();

const postgresStore: StoreUnderTest = {
  dialect: 'postgres',
  open: async () => {
    const running = await thePostgres();
    const url = await running.next;
    running.next = running.server.database(running.migrated);
    // Awaited by the next open() or by stopPostgres; until then a failure must not go unhandled.
    running.next.catch(() => undefined);
    const db = await PostgresSqlDatabase.open(url);
    urls.set(db, url);
    return db;
  },
  another: async (db) => {
    const url = urls.get(db);
    if (url === undefined) throw new Error('another() takes a database that open() gave');
    return PostgresSqlDatabase.open(url);
  },
};

/**
 * Without PostgreSQL installed a developer's run skips its half, visibly;
 * CI (which installs it, .ci/run) must run it, so there it fails instead.
 */
const postgresMissing = !PostgresServer.available() && !process.env.CI;

/**
 * Runs `body` once per store, as `title (sqlite)`, `title (postgres)`: a
 * repository's tests prove it on every store Kvorum runs on.
 */
export function describeEachStore(title: string, body: (store: StoreUnderTest) => void): void {
  afterAll(stopPostgres);
  for (const store of [sqlite, postgresStore]) {
    if (store.dialect === 'postgres' && postgresMissing) {
      describe.skip(`${title} (postgres: not installed, see README "Tests")`, () => body(store));
      continue;
    }
    describe(`${title} (${store.dialect})`, () => {
      // Started here rather than in the first test, whose time limit it would eat.
      if (store.dialect === 'postgres') beforeAll(thePostgres, 60_000);
      const opened: SqlDatabase[] = [];
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((db) => db.close()));
      });
      const kept = async (db: SqlDatabase) => {
        if (!opened.includes(db)) opened.push(db);
        return db;
      };
      body({
        dialect: store.dialect,
        open: async () => kept(await store.open()),
        another: async (db) => kept(await store.another(db)),
      });
    });
  }
}
