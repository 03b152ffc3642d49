import type { FailureStanding, Standing, StandingQuery } from '../../domain/guessing/guessing-rules';
import type { GuessingStore, RecordedFailure } from '../../app/ports/guessing-store';
import { BRIDGE_BUSY_TIMEOUT_MS, openDatabase, setBusyTimeout, type Database } from './database';

interface CountParams {
  key: string;
  since: number;
  upTo: number;
}

/**
 * The guessing store on SQLite (tables of sql/0008_guessing_state.sql).
 * Every answer is a few index lookups, and each count stops at the number
 * the rules compare it with, however many failures a flood has left in the
 * window. Recording a failure also prunes those that have left the window,
 * so the table holds at most one window of failures.
 */
export class SqliteGuessingStore implements GuessingStore {
  private readonly countOfBucket;
  private readonly countOfAccessNumber;
  private readonly countOfService;
  private readonly selectBlock;
  private readonly selectAlarm;
  private readonly insertFailure;
  private readonly pruneFailures;
  private readonly upsertBlock;
  private readonly pruneBlocks;
  private readonly insertFirstAlarm;
  private readonly moveAlarm;
  private readonly readStanding: (query: StandingQuery) => Standing;
  private readonly recordAndRead: (failure: RecordedFailure, query: StandingQuery) => FailureStanding;

  constructor(
    private readonly db: Database,
    /** Closed with the store: a connection opened for it. */
    private readonly ownConnection = false,
  ) {
    const count = (column: string | null) =>
      db.prepare<[CountParams], { n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM code_failures
         WHERE ${column === null ? '' : `${column} = @key AND `}at > @since LIMIT @upTo)`,
      );
    this.countOfBucket = count('bucket');
    this.countOfAccessNumber = count('access_number');
    this.countOfService = count(null);
    this.selectBlock = db.prepare<[string, number], { blocked_until: number }>(
      'SELECT blocked_until FROM caller_blocks WHERE bucket = ? AND blocked_until > ?',
    );
    this.selectAlarm = db.prepare<[string], { alarmed_at: number }>('SELECT alarmed_at FROM guessing_alarms WHERE scope = ?');
    this.insertFailure = db.prepare<[RecordedFailure]>(
      'INSERT INTO code_failures (at, bucket, access_number) VALUES (@at, @bucket, @accessNumber)',
    );
    this.pruneFailures = db.prepare<[number]>('DELETE FROM code_failures WHERE at <= ?');
    this.upsertBlock = db.prepare<[string, number]>(
      `INSERT INTO caller_blocks (bucket, blocked_until) VALUES (?, ?)
       ON CONFLICT (bucket) DO UPDATE SET blocked_until = max(blocked_until, excluded.blocked_until)`,
    );
    this.pruneBlocks = db.prepare<[number]>('DELETE FROM caller_blocks WHERE blocked_until <= ?');
    this.insertFirstAlarm = db.prepare<[string, number]>(
      'INSERT INTO guessing_alarms (scope, alarmed_at) VALUES (?, ?) ON CONFLICT (scope) DO NOTHING',
    );
    this.moveAlarm = db.prepare<[number, string, number]>('UPDATE guessing_alarms SET alarmed_at = ? WHERE scope = ? AND alarmed_at = ?');

    this.readStanding = (query) => ({
      blockedUntil: this.blockedAt(query.bucket, query.at),
      callerFailures: this.countOfBucket.get({ key: query.bucket, since: query.since, upTo: query.countUpTo.caller })!.n,
      accessNumberFailures: this.countOfAccessNumber.get({
        key: query.accessNumber,
        since: query.since,
        upTo: query.countUpTo.accessNumber,
      })!.n,
      serviceFailures: this.countOfService.get({ key: '', since: query.since, upTo: query.countUpTo.service })!.n,
    });
    this.recordAndRead = db.transaction((failure: RecordedFailure, query: StandingQuery): FailureStanding => {
      this.pruneFailures.run(query.since);
      this.insertFailure.run(failure);
      return {
        ...this.readStanding(query),
        lastAlarmAt: { accessNumber: this.lastAlarm(query.alarmScopes.accessNumber), service: this.lastAlarm(query.alarmScopes.service) },
      };
    });
  }

  /**
   * The bridge's store: on a connection of its own to the database file at
   * `path`, whose commits are not flushed to disk one by one (`synchronous =
   * NORMAL` in WAL mode): a wrong code costs the event loop a tenth of a
   * millisecond instead of an fsync, and a crash of Kvorum still loses
   * nothing; only a power cut may lose the last failures recorded. Like the
   * bridge's own connection it waits at most a moment for another process's
   * lock. An in-memory database exists only on `db`, so it is used itself.
   */
  static beside(db: Database, path: string): SqliteGuessingStore {
    if (path === ':memory:') return new SqliteGuessingStore(db);
    const own = openDatabase(path);
    own.pragma('synchronous = NORMAL');
    setBusyTimeout(own, BRIDGE_BUSY_TIMEOUT_MS);
    return new SqliteGuessingStore(own, true);
  }

  close(): void {
    if (this.ownConnection) this.db.close();
  }

  async standing(query: StandingQuery): Promise<Standing> {
    return this.readStanding(query);
  }

  async blockedUntil(bucket: string, at: number): Promise<number | null> {
    return this.blockedAt(bucket, at);
  }

  async recordFailure(failure: RecordedFailure, query: StandingQuery): Promise<FailureStanding> {
    return this.recordAndRead(failure, query);
  }

  async block(bucket: string, until: number, at: number): Promise<void> {
    this.db.transaction(() => {
      this.pruneBlocks.run(at);
      this.upsertBlock.run(bucket, until);
    })();
  }

  async claimAlarm(scope: string, at: number, previousAlarmAt: number | null): Promise<boolean> {
    const changed = previousAlarmAt === null ? this.insertFirstAlarm.run(scope, at) : this.moveAlarm.run(at, scope, previousAlarmAt);
    return changed.changes === 1;
  }

  private blockedAt(bucket: string, at: number): number | null {
    return this.selectBlock.get(bucket, at)?.blocked_until ?? null;
  }

  private lastAlarm(scope: string): number | null {
    return this.selectAlarm.get(scope)?.alarmed_at ?? null;
  }
}
