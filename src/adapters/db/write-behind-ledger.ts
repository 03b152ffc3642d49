import type { LegEndReason, LegOpened, MeetingEndReason, MeetingStarted } from '../../domain/conference/legs-and-meetings';
import type { Ledger, LedgerRecovery } from '../../app/ports/ledger';
import { uncountedLedger, type LedgerMetrics } from '../../app/ports/metrics';
import type { Logger } from '../../logger';
import { createBackoff, type Backoff, type BackoffPolicy } from '../ari/backoff';
import type { SqlDatabase, SqlDialect, SqlStatements } from './sql/sql-database';
import type { SqlLedger } from './sql-ledger';

interface PendingWrite {
  what: string;
  /** `performance.now()` when the write was made: how long it waits to commit. */
  madeAt: number;
  /** What the write records, for the log if it can never be written. */
  row: unknown;
  write: (tx: SqlStatements) => Promise<void>;
}

/** Waits between attempts while the database refuses the ledger's writes. */
export const defaultLedgerRetry: BackoffPolicy = { initialMs: 50, maxMs: 5_000 };

/**
 * How long a write waits for others to share its commit (one fsync). Well
 * under the checkpoint's 15 s, which bounds what a crash may cost a leg
 * anyway; long enough that a busy ramp commits a few times a second
 * instead of once per turn of the event loop.
 */
export const defaultLedgerCommitDelayMs = 50;

/** The ledger cannot be read consistently: writes made before the read are still waiting for the database. */
export class LedgerUnavailableError extends Error {
  constructor(waiting: number, cause: unknown) {
    super(`the ledger is not writable (${waiting} writes waiting): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'LedgerUnavailableError';
  }
}

/**
 * Errors that are the write's own fault (a constraint it breaks, a value the
 * store cannot bind or hold): retrying can never make them succeed. SQLite
 * names them by code; PostgreSQL by SQLSTATE class 22 (data exception) and
 * 23 (integrity constraint violation). Every other error of the store is
 * its condition (busy, full, I/O, read-only, a lost connection, a schema it
 * does not have yet) and may clear.
 */
const SQLITE_WRITE_FAULTS = /^SQLITE_(CONSTRAINT|MISMATCH|RANGE|TOOBIG)/;
const POSTGRES_WRITE_FAULTS = /^2[23][0-9A-Z]{3}$/;

function isFaultOfTheDatabase(error: unknown, dialect: SqlDialect): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return !SQLITE_WRITE_FAULTS.test(code);
  if (dialect === 'sqlite') return false;
  // PostgreSQL: a server error carries its SQLSTATE; a lost connection or a refused one (no SQLSTATE) is the store's.
  return typeof code !== 'string' || !POSTGRES_WRITE_FAULTS.test(code);
}

/** A write the store refuses for its own sake: its batch is committed again without it. */
class RefusedWrite extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super('a ledger write was refused');
  }
}

/**
 * The ledger as the bridge uses it: a write waits `commitDelayMs` (50 ms)
 * for the writes that follow it, and they are committed together in one
 * transaction, after the telephony requests made meanwhile have gone out. A
 * caller's answer never waits for the store (a write is queued and nothing
 * more), and a busy moment costs one commit per 50 ms instead of one per
 * turn of the event loop (each call's arrival, entry and hang-up is a turn
 * of its own). A crash loses at most the writes of the last 50 ms: a leg
 * whose close is lost is closed at its last checkpoint on the next start, as
 * after any crash. Reads flush first, so they always see every write made
 * before them. One commit is in flight at a time; writes made meanwhile wait
 * for the next.
 *
 * Nothing is dropped when the database refuses a commit (disk full, another
 * connection holding the write lock, an I/O error, PostgreSQL out of reach):
 * the transaction rolls back whole, the writes stay queued in order, later
 * writes queue behind them, and the batch is tried again with a capped
 * exponential backoff until it lands. Calls go on meanwhile: nothing here
 * ever waits for the database beyond one short busy timeout (see
 * database.ts). Only a write that can never succeed (it breaks a
 * constraint) is left out of its batch, which is committed again without
 * it, and logged with its row.
 */
export class WriteBehindLedger implements Ledger, LedgerRecovery {
  private pending: PendingWrite[] = [];
  private scheduled: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;
  private retryDelayMs = 0;
  /** Since when commits have been failing, and how often; null while they succeed. */
  private outage: { since: number; attempts: number } | null = null;
  private lastError: unknown = null;
  /** Writes made, and writes done with (committed or left out), since the start. */
  private made = 0;
  private done = 0;
  /** Who waits for the writes made before they asked to land (see `whenWritten`). */
  private writtenWaiters: Array<{ upTo: number; resume: () => void }> = [];
  /** The commit under way, and those queued behind it; null when none is. */
  private committing: Promise<boolean> | null = null;
  /** Set when a drain gave up: the store is closing, and no retry may outlive it. */
  private stopped = false;

  constructor(
    private readonly db: SqlDatabase,
    private readonly ledger: SqlLedger,
    private readonly logger: Logger,
    retry: BackoffPolicy = defaultLedgerRetry,
    private readonly metrics: LedgerMetrics = uncountedLedger,
    private readonly commitDelayMs: number = defaultLedgerCommitDelayMs,
  ) {
    this.backoff = createBackoff(retry);
  }

  openLeg(leg: LegOpened): void {
    this.later('open leg', leg, (tx) => this.ledger.openLeg(leg, tx));
  }

  legEnteredMeeting(legId: string, meetingId: string, at: number): void {
    this.later('leg entered meeting', { legId, meetingId, at }, (tx) => this.ledger.legEnteredMeeting(legId, meetingId, at, tx));
  }

  closeLeg(legId: string, at: number, reason: LegEndReason): void {
    this.later('close leg', { legId, at, reason }, (tx) => this.ledger.closeLeg(legId, at, reason, tx));
  }

  meetingStarted(meeting: MeetingStarted): void {
    this.later('meeting started', meeting, (tx) => this.ledger.meetingStarted(meeting, tx));
  }

  meetingEnded(meetingId: string, at: number, reason: MeetingEndReason): void {
    this.later('meeting ended', { meetingId, at, reason }, (tx) => this.ledger.meetingEnded(meetingId, at, reason, tx));
  }

  /**
   * Committed at once (with the writes before it), not with the next 50 ms:
   * the checkpoint comes in slices sized to what one commit may hold the
   * event loop for, and batched together they would hold it as long as one
   * unsliced checkpoint. While a retry waits, it waits with the rest.
   */
  checkpoint(legIds: readonly string[], at: number): void {
    this.later('checkpoint', { legIds, at }, (tx) => this.ledger.checkpoint(legIds, at, tx));
    if (this.retryTimer === null) void this.flush();
  }

  whenWritten(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    const upTo = this.made;
    return new Promise((resume) => this.writtenWaiters.push({ upTo, resume }));
  }

  async openLegs(): ReturnType<LedgerRecovery['openLegs']> {
    await this.flushForRead();
    return this.ledger.openLegs();
  }

  async meeting(meetingId: string): ReturnType<LedgerRecovery['meeting']> {
    await this.flushForRead();
    return this.ledger.meeting(meetingId);
  }

  async closeLostLegs(stillAlive: ReadonlySet<string>, at: number): ReturnType<LedgerRecovery['closeLostLegs']> {
    await this.flushForRead();
    return this.ledger.closeLostLegs(stillAlive, at);
  }

  /** Writes not yet committed. */
  get waiting(): number {
    return this.pending.length;
  }

  /**
   * Commits every pending write now (after the commit in flight, if any).
   * True when they all landed; false when the database refused: they stay
   * queued and a retry is scheduled.
   */
  flush(): Promise<boolean> {
    if (this.scheduled !== null) clearTimeout(this.scheduled);
    this.scheduled = null;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // None under way: this one takes the writes pending now, before anything else can add to them.
    const commit = this.committing === null ? this.commitPending() : this.committing.then(() => this.commitPending());
    this.committing = commit;
    void commit.then(() => {
      if (this.committing === commit) this.committing = null;
    });
    return commit;
  }

  /**
   * For shutdown: commits what is pending, waiting out the retries for at
   * most `timeoutMs`. False (after logging every unwritten row, and giving
   * up retrying) when the database still refuses at the end.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.stopped = false;
    while (!(await this.flush())) {
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) {
        this.stopped = true;
        if (this.retryTimer !== null) clearTimeout(this.retryTimer);
        this.retryTimer = null;
        this.logger.fatal(
          { unwritten: this.pending.length, rows: this.pending.map(({ what, row }) => ({ write: what, row })) },
          'LEDGER ROWS NOT WRITTEN: the database refused them until shutdown; they are only in this log line',
        );
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.retryDelayMs, remainingMs)));
    }
    return true;
  }

  private async commitPending(): Promise<boolean> {
    if (this.pending.length === 0) return true;
    const writes = this.pending.slice();
    // Writes the store refused for their own sake, left out of the batch committed.
    const refused: Array<{ write: PendingWrite; error: unknown }> = [];
    for (;;) {
      const batch = writes.filter((write) => !refused.some((left) => left.write === write));
      try {
        await this.db.batch(async (tx) => {
          for (const [index, write] of batch.entries()) {
            try {
              await write.write(tx);
            } catch (error) {
              // The database's trouble undoes the whole batch, to be tried again; a bad write undoes it to go without it.
              throw isFaultOfTheDatabase(error, this.db.dialect) ? error : new RefusedWrite(index, error);
            }
          }
        });
        break;
      } catch (error) {
        if (error instanceof RefusedWrite) {
          refused.push({ write: batch[error.index]!, error: error.error });
          continue;
        }
        this.commitFailed(error);
        return false;
      }
    }
    this.pending.splice(0, writes.length);
    this.metrics.ledgerBatchCommitted(writes.length, (performance.now() - writes[0]!.madeAt) / 1000);
    for (const { write, error } of refused) {
      this.logger.error({ err: error, write: write.what, row: write.row }, 'ledger write refused by the database and left out');
    }
    this.commitSucceeded(writes.length);
    this.done += writes.length;
    const waiting = this.writtenWaiters;
    this.writtenWaiters = waiting.filter((waiter) => waiter.upTo > this.done);
    for (const waiter of waiting) if (waiter.upTo <= this.done) waiter.resume();
    return true;
  }

  /** A read must see every write made before it: they must land first. */
  private async flushForRead(): Promise<void> {
    if (await this.flush()) return;
    throw new LedgerUnavailableError(this.pending.length, this.lastError);
  }

  private commitFailed(error: unknown): void {
    this.metrics.ledgerCommitFailed();
    this.lastError = error;
    const attempts = (this.outage?.attempts ?? 0) + 1;
    this.outage = { since: this.outage?.since ?? Date.now(), attempts };
    this.retryDelayMs = this.backoff.nextDelayMs();
    const details = { err: error, waiting: this.pending.length, attempts, retryInMs: this.retryDelayMs };
    if (attempts === 1) this.logger.error(details, 'ledger commit failed; keeping the writes and retrying');
    else this.logger.warn(details, 'ledger commit failed again');
    if (this.stopped) return;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.retryDelayMs);
  }

  private commitSucceeded(written: number): void {
    if (this.outage !== null) {
      this.logger.warn({ written, attempts: this.outage.attempts, outageMs: Date.now() - this.outage.since }, 'ledger writes landed again');
    }
    this.outage = null;
    this.lastError = null;
    this.backoff.reset();
  }

  private later(what: string, row: unknown, write: (tx: SqlStatements) => Promise<void>): void {
    this.pending.push({ what, madeAt: performance.now(), row, write });
    this.made += 1;
    // While a retry is waiting, new writes go with it.
    if (this.retryTimer === null) this.scheduled ??= setTimeout(() => void this.flush(), this.commitDelayMs);
  }
}
