import pg from 'pg';
import { openReadOnlyDatabase } from './database';
import { sqliteRowStream, type ReportReads, type RowStream } from './reports-source';
import { statementsOn, types } from './sql/postgres-sql-database';
import { SqliteSqlDatabase } from './sql/sqlite-sql-database';
import type { StoreLocation } from './sql/store-location';

/** A report's reads in one snapshot of the store, on a connection of their own; closing ends both. */
export interface ReportSnapshot {
  reads: ReportReads;
  close(): Promise<void>;
}

/**
 * Opens a read-only connection and starts the one snapshot a whole report
 * job reads in: the bridge goes on rating legs meanwhile, and the lines
 * must add up to the totals.
 */
export function openReportSnapshot(store: StoreLocation): Promise<ReportSnapshot> {
  return store.kind === 'sqlite' ? Promise.resolve(sqliteSnapshot(store.path)) : postgresSnapshot(store.url);
}

/** SQLite: the file opened read-only; the read transaction's snapshot is taken at its first read. */
function sqliteSnapshot(path: string): ReportSnapshot {
  const connection = openReadOnlyDatabase(path);
  connection.exec('BEGIN');
  const statements = new SqliteSqlDatabase(connection);
  return {
    reads: { dialect: 'sqlite', statements, stream: sqliteRowStream(connection) },
    // Closing ends the read transaction.
    close: () => statements.close(),
  };
}

/** Rows fetched from a cursor per round trip: a few hundred KB of leg lines. */
const CURSOR_ROWS = 2_000;

/**
 * PostgreSQL: one connection in a REPEATABLE READ READ ONLY transaction (a
 * snapshot, which never fails for serialization), long answers read from a
 * server-side cursor a slice at a time.
 */
async function postgresSnapshot(url: string): Promise<ReportSnapshot> {
  const client = new pg.Client({ connectionString: url, application_name: 'kvorum-report', types });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    await client.end();
    throw error;
  }
  const statements = statementsOn(client);
  let cursors = 0;
  const stream: RowStream = async function* (sql, params) {
    const cursor = `report_rows_${(cursors += 1)}`;
    await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, [...params]);
    let failed = false;
    try {
      for (;;) {
        const slice = await client.query({ text: `FETCH ${CURSOR_ROWS} FROM ${cursor}`, rowMode: 'array' });
        yield* slice.rows as unknown[][];
        if (slice.rows.length < CURSOR_ROWS) return;
      }
    } catch (error) {
      // The transaction is aborted: the cursor goes with it, and the error is the one to tell.
      failed = true;
      throw error;
    } finally {
      // Read to its end or given up by the reader: the connection reads on.
      if (!failed) await client.query(`CLOSE ${cursor}`);
    }
  };
  return {
    reads: { dialect: 'postgres', statements, stream },
    close: async () => {
      try {
        await client.query('ROLLBACK');
      } finally {
        await client.end();
      }
    },
  };
}
