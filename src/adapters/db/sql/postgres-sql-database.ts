import pg from 'pg';
import type { MigrationOutcome } from '../migrations';
import { migratePostgres } from '../postgres-migrations';
import type { SqlDatabase, SqlStatements, SqlValue } from './sql-database';

/** PostgreSQL's type ids of BIGINT and NUMERIC (what SUM and COUNT answer). */
const INT8 = 20;
const NUMERIC = 1700;

/**
 * Integers as numbers, as SQLite gives them, on this pool only: pg answers
 * BIGINT and NUMERIC as strings (they may not fit a double; ours, milliseconds
 * and øre, always do), and its global parsers belong to every other user of pg.
 * For the pool, and for the report worker's own connection.
 */
export const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** SQLSTATEs after which a transaction is run again from its start: serialization_failure, deadlock_detected. */
const RETRIED = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 20;
/** The longest pause, in ms, before another attempt; each pause is a random part of it, growing with the attempts. */
const MAX_PAUSE_MS = 50;

export interface PostgresOptions {
  /** Connections in the pool; pg's default is 10. */
  max?: number;
  /** The migration files (the project's `sql/` unless a test says otherwise). */
  sqlDir?: string;
}

/**
 * SqlDatabase over a pool of PostgreSQL connections. A statement outside a
 * transaction runs on its own (autocommit). A transaction takes a connection
 * of its own and runs SERIALIZABLE: PostgreSQL then lets it commit only if
 * the outcome is that of some order of the transactions one after another,
 * which is what SQLite's one writer at a time gives the repositories; one
 * that PostgreSQL refuses for that (or for a deadlock) is rolled back and
 * run again from the start, after a short random pause, a bounded number of
 * times. A batch (see SqlDatabase) runs READ COMMITTED.
 */
export class PostgresSqlDatabase implements SqlDatabase {
  readonly dialect = 'postgres';

  constructor(private readonly pool: pg.Pool) {}

  /** Connects to `url` and migrates it (sql/, as PostgreSQL reads it); closing the answer ends the pool. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresSqlDatabase> {
    const pool = kvorumPool(url, options.max);
    try {
      await migratePostgres(pool, options.sqlDir);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresSqlDatabase(pool);
  }

  /** Migrates the database at `url` on a connection of its own, and says what was applied. */
  static async migrate(url: string): Promise<MigrationOutcome> {
    const pool = kvorumPool(url, 1);
    try {
      return await migratePostgres(pool);
    } finally {
      await pool.end();
    }
  }

  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return statementsOn(this.pool).all<Row>(sql, params);
  }

  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined> {
    return statementsOn(this.pool).get<Row>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return statementsOn(this.pool).run(sql, params);
  }

  transaction<T>(work: (tx: SqlStatements) => Promise<T>): Promise<T> {
    return this.inTransaction('SERIALIZABLE', work);
  }

  /** A deadlock can still refuse it (two batches writing the same rows in another order): it is run again too. */
  batch<T>(work: (tx: SqlStatements) => Promise<T>): Promise<T> {
    return this.inTransaction('READ COMMITTED', work);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async inTransaction<T>(isolation: 'SERIALIZABLE' | 'READ COMMITTED', work: (tx: SqlStatements) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
        try {
          const result = await work(statementsOn(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          // After a failed COMMIT there is nothing to roll back; PostgreSQL only warns.
          await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
          throw error;
        }
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetried(error)) throw error;
      } finally {
        client.release(broken);
      }
      await pause(Math.random() * Math.min(MAX_PAUSE_MS, 2 ** attempt));
    }
  }
}

type Queryable = Pick<pg.Pool, 'query'>;

/** Statements on a pool, or on one connection (a transaction's, a report's snapshot). */
export function statementsOn(target: Queryable): SqlStatements {
  const query = async <Row>(sql: string, params: readonly SqlValue[] = []) =>
    target.query<pg.QueryResultRow>(sql, params as SqlValue[]) as Promise<pg.QueryResult<Row & pg.QueryResultRow>>;
  return {
    all: async <Row>(sql: string, params?: readonly SqlValue[]) => (await query<Row>(sql, params)).rows,
    get: async <Row>(sql: string, params?: readonly SqlValue[]) => (await query<Row>(sql, params)).rows[0],
    run: async (sql: string, params?: readonly SqlValue[]) => (await query(sql, params)).rowCount ?? 0,
  };
}

function isRetried(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRIED.has(code);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function kvorumPool(url: string, max: number | undefined): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'kvorum', types });
  // An idle connection that breaks (a restarted server) is dropped by the pool; the next statement reports it.
  pool.on('error', () => undefined);
  return pool;
}
