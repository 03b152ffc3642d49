import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../database';
import type { SqlDatabase, SqlStatements, SqlValue } from './sql-database';

type Bound = Record<string, SqlValue>;
type Statement = BetterSqlite3.Statement<[Bound], unknown>;

/**
 * SqlDatabase over one better-sqlite3 connection. SQLite answers at once, in
 * the calling thread, so each statement is run right away and its answer
 * handed back resolved; prepared statements are kept per SQL text.
 *
 * A transaction's work awaits between its statements, and on one connection
 * any statement run meanwhile would land inside it (and be rolled back with
 * it). So while a transaction is open the connection's other statements and
 * transactions queue behind it, in order.
 */
export class SqliteSqlDatabase implements SqlDatabase {
  readonly dialect = 'sqlite';
  private readonly statements = new Map<string, Statement>();
  private readonly direct: SqlStatements;
  /** Settles when the open transaction ends; null when none is open. */
  private open: Promise<unknown> | null = null;

  /** `db` is migrated already; closing this closes it. */
  constructor(readonly connection: Database) {
    this.direct = {
      all: async <Row>(sql: string, params?: readonly SqlValue[]) => this.prepared(sql).all(bind(params)) as Row[],
      get: async <Row>(sql: string, params?: readonly SqlValue[]) => this.prepared(sql).get(bind(params)) as Row | undefined,
      run: async (sql: string, params?: readonly SqlValue[]) => this.prepared(sql).run(bind(params)).changes,
    };
  }

  async all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    while (this.open) await this.open.catch(() => undefined);
    return this.direct.all<Row>(sql, params);
  }

  async get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined> {
    while (this.open) await this.open.catch(() => undefined);
    return this.direct.get<Row>(sql, params);
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    while (this.open) await this.open.catch(() => undefined);
    return this.direct.run(sql, params);
  }

  async transaction<T>(work: (tx: SqlStatements) => Promise<T>): Promise<T> {
    while (this.open) await this.open.catch(() => undefined);
    const running = this.inTransaction(work);
    this.open = running;
    try {
      return await running;
    } finally {
      if (this.open === running) this.open = null;
    }
  }

  /** One writer at a time already: nothing weaker to be had. */
  batch<T>(work: (tx: SqlStatements) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  async close(): Promise<void> {
    while (this.open) await this.open.catch(() => undefined);
    this.connection.close();
  }

  private async inTransaction<T>(work: (tx: SqlStatements) => Promise<T>): Promise<T> {
    // IMMEDIATE takes the write lock now: a transaction that reads and then writes never fails half-way on another writer.
    this.prepared('BEGIN IMMEDIATE').run({});
    try {
      const result = await work(this.direct);
      this.prepared('COMMIT').run({});
      return result;
    } catch (error) {
      if (this.connection.inTransaction) this.prepared('ROLLBACK').run({});
      throw error;
    }
  }

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      // better-sqlite3 binds numbered parameters only by name: `$1` becomes `@p1`, bound by `bind`.
      statement = this.connection.prepare<[Bound], unknown>(sql.replace(/\$(\d+)/g, '@p$1'));
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** The values of `$1`, `$2`, … as the `@p1`, `@p2`, … they were renamed to. */
function bind(params: readonly SqlValue[] = []): Bound {
  const bound: Bound = {};
  params.forEach((value, index) => {
    bound[`p${index + 1}`] = value;
  });
  return bound;
}
