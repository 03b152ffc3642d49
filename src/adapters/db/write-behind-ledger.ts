import BetterSqlite3 from 'better-sqlite3';
import type { LegEndReason, LegOpened, MeetingEndReason, MeetingStarted } from '../../domain/conference/legs-and-meetings';
import type { Ledger, LedgerRecovery } from '../../app/ports/ledger';
import { uncountedLedger, type LedgerMetrics } from '../../app/ports/metrics';
import type { Logger } from '../../logger';
import { createBackoff, type Backoff, type BackoffPolicy } from '../ari/backoff';
import type { Database } from './database';
import type { SqliteLedger } from './sqlite-ledger';

interface PendingWrite {
  what: string;
  /** `performance.now()` when the write was made: how long it waits to commit. */
  madeAt: number;
  /** What the write records, for the log if it can never be written. */
  row: unknown;
  write: () => void;
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
 * Errors that are the write's own fault (a constraint it breaks, a value
 * SQLite cannot bind): retrying can never make them succeed. Every other
 * SQLite error is the database's condition (busy, full, I/O, read-only,
 * a schema it does not have yet) and may clear.
 */
const WRITE_FAULTS = /^SQLITE_(CONSTRAINT|MISMATCH|RANGE|TOOBIG)/;

function isFaultOfTheDatabase(error: unknown): boolean {
  return error instanceof BetterSqlite3.SqliteError && !WRITE_FAULTS.test(error.code);
}

/**
 * The ledger as the bridge uses it: a write waits `commitDelayMs` (50 ms)
 * for the writes that follow it, and they are committed together in one
 * transaction, after the telephony requests made meanwhile have gone out. A
 * caller's answer never waits for an fsync, and a busy moment costs one
 * fsync per 50 ms instead of one per turn of the event loop (each call's
 * arrival, entry and hang-up is a turn of its own). A crash loses at most
 * the writes of the last 50 ms: a leg whose close is lost is closed at its
 * last checkpoint on the next start, as after any crash. Reads flush first,
 * so they always see every write made before them.
 *
 * Nothing is dropped when the database refuses a commit (disk full, another
 * connection holding the write lock, an I/O error): the transaction rolls
 * back whole, the writes stay queued in order, later writes queue behind
 * them, and the batch is tried again with a capped exponential backoff until
 * it lands. Calls go on meanwhile: nothing here ever waits for the database
 * beyond one short busy timeout (see database.ts). Only a write that can
 * never succeed (it breaks a constraint) is left out of its batch, and logged
 * with its row.
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
  /** Who waits for the writes pending now to land (see `whenWritten`). */
  private writtenWaiters: Array<() => void> = [];
  private readonly commit: (writes: readonly PendingWrite[]) => Array<{ write: PendingWrite; error: unknown }>;

  constructor(
    private readonly db: Database,
    private readonly ledger: SqliteLedger,
    private readonly logger: Logger,
    retry: BackoffPolicy = defaultLedgerRetry,
    private readonly metrics: LedgerMetrics = uncountedLedger,
    private readonly commitDelayMs: number = defaultLedgerCommitDelayMs,
  ) {
    this.backoff = createBackoff(retry);
    const batch = db.transaction((writes: readonly PendingWrite[]) => {
      const refused: Array<{ write: PendingWrite; error: unknown }> = [];
      for (const write of writes) {
        try {
          write.write();
        } catch (error) {
          // The database's trouble undoes the whole batch; a bad write only itself (SQLite undid its statement).
          if (isFaultOfTheDatabase(error)) throw error;
          refused.push({ write, error });
        }
      }
      return refused;
    });
    // BEGIN IMMEDIATE: another connection's write lock shows at the start, before any write ran.
    this.commit = (writes) => batch.immediate(writes);
  }

  openLeg(leg: LegOpened): void {
    this.later('open leg', leg, () => this.ledger.openLeg(leg));
  }

  legEnteredMeeting(legId: string, meetingId: string, at: number): void {
    this.later('leg entered meeting', { legId, meetingId, at }, () => this.ledger.legEnteredMeeting(legId, meetingId, at));
  }

  closeLeg(legId: string, at: number, reason: LegEndReason): void {
    this.later('close leg', { legId, at, reason }, () => this.ledger.closeLeg(legId, at, reason));
  }

  meetingStarted(meeting: MeetingStarted): void {
    this.later('meeting started', meeting, () => this.ledger.meetingStarted(meeting));
  }

  meetingEnded(meetingId: string, at: number, reason: MeetingEndReason): void {
    this.later('meeting ended', { meetingId, at, reason }, () => this.ledger.meetingEnded(meetingId, at, reason));
  }

  /**
   * Committed at once (with the writes before it), not with the next 50 ms:
   * the checkpoint comes in slices sized to what one commit may hold the
   * event loop for, and batched together they would hold it as long as one
   * unsliced checkpoint. While a retry waits, it waits with the rest.
   */
  checkpoint(legIds: readonly string[], at: number): void {
    this.later('checkpoint', { legIds, at }, () => this.ledger.checkpoint(legIds, at));
    if (this.retryTimer === null) this.flush();
  }

  whenWritten(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.writtenWaiters.push(resolve));
  }

  openLegs(): ReturnType<LedgerRecovery['openLegs']> {
    this.flushForRead();
    return this.ledger.openLegs();
  }

  meeting(meetingId: string): ReturnType<LedgerRecovery['meeting']> {
    this.flushForRead();
    return this.ledger.meeting(meetingId);
  }

  closeLostLegs(stillAlive: ReadonlySet<string>, at: number): ReturnType<LedgerRecovery['closeLostLegs']> {
    this.flushForRead();
    return this.ledger.closeLostLegs(stillAlive, at);
  }

  /** Writes not yet committed. */
  get waiting(): number {
    return this.pending.length;
  }

  /**
   * Tries to commit every pending write now. True when they all landed;
   * false when the database refused: they stay queued and a retry is
   * scheduled.
   */
  flush(): boolean {
    if (this.scheduled !== null) clearTimeout(this.scheduled);
    this.scheduled = null;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.pending.length === 0) return true;
    const writes = this.pending.slice();
    let refused: Array<{ write: PendingWrite; error: unknown }>;
    try {
      refused = this.commit(writes);
    } catch (error) {
      this.commitFailed(error);
      return false;
    }
    this.pending.splice(0, writes.length);
    this.metrics.ledgerBatchCommitted(writes.length, (performance.now() - writes[0]!.madeAt) / 1000);
    for (const { write, error } of refused) {
      this.logger.error({ err: error, write: write.what, row: write.row }, 'ledger write refused by the database and left out');
    }
    this.commitSucceeded(writes.length);
    // Every write pending when they asked was in this batch.
    for (const resume of this.writtenWaiters.splice(0)) resume();
    return true;
  }

  /**
   * For shutdown: commits what is pending, waiting out the retries for at
   * most `timeoutMs`. False (after logging every unwritten row) when the
   * database still refuses at the end.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.flush()) {
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0 || !this.db.open) {
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

  /** A read must see every write made before it: they must land first. */
  private flushForRead(): void {
    if (this.flush()) return;
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
    if (!this.db.open) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.flush();
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

  private later(what: string, row: unknown, write: () => void): void {
    this.pending.push({ what, madeAt: performance.now(), row, write });
    // While a retry is waiting, new writes go with it.
    if (this.retryTimer === null) this.scheduled ??= setTimeout(() => this.flush(), this.commitDelayMs);
  }
}
