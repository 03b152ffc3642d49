import { afterEach, describe } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import type { SqlDatabase, SqlDialect } from '../../src/adapters/db/sql/sql-database';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';

/** One of the stores a repository must work on, as a test sees it. */
export interface StoreUnderTest {
  dialect: SqlDialect;
  /** A new, empty, migrated database; closed after the test. */
  open(): Promise<SqlDatabase>;
}

const sqlite: StoreUnderTest = {
  dialect: 'sqlite',
  open: async () => {
    const db = openDatabase(':memory:');
    migrate(db);
    return new SqliteSqlDatabase(db);
  },
};

/**
 * Runs `body` once per store, as `title (sqlite)`, `title (postgres)`: a
 * repository's tests prove it on every store Kvorum runs on.
 */
export function describeEachStore(title: string, body: (store: StoreUnderTest) => void): void {
  for (const store of [sqlite]) {
    describe(`${title} (${store.dialect})`, () => {
      const opened: SqlDatabase[] = [];
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((db) => db.close()));
      });
      body({
        dialect: store.dialect,
        open: async () => {
          const db = await store.open();
          opened.push(db);
          return db;
        },
      });
    });
  }
}
