import type { BookedSchedule, Invitee } from '../../domain/booking/booking-rules';
import type { BookingRefusal } from '../../domain/booking/booking-refusal';
import { scheduleSpan } from '../../domain/booking/booking-schedule';
import { formatLocalDateTime } from '../../domain/booking/zoned-time';
import type { MailNotice } from '../../app/mail/mail-notice';
import type {
  BookingCodeClash,
  BookingCodes,
  BookingFilter,
  BookingRecord,
  BookingStore,
  Delivery,
  MailOutbox,
  OutboxMessage,
  OverlapCheck,
  QueuedMail,
} from '../../app/ports/booking-store';
import { scheduleOfRow } from './booking-row';
import type { CodeHasher } from './code-hash';
import type { CodeSeal } from './code-seal';
import type { Database } from './database';
import { newId } from './new-id';

interface BookingRow {
  id: string;
  conference_id: string;
  organisation_id: string;
  host_user_id: string;
  title: string;
  time_zone: string;
  starts_local: string;
  duration_minutes: number;
  recurrence: string | null;
  first_starts_at: number;
  last_ends_at: number;
  early_entry_minutes: number;
  grace_minutes: number;
  reminder_minutes: number | null;
  sequence: number;
  status: 'scheduled' | 'cancelled';
  sealed_codes: string | null;
  created_by_user_id: string;
  created_at: number;
  updated_at: number;
  cancelled_at: number | null;
}

interface OutboxRow {
  id: string;
  kind: Delivery['kind'];
  audience: Delivery['audience'];
  recipient: string;
  sequence: number;
  status: Delivery['status'];
  next_attempt_at: number;
  created_at: number;
}

const BOOKING_COLUMNS = `id, conference_id, organisation_id, host_user_id, title, time_zone, starts_local, duration_minutes,
  recurrence, first_starts_at, last_ends_at, early_entry_minutes, grace_minutes, reminder_minutes, sequence, status,
  sealed_codes, created_by_user_id, created_at, updated_at, cancelled_at`;

/**
 * Bookings with their invitees, cancelled meetings and codes, and the mail
 * outbox (`0005_bookings.sql`). Every change and the e-mails it causes are
 * one IMMEDIATE transaction, so the room's other bookings cannot change
 * between the overlap check and the write, whichever process writes.
 * Synchronous underneath (better-sqlite3); Promise-returning as the ports are,
 * ready for a database that answers asynchronously.
 */
export class BookingsRepository implements BookingStore, MailOutbox {
  private readonly insertBooking;
  private readonly updateBooking;
  private readonly selectBooking;
  private readonly selectRoomOthers;
  private readonly selectList;
  private readonly selectInvitees;
  private readonly deleteInvitees;
  private readonly insertInvitee;
  private readonly selectCancelled;
  private readonly deleteCancelled;
  private readonly insertCancelled;
  private readonly insertCode;
  private readonly deleteCodes;
  private readonly selectCodeInUse;
  private readonly markCancelled;
  private readonly insertMessage;
  private readonly selectDue;
  private readonly selectMessage;
  private readonly insertAttempt;
  private readonly updateMessage;
  private readonly selectDeliveries;
  private readonly selectAttempts;
  private readonly selectEndedWithCodes;
  private readonly forgetCodes;

  constructor(
    private readonly db: Database,
    private readonly hashCode: CodeHasher,
    private readonly seal: CodeSeal,
  ) {
    const values = BOOKING_COLUMNS.split(',')
      .map((column) => `@${column.trim()}`)
      .join(', ');
    this.insertBooking = db.prepare<[BookingRow]>(`INSERT INTO bookings (${BOOKING_COLUMNS}) VALUES (${values})`);
    this.updateBooking = db.prepare<[BookingRow & { expected: number }]>(
      `UPDATE bookings SET host_user_id = @host_user_id, title = @title, starts_local = @starts_local,
         duration_minutes = @duration_minutes, recurrence = @recurrence, first_starts_at = @first_starts_at,
         last_ends_at = @last_ends_at, early_entry_minutes = @early_entry_minutes, grace_minutes = @grace_minutes,
         reminder_minutes = @reminder_minutes, sequence = @sequence, updated_at = @updated_at
       WHERE id = @id AND sequence = @expected AND status = 'scheduled'`,
    );
    this.selectBooking = db.prepare<[string], BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id = ?`);
    this.selectRoomOthers = db.prepare<[{ conferenceId: string; id: string; at: number }], BookingRow>(
      `SELECT ${BOOKING_COLUMNS} FROM bookings
       WHERE conference_id = @conferenceId AND id <> @id AND status = 'scheduled' AND last_ends_at > @at`,
    );
    this.selectList = db.prepare<
      [
        {
          organisationIds: string | null;
          conferenceId: string | null;
          hostUserId: string | null;
          involvingUser: string | null;
          involvingEmail: string | null;
          endsAfter: number;
          startsBefore: number | null;
          withReminder: number;
        },
      ],
      BookingRow
    >(
      `SELECT ${BOOKING_COLUMNS} FROM bookings b
       WHERE b.status = 'scheduled' AND b.last_ends_at > @endsAfter
         AND (@startsBefore IS NULL OR b.first_starts_at < @startsBefore)
         AND (@organisationIds IS NULL OR b.organisation_id IN (SELECT value FROM json_each(@organisationIds)))
         AND (@conferenceId IS NULL OR b.conference_id = @conferenceId)
         AND (@hostUserId IS NULL OR b.host_user_id = @hostUserId)
         AND (@involvingUser IS NULL OR b.host_user_id = @involvingUser
              OR EXISTS (SELECT 1 FROM booking_invitees i WHERE i.booking_id = b.id AND lower(i.email) = @involvingEmail))
         AND (@withReminder = 0 OR b.reminder_minutes IS NOT NULL)
       ORDER BY b.first_starts_at, b.id`,
    );
    this.selectInvitees = db.prepare<[string], Invitee & { time_zone: string }>(
      'SELECT email, name, language, time_zone FROM booking_invitees WHERE booking_id = ? ORDER BY position',
    );
    this.deleteInvitees = db.prepare<[string]>('DELETE FROM booking_invitees WHERE booking_id = ?');
    this.insertInvitee = db.prepare<[string, number, string, string, string, string]>(
      'INSERT INTO booking_invitees (booking_id, position, email, name, language, time_zone) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectCancelled = db.prepare<[string], { starts_at: number }>(
      'SELECT starts_at FROM booking_cancelled_occurrences WHERE booking_id = ? ORDER BY starts_at',
    );
    this.deleteCancelled = db.prepare<[string]>('DELETE FROM booking_cancelled_occurrences WHERE booking_id = ?');
    this.insertCancelled = db.prepare<[string, number]>('INSERT INTO booking_cancelled_occurrences (booking_id, starts_at) VALUES (?, ?)');
    this.insertCode = db.prepare<[string, string, string]>('INSERT INTO booking_codes (code_hash, booking_id, role) VALUES (?, ?, ?)');
    this.deleteCodes = db.prepare<[string]>('DELETE FROM booking_codes WHERE booking_id = ?');
    this.selectCodeInUse = db.prepare<[string, string], { found: number }>(
      `SELECT 1 AS found FROM conference_codes WHERE code_hash = ? UNION ALL SELECT 1 FROM booking_codes WHERE code_hash = ?`,
    );
    this.markCancelled = db.prepare<[{ id: string; expected: number; at: number }]>(
      `UPDATE bookings SET status = 'cancelled', sequence = sequence + 1, sealed_codes = NULL, cancelled_at = @at, updated_at = @at
       WHERE id = @id AND sequence = @expected AND status = 'scheduled'`,
    );
    this.insertMessage = db.prepare<
      [
        {
          id: string;
          booking_id: string;
          kind: string;
          audience: string;
          recipient: string;
          sequence: number;
          dedupe_key: string | null;
          sealed_payload: string;
          at: number;
        },
      ]
    >(
      `INSERT INTO mail_outbox (id, booking_id, kind, audience, recipient, sequence, dedupe_key, sealed_payload, status, attempts, next_attempt_at, created_at)
       VALUES (@id, @booking_id, @kind, @audience, @recipient, @sequence, @dedupe_key, @sealed_payload, 'queued', 0, @at, @at)
       ON CONFLICT (dedupe_key) DO NOTHING`,
    );
    this.selectDue = db.prepare<[number, number], { id: string; attempts: number; sealed_payload: string }>(
      `SELECT id, attempts, sealed_payload FROM mail_outbox
       WHERE status = 'queued' AND next_attempt_at <= ? AND sealed_payload IS NOT NULL
       ORDER BY next_attempt_at, created_at, rowid LIMIT ?`,
    );
    this.selectMessage = db.prepare<[string], { attempts: number }>('SELECT attempts FROM mail_outbox WHERE id = ?');
    this.insertAttempt = db.prepare<[string, number, number, string, string | null]>(
      'INSERT INTO mail_attempts (message_id, attempt, at, outcome, error) VALUES (?, ?, ?, ?, ?)',
    );
    this.updateMessage = db.prepare<
      [{ id: string; status: string; attempts: number; next: number; error: string | null; settled: number | null }]
    >(
      `UPDATE mail_outbox SET status = @status, attempts = @attempts, next_attempt_at = @next, last_error = @error, settled_at = @settled,
         sealed_payload = CASE WHEN @status = 'queued' THEN sealed_payload END
       WHERE id = @id`,
    );
    this.selectDeliveries = db.prepare<[string], OutboxRow>(
      `SELECT id, kind, audience, recipient, sequence, status, next_attempt_at, created_at FROM mail_outbox
       WHERE booking_id = ? ORDER BY created_at, rowid`,
    );
    this.selectAttempts = db.prepare<[string], { at: number; outcome: 'sent' | 'failed'; error: string | null }>(
      'SELECT at, outcome, error FROM mail_attempts WHERE message_id = ? ORDER BY attempt',
    );
    this.selectEndedWithCodes = db.prepare<[number], { id: string }>(
      `SELECT id FROM bookings WHERE sealed_codes IS NOT NULL AND last_ends_at + grace_minutes * 60000 <= ?`,
    );
    this.forgetCodes = db.prepare<[string]>('UPDATE bookings SET sealed_codes = NULL WHERE id = ?');
  }

  async create(
    booking: BookingRecord,
    codes: BookingCodes,
    check: OverlapCheck,
    messages: readonly OutboxMessage[],
  ): Promise<'created' | BookingRefusal | BookingCodeClash> {
    return this.db
      .transaction((): 'created' | BookingRefusal | BookingCodeClash => {
        const hashed = (['leader', 'participant'] as const).map((role) => ({ role, hash: this.hashCode(codes[role]) }));
        const clash = hashed.find(({ hash }) => this.selectCodeInUse.get(hash, hash) !== undefined);
        if (clash !== undefined) return { kind: 'code-in-use', role: clash.role };
        const refused = check(this.othersOf(booking));
        if (refused !== null) return refused;
        this.insertBooking.run({ ...this.rowOf(booking), sealed_codes: this.seal.seal(JSON.stringify(codes)) });
        this.writeParts(booking);
        for (const { role, hash } of hashed) this.insertCode.run(hash, booking.id, role);
        this.queue(booking.id, messages, booking.updatedAt);
        return 'created';
      })
      .immediate();
  }

  async get(id: string): Promise<BookingRecord | null> {
    const row = this.selectBooking.get(id);
    return row ? this.recordOf(row) : null;
  }

  async codesOf(id: string): Promise<BookingCodes | null> {
    const sealed = this.selectBooking.get(id)?.sealed_codes;
    return sealed ? (JSON.parse(this.seal.open(sealed)) as BookingCodes) : null;
  }

  async list(filter: BookingFilter): Promise<BookingRecord[]> {
    const rows = this.selectList.all({
      organisationIds: filter.organisationIds ? JSON.stringify([...filter.organisationIds]) : null,
      conferenceId: filter.conferenceId ?? null,
      hostUserId: filter.hostUserId ?? null,
      involvingUser: filter.involving?.userId ?? null,
      involvingEmail: filter.involving?.email?.toLowerCase() ?? null,
      endsAfter: filter.endsAfter,
      startsBefore: filter.startsBefore ?? null,
      withReminder: filter.withReminder ? 1 : 0,
    });
    return rows.map((row) => this.recordOf(row));
  }

  async replace(
    booking: BookingRecord,
    expectedSequence: number,
    check: OverlapCheck,
    messages: readonly OutboxMessage[],
  ): Promise<'replaced' | 'stale' | BookingRefusal> {
    return this.db
      .transaction((): 'replaced' | 'stale' | BookingRefusal => {
        const refused = check(this.othersOf(booking));
        if (refused !== null) return refused;
        const changed = this.updateBooking.run({ ...this.rowOf(booking), expected: expectedSequence, sealed_codes: null }).changes;
        if (changed === 0) return 'stale';
        this.writeParts(booking);
        this.queue(booking.id, messages, booking.updatedAt);
        return 'replaced';
      })
      .immediate();
  }

  async cancel(id: string, expectedSequence: number, at: number, messages: readonly OutboxMessage[]): Promise<'cancelled' | 'stale'> {
    return this.db
      .transaction((): 'cancelled' | 'stale' => {
        if (this.markCancelled.run({ id, expected: expectedSequence, at }).changes === 0) return 'stale';
        // Unknown to the bridge from now on, and free to be issued again.
        this.deleteCodes.run(id);
        this.queue(id, messages, at);
        return 'cancelled';
      })
      .immediate();
  }

  async enqueue(bookingId: string, message: OutboxMessage & { dedupeKey: string }, at: number): Promise<boolean> {
    return this.db.transaction(() => this.queue(bookingId, [message], at) > 0).immediate();
  }

  /**
   * A booking whose last meeting's grace period is over keeps no codes: the
   * sealed copy is wiped and the hashes go (the bridge refused them already).
   */
  async forgetCodesOfEnded(at: number): Promise<number> {
    return this.db.transaction(() => {
      const ended = this.selectEndedWithCodes.all(at);
      for (const { id } of ended) {
        this.forgetCodes.run(id);
        this.deleteCodes.run(id);
      }
      return ended.length;
    })();
  }

  async due(at: number, limit: number): Promise<QueuedMail[]> {
    return this.selectDue.all(at, limit).map((row) => ({
      id: row.id,
      attempts: row.attempts,
      notice: JSON.parse(this.seal.open(row.sealed_payload)) as MailNotice,
    }));
  }

  async recordAttempt(
    id: string,
    at: number,
    outcome: { kind: 'sent' } | { kind: 'failed'; error: string; retryAt: number | null },
  ): Promise<void> {
    this.db.transaction(() => {
      const current = this.selectMessage.get(id);
      if (!current) return;
      const attempts = current.attempts + 1;
      const error = outcome.kind === 'failed' ? outcome.error : null;
      this.insertAttempt.run(id, attempts, at, outcome.kind, error);
      const queued = outcome.kind === 'failed' && outcome.retryAt !== null;
      this.updateMessage.run({
        id,
        status: outcome.kind === 'sent' ? 'sent' : queued ? 'queued' : 'failed',
        attempts,
        next: outcome.kind === 'failed' && outcome.retryAt !== null ? outcome.retryAt : at,
        error,
        // A settled message keeps where it went and how it fared, not what it said (its codes).
        settled: queued ? null : at,
      });
    })();
  }

  async deliveriesOf(bookingId: string): Promise<Delivery[]> {
    return this.selectDeliveries.all(bookingId).map((row) => ({
      id: row.id,
      kind: row.kind,
      audience: row.audience,
      recipient: row.recipient,
      sequence: row.sequence,
      status: row.status,
      attempts: this.selectAttempts.all(row.id),
      nextAttemptAt: row.status === 'queued' ? row.next_attempt_at : null,
      createdAt: row.created_at,
    }));
  }

  private othersOf(booking: BookingRecord): BookedSchedule[] {
    return this.selectRoomOthers
      .all({ conferenceId: booking.conferenceId, id: booking.id, at: booking.updatedAt })
      .map((row) => ({ title: row.title, schedule: scheduleOfRow(row, this.cancelledOf(row.id)) }));
  }

  private cancelledOf(id: string): number[] {
    return this.selectCancelled.all(id).map((row) => row.starts_at);
  }

  private writeParts(booking: BookingRecord): void {
    this.deleteInvitees.run(booking.id);
    booking.invitees.forEach((invitee, position) =>
      this.insertInvitee.run(booking.id, position, invitee.email, invitee.name, invitee.language, invitee.timeZone),
    );
    this.deleteCancelled.run(booking.id);
    for (const start of booking.schedule.cancelledStarts) this.insertCancelled.run(booking.id, start);
  }

  /** Writes the messages; returns how many were new (a message whose key was queued before is left out). */
  private queue(bookingId: string, messages: readonly OutboxMessage[], at: number): number {
    let written = 0;
    for (const message of messages) {
      written += this.insertMessage.run({
        id: newId('mail'),
        booking_id: bookingId,
        kind: message.kind,
        audience: message.audience,
        recipient: message.notice.recipient.email,
        sequence: message.notice.meeting.sequence,
        dedupe_key: message.dedupeKey ?? null,
        sealed_payload: this.seal.seal(JSON.stringify(message.notice)),
        at,
      }).changes;
    }
    return written;
  }

  private rowOf(booking: BookingRecord): BookingRow {
    const span = scheduleSpan(booking.schedule);
    return {
      id: booking.id,
      conference_id: booking.conferenceId,
      organisation_id: booking.organisationId,
      host_user_id: booking.hostUserId,
      title: booking.title,
      time_zone: booking.schedule.timeZone,
      starts_local: formatLocalDateTime(booking.schedule.start),
      duration_minutes: booking.schedule.durationMinutes,
      recurrence: booking.schedule.recurrence === null ? null : JSON.stringify(booking.schedule.recurrence),
      first_starts_at: span.firstStart,
      last_ends_at: span.lastEnd,
      early_entry_minutes: booking.window.earlyEntryMinutes,
      grace_minutes: booking.window.graceMinutes,
      reminder_minutes: booking.reminderMinutes,
      sequence: booking.sequence,
      status: booking.status,
      sealed_codes: null,
      created_by_user_id: booking.createdByUserId,
      created_at: booking.createdAt,
      updated_at: booking.updatedAt,
      cancelled_at: booking.cancelledAt,
    };
  }

  private recordOf(row: BookingRow): BookingRecord {
    return {
      id: row.id,
      conferenceId: row.conference_id,
      organisationId: row.organisation_id,
      hostUserId: row.host_user_id,
      title: row.title,
      schedule: scheduleOfRow(row, this.cancelledOf(row.id)),
      window: { earlyEntryMinutes: row.early_entry_minutes, graceMinutes: row.grace_minutes },
      reminderMinutes: row.reminder_minutes,
      invitees: this.selectInvitees.all(row.id).map((invitee) => ({
        email: invitee.email,
        name: invitee.name,
        language: invitee.language,
        timeZone: invitee.time_zone,
      })),
      sequence: row.sequence,
      status: row.status,
      createdByUserId: row.created_by_user_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      cancelledAt: row.cancelled_at,
    };
  }
}
