/**
 * One way for the repositories to speak to either store: SQLite, embedded,
 * for one server; PostgreSQL, shared, for a cluster. A repository is written
 * once against this, in the SQL both dialects speak (docs/database.md,
 * "Portable SQL"): `$1 … $n` parameters, `ON CONFLICT … DO NOTHING/UPDATE`,
 * `RETURNING`, `IS NOT DISTINCT FROM`, no dialect functions.
 */
export type SqlDialect = 'sqlite' | 'postgres';

/** What a parameter may be: both drivers bind these as they are. Booleans are stored as 0/1. */
export type SqlValue = string | number | null;

/** Statements on a connection, or inside a transaction. */
export interface SqlStatements {
  /** Every row `sql` selects. Integers come back as numbers on both stores. */
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** The first row `sql` selects, or undefined. */
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** Runs a write; how many rows it inserted, changed or deleted. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDatabase extends SqlStatements {
  readonly dialect: SqlDialect;
  /**
   * Runs `work` as one transaction no other writer interleaves with (SQLite:
   * BEGIN IMMEDIATE, and this connection's other statements wait for it;
   * PostgreSQL: SERIALIZABLE, run again from the start on a serialization
   * failure). Inside, use only `tx`; `work` must do nothing but statements
   * and computing, since it may run twice. A throw rolls everything back.
   */
  transaction<T>(work: (tx: SqlStatements) => Promise<T>): Promise<T>;
  /**
   * Runs `work` as one commit of writes that each stand on their own (the
   * ledger's batches): all or nothing, like `transaction`, for work in
   * which no read decides what is written and every condition a write
   * depends on is in its own WHERE. PostgreSQL runs it READ COMMITTED,
   * where each UPDATE checks its WHERE against the newest version of its
   * row: writers of different rows then never refuse each other, which
   * SERIALIZABLE does once a batch has touched enough rows for PostgreSQL
   * to watch whole pages or the whole table for it. SQLite: `transaction`.
   */
  batch<T>(work: (tx: SqlStatements) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
