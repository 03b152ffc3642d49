import type { FailureStanding, Standing, StandingQuery } from '../../domain/guessing/guessing-rules';
import type { GuessingStore, RecordedFailure } from '../../app/ports/guessing-store';
import { BRIDGE_BUSY_TIMEOUT_MS, openDatabase, setBusyTimeout } from './database';
import type { SqlDatabase, SqlStatements } from './sql/sql-database';
import { SqliteSqlDatabase } from './sql/sqlite-sql-database';

/** At most `cap` failures in the window since `$2`, of those `where` picks. */
const capped = (where: string, cap: string) =>
  `(SELECT count(*) FROM (SELECT 1 FROM code_failures WHERE ${where}at > $2 LIMIT ${cap}) AS capped)`;
/**
 * The standing in one query: `$1` the bucket, `$2` the window's start, `$3`
 * `$5` `$6` how far to count for the caller, the access number `$4` and the
 * service, `$7` the instant of the block.
 */
const SELECT_STANDING = `SELECT
    (SELECT blocked_until FROM caller_blocks WHERE bucket = $1 AND blocked_until > $7) AS blocked_until,
    ${capped('bucket = $1 AND ', '$3')} AS caller,
    ${capped('access_number = $4 AND ', '$5')} AS access_number,
    ${capped('', '$6')} AS service`;
const SELECT_BLOCK = 'SELECT blocked_until FROM caller_blocks WHERE bucket = $1 AND blocked_until > $2';
const SELECT_ALARM = 'SELECT alarmed_at FROM guessing_alarms WHERE scope = $1';
const INSERT_FAILURE = 'INSERT INTO code_failures (at, bucket, access_number) VALUES ($1, $2, $3)';
const PRUNE_FAILURES = 'DELETE FROM code_failures WHERE at <= $1';
// A longer block already there stays.
const UPSERT_BLOCK = `INSERT INTO caller_blocks (bucket, blocked_until) VALUES ($1, $2)
  ON CONFLICT (bucket) DO UPDATE SET blocked_until = CASE WHEN excluded.blocked_until > caller_blocks.blocked_until
    THEN excluded.blocked_until ELSE caller_blocks.blocked_until END`;
const PRUNE_BLOCKS = 'DELETE FROM caller_blocks WHERE blocked_until <= $1';
const INSERT_FIRST_ALARM = 'INSERT INTO guessing_alarms (scope, alarmed_at) VALUES ($1, $2) ON CONFLICT (scope) DO NOTHING';
const MOVE_ALARM = 'UPDATE guessing_alarms SET alarmed_at = $1 WHERE scope = $2 AND alarmed_at = $3';

/**
 * The guessing store on either store (tables of sql/0008_guessing_state.sql).
 * Every answer is one query of a few index lookups, and each count stops at the number
 * the rules compare it with, however many failures a flood has left in the
 * window. Recording a failure also prunes those that have left the window,
 * so the table holds at most one window of failures.
 *
 * What it writes may be lost in a power cut without harm (a few failures
 * fewer counted): its commits are not flushed to disk one by one. On SQLite
 * that is its own connection (`beside`); on PostgreSQL each of its
 * transactions commits with `synchronous_commit` off.
 */
export class SqlGuessingStore implements GuessingStore {
  constructor(
    private readonly db: SqlDatabase,
    /** Closed with the store: a connection opened for it. */
    private readonly ownConnection = false,
  ) {}

  /**
   * The bridge's store on SQLite: on a connection of its own to the database
   * file at `path`, whose commits are not flushed to disk one by one
   * (`synchronous = NORMAL` in WAL mode): a wrong code costs the event loop a
   * tenth of a millisecond instead of an fsync, and a crash of Kvorum still
   * loses nothing; only a power cut may lose the last failures recorded. Like
   * the bridge's own connection it waits at most a moment for another
   * process's lock. An in-memory database exists only on `db`, so it is used
   * itself.
   */
  static beside(db: SqlDatabase, path: string): SqlGuessingStore {
    if (db.dialect !== 'sqlite' || path === ':memory:') return new SqlGuessingStore(db);
    const own = openDatabase(path);
    own.pragma('synchronous = NORMAL');
    setBusyTimeout(own, BRIDGE_BUSY_TIMEOUT_MS);
    return new SqlGuessingStore(new SqliteSqlDatabase(own), true);
  }

  async close(): Promise<void> {
    if (this.ownConnection) await this.db.close();
  }

  standing(query: StandingQuery): Promise<Standing> {
    return this.readStanding(this.db, query);
  }

  blockedUntil(bucket: string, at: number): Promise<number | null> {
    return this.blockedAt(this.db, bucket, at);
  }

  recordFailure(failure: RecordedFailure, query: StandingQuery): Promise<FailureStanding> {
    return this.unflushed(async (tx) => {
      await tx.run(PRUNE_FAILURES, [query.since]);
      await tx.run(INSERT_FAILURE, [failure.at, failure.bucket, failure.accessNumber]);
      // One statement at a time: a transaction is one connection.
      const standing = await this.readStanding(tx, query);
      const accessNumber = await this.lastAlarm(tx, query.alarmScopes.accessNumber);
      const service = await this.lastAlarm(tx, query.alarmScopes.service);
      return { ...standing, lastAlarmAt: { accessNumber, service } };
    });
  }

  async block(bucket: string, until: number, at: number): Promise<void> {
    await this.unflushed(async (tx) => {
      await tx.run(PRUNE_BLOCKS, [at]);
      await tx.run(UPSERT_BLOCK, [bucket, until]);
    });
  }

  async claimAlarm(scope: string, at: number, previousAlarmAt: number | null): Promise<boolean> {
    const changed =
      previousAlarmAt === null
        ? await this.db.run(INSERT_FIRST_ALARM, [scope, at])
        : await this.db.run(MOVE_ALARM, [at, scope, previousAlarmAt]);
    return changed === 1;
  }

  /** A transaction whose commit need not wait for the disk (see the class). */
  private unflushed<T>(work: (tx: SqlStatements) => Promise<T>): Promise<T> {
    if (this.db.dialect === 'sqlite') return this.db.transaction(work);
    return this.db.transaction(async (tx) => {
      await tx.run('SET LOCAL synchronous_commit TO OFF');
      return work(tx);
    });
  }

  private async readStanding(on: SqlStatements, query: StandingQuery): Promise<Standing> {
    const { countUpTo } = query;
    const row = await on.get<{ blocked_until: number | null; caller: number; access_number: number; service: number }>(SELECT_STANDING, [
      query.bucket,
      query.since,
      countUpTo.caller,
      query.accessNumber,
      countUpTo.accessNumber,
      countUpTo.service,
      query.at,
    ]);
    return {
      blockedUntil: row!.blocked_until,
      callerFailures: row!.caller,
      accessNumberFailures: row!.access_number,
      serviceFailures: row!.service,
    };
  }

  private async blockedAt(on: SqlStatements, bucket: string, at: number): Promise<number | null> {
    return (await on.get<{ blocked_until: number }>(SELECT_BLOCK, [bucket, at]))?.blocked_until ?? null;
  }

  private async lastAlarm(on: SqlStatements, scope: string): Promise<number | null> {
    return (await on.get<{ alarmed_at: number }>(SELECT_ALARM, [scope]))?.alarmed_at ?? null;
  }
}
