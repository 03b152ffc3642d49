import type { Ledger, LedgerRecovery, LegEndReason, LegOpened, MeetingEndReason, MeetingStarted } from '../../app/ports';
import type { Logger } from '../../logger';
import type { Database } from './database';
import type { SqliteLedger } from './ledger';

interface PendingWrite {
  what: string;
  write: () => void;
}

/**
 * The ledger as the bridge uses it: the writes of one turn of the event loop
 * are committed together in one transaction at the end of that turn
 * (`setImmediate`), after the telephony requests made in the same turn have
 * gone out. A caller's answer never waits for an fsync, and a busy moment
 * costs one fsync per turn instead of one per write. A crash loses at most
 * the writes of the turn in progress, milliseconds. Reads flush first, so
 * they always see every write made before them.
 */
export class WriteBehindLedger implements Ledger, LedgerRecovery {
  private pending: PendingWrite[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly db: Database,
    private readonly ledger: SqliteLedger,
    private readonly logger: Logger,
  ) {}

  openLeg(leg: LegOpened): void {
    this.later('open leg', () => this.ledger.openLeg(leg));
  }

  legEnteredMeeting(legId: string, meetingId: string, at: number): void {
    this.later('leg entered meeting', () => this.ledger.legEnteredMeeting(legId, meetingId, at));
  }

  closeLeg(legId: string, at: number, reason: LegEndReason): void {
    this.later('close leg', () => this.ledger.closeLeg(legId, at, reason));
  }

  meetingStarted(meeting: MeetingStarted): void {
    this.later('meeting started', () => this.ledger.meetingStarted(meeting));
  }

  meetingEnded(meetingId: string, at: number, reason: MeetingEndReason): void {
    this.later('meeting ended', () => this.ledger.meetingEnded(meetingId, at, reason));
  }

  checkpoint(legIds: readonly string[], at: number): void {
    this.later('checkpoint', () => this.ledger.checkpoint(legIds, at));
  }

  openLegs(): ReturnType<LedgerRecovery['openLegs']> {
    this.flush();
    return this.ledger.openLegs();
  }

  meeting(meetingId: string): ReturnType<LedgerRecovery['meeting']> {
    this.flush();
    return this.ledger.meeting(meetingId);
  }

  closeLostLegs(stillAlive: ReadonlySet<string>, at: number): ReturnType<LedgerRecovery['closeLostLegs']> {
    this.flush();
    return this.ledger.closeLostLegs(stillAlive, at);
  }

  /**
   * Commits every pending write now. A write that fails (a constraint) is
   * logged and the others are kept: SQLite undoes only the failing statement.
   */
  flush(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    const writes = this.pending;
    this.pending = [];
    if (writes.length === 0) return;
    try {
      this.db.transaction(() => {
        for (const { what, write } of writes) {
          try {
            write();
          } catch (error) {
            this.logger.error({ err: error, write: what }, 'ledger write failed');
          }
        }
      })();
    } catch (error) {
      this.logger.error({ err: error, writes: writes.map((w) => w.what) }, 'ledger commit failed');
    }
  }

  private later(what: string, write: () => void): void {
    this.pending.push({ what, write });
    this.scheduled ??= setImmediate(() => this.flush());
  }
}
