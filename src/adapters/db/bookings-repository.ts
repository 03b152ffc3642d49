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
import { newId } from './new-id';
import type { SqlDatabase, SqlStatements, SqlValue } from './sql/sql-database';

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

const BOOKING_FIELDS = BOOKING_COLUMNS.split(',').map((column) => column.trim() as keyof BookingRow);

const INSERT_BOOKING = `INSERT INTO bookings (${BOOKING_COLUMNS}) VALUES (${BOOKING_FIELDS.map((_, index) => `$${index + 1}`).join(', ')})`;

const UPDATE_BOOKING = `UPDATE bookings SET host_user_id = $2, title = $3, starts_local = $4, duration_minutes = $5, recurrence = $6,
    first_starts_at = $7, last_ends_at = $8, early_entry_minutes = $9, grace_minutes = $10, reminder_minutes = $11,
    sequence = $12, updated_at = $13
  WHERE id = $1 AND sequence = $14 AND status = 'scheduled'`;

const MARK_CANCELLED = `UPDATE bookings SET status = 'cancelled', sequence = sequence + 1, sealed_codes = NULL, cancelled_at = $3, updated_at = $3
  WHERE id = $1 AND sequence = $2 AND status = 'scheduled'`;

const INSERT_MESSAGE = `INSERT INTO mail_outbox (id, booking_id, kind, audience, recipient, sequence, dedupe_key, sealed_payload, status,
    attempts, next_attempt_at, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', 0, $9, $9)
  ON CONFLICT (dedupe_key) DO NOTHING`;

const DELETE_CODES = 'DELETE FROM booking_codes WHERE booking_id = $1';

/**
 * Bookings with their invitees, cancelled meetings and codes, and the mail
 * outbox (`0005_bookings.sql`), on either store. Every change and the e-mails
 * it causes are one transaction, so the room's other bookings cannot change
 * between the overlap check and the write, whichever process writes.
 *
 * The outbox may be shared by several Kvorum processes (one PostgreSQL): a
 * worker claims a message before sending it (`claimNext`), and the claim is
 * won by one worker only; it lasts until the worker records the attempt or
 * until its end, after which the message is due again (its worker died).
 */
export class BookingsRepository implements BookingStore, MailOutbox {
  constructor(
    private readonly db: SqlDatabase,
    private readonly hashCode: CodeHasher,
    private readonly seal: CodeSeal,
  ) {}

  async create(
    booking: BookingRecord,
    codes: BookingCodes,
    check: OverlapCheck,
    messages: readonly OutboxMessage[],
  ): Promise<'created' | BookingRefusal | BookingCodeClash> {
    const hashed = (['leader', 'participant'] as const).map((role) => ({ role, hash: this.hashCode(codes[role]) }));
    return this.db.transaction(async (tx): Promise<'created' | BookingRefusal | BookingCodeClash> => {
      for (const { role, hash } of hashed) {
        const inUse = await tx.get(
          'SELECT 1 AS found FROM conference_codes WHERE code_hash = $1 UNION ALL SELECT 1 FROM booking_codes WHERE code_hash = $1',
          [hash],
        );
        if (inUse !== undefined) return { kind: 'code-in-use', role };
      }
      const refused = check(await this.othersOf(tx, booking));
      if (refused !== null) return refused;
      const row: BookingRow = { ...this.rowOf(booking), sealed_codes: this.seal.seal(JSON.stringify(codes)) };
      await tx.run(
        INSERT_BOOKING,
        BOOKING_FIELDS.map((field) => row[field]),
      );
      await this.writeParts(tx, booking);
      for (const { role, hash } of hashed) {
        await tx.run('INSERT INTO booking_codes (code_hash, booking_id, role) VALUES ($1, $2, $3)', [hash, booking.id, role]);
      }
      await this.queue(tx, booking.id, messages, booking.updatedAt);
      return 'created';
    });
  }

  async get(id: string): Promise<BookingRecord | null> {
    const row = await this.db.get<BookingRow>(`SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id = $1`, [id]);
    return row ? this.recordOf(this.db, row) : null;
  }

  async codesOf(id: string): Promise<BookingCodes | null> {
    const row = await this.db.get<{ sealed_codes: string | null }>('SELECT sealed_codes FROM bookings WHERE id = $1', [id]);
    return row?.sealed_codes ? (JSON.parse(this.seal.open(row.sealed_codes)) as BookingCodes) : null;
  }

  async list(filter: BookingFilter): Promise<BookingRecord[]> {
    const where = ["b.status = 'scheduled'", 'b.last_ends_at > $1'];
    const params: SqlValue[] = [filter.endsAfter];
    const param = (value: SqlValue) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.startsBefore !== undefined) where.push(`b.first_starts_at < ${param(filter.startsBefore)}`);
    if (filter.organisationIds !== undefined) {
      if (filter.organisationIds.size === 0) return [];
      where.push(`b.organisation_id IN (${[...filter.organisationIds].map(param).join(', ')})`);
    }
    if (filter.conferenceId !== undefined) where.push(`b.conference_id = ${param(filter.conferenceId)}`);
    if (filter.hostUserId !== undefined) where.push(`b.host_user_id = ${param(filter.hostUserId)}`);
    if (filter.involving !== undefined) {
      const { userId, email } = filter.involving;
      const invited =
        email === null
          ? ''
          : `OR EXISTS (SELECT 1 FROM booking_invitees i WHERE i.booking_id = b.id AND lower(i.email) = ${param(email.toLowerCase())})`;
      where.push(`(b.host_user_id = ${param(userId)} ${invited})`);
    }
    if (filter.withReminder) where.push('b.reminder_minutes IS NOT NULL');
    const rows = await this.db.all<BookingRow>(
      `SELECT ${BOOKING_COLUMNS} FROM bookings b WHERE ${where.join(' AND ')} ORDER BY b.first_starts_at, b.id`,
      params,
    );
    const records: BookingRecord[] = [];
    for (const row of rows) records.push(await this.recordOf(this.db, row));
    return records;
  }

  async replace(
    booking: BookingRecord,
    expectedSequence: number,
    check: OverlapCheck,
    messages: readonly OutboxMessage[],
  ): Promise<'replaced' | 'stale' | BookingRefusal> {
    return this.db.transaction(async (tx): Promise<'replaced' | 'stale' | BookingRefusal> => {
      const refused = check(await this.othersOf(tx, booking));
      if (refused !== null) return refused;
      const row = this.rowOf(booking);
      const changed = await tx.run(UPDATE_BOOKING, [
        row.id,
        row.host_user_id,
        row.title,
        row.starts_local,
        row.duration_minutes,
        row.recurrence,
        row.first_starts_at,
        row.last_ends_at,
        row.early_entry_minutes,
        row.grace_minutes,
        row.reminder_minutes,
        row.sequence,
        row.updated_at,
        expectedSequence,
      ]);
      if (changed === 0) return 'stale';
      await this.writeParts(tx, booking);
      await this.queue(tx, booking.id, messages, booking.updatedAt);
      return 'replaced';
    });
  }

  async cancel(id: string, expectedSequence: number, at: number, messages: readonly OutboxMessage[]): Promise<'cancelled' | 'stale'> {
    return this.db.transaction(async (tx): Promise<'cancelled' | 'stale'> => {
      if ((await tx.run(MARK_CANCELLED, [id, expectedSequence, at])) === 0) return 'stale';
      // Unknown to the bridge from now on, and free to be issued again.
      await tx.run(DELETE_CODES, [id]);
      await this.queue(tx, id, messages, at);
      return 'cancelled';
    });
  }

  async enqueue(bookingId: string, message: OutboxMessage & { dedupeKey: string }, at: number): Promise<boolean> {
    return this.db.transaction(async (tx) => (await this.queue(tx, bookingId, [message], at)) > 0);
  }

  /**
   * A booking whose last meeting's grace period is over keeps no codes: the
   * sealed copy is wiped and the hashes go (the bridge refused them already).
   */
  async forgetCodesOfEnded(at: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const ended = await tx.all<{ id: string }>(
        'SELECT id FROM bookings WHERE sealed_codes IS NOT NULL AND last_ends_at + grace_minutes * 60000 <= $1',
        [at],
      );
      for (const { id } of ended) {
        await tx.run('UPDATE bookings SET sealed_codes = NULL WHERE id = $1', [id]);
        await tx.run(DELETE_CODES, [id]);
      }
      return ended.length;
    });
  }

  /**
   * Claims the oldest message due: its next attempt moves to the claim's end
   * and it carries a claim of its own. The UPDATE passes only a message that
   * is still due, so of two workers that pick the same one only one gets it;
   * and as a transaction (SERIALIZABLE on PostgreSQL, run again when it
   * collides) the other one then claims the next message instead.
   */
  async claimNext(at: number, until: number): Promise<QueuedMail | null> {
    const claim = newId('claim');
    const row = await this.db.transaction((tx) =>
      tx.get<{ id: string; attempts: number; sealed_payload: string }>(
        `UPDATE mail_outbox SET claim = $1, next_attempt_at = $2
         WHERE id = (SELECT id FROM mail_outbox
                     WHERE status = 'queued' AND next_attempt_at <= $3 AND sealed_payload IS NOT NULL
                     ORDER BY next_attempt_at, created_at, rowid LIMIT 1)
           AND status = 'queued' AND next_attempt_at <= $3
         RETURNING id, attempts, sealed_payload`,
        [claim, until, at],
      ),
    );
    if (row === undefined) return null;
    return { id: row.id, claim, attempts: row.attempts, notice: JSON.parse(this.seal.open(row.sealed_payload)) as MailNotice };
  }

  async recordAttempt(
    mail: Pick<QueuedMail, 'id' | 'claim'>,
    at: number,
    outcome: { kind: 'sent' } | { kind: 'failed'; error: string; retryAt: number | null },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await tx.get<{ attempts: number; claim: string | null; status: Delivery['status'] }>(
        'SELECT attempts, claim, status FROM mail_outbox WHERE id = $1',
        [mail.id],
      );
      if (!current) return;
      const attempts = current.attempts + 1;
      const error = outcome.kind === 'failed' ? outcome.error : null;
      await tx.run('INSERT INTO mail_attempts (message_id, attempt, at, outcome, error) VALUES ($1, $2, $3, $4, $5)', [
        mail.id,
        attempts,
        at,
        outcome.kind,
        error,
      ]);
      if (current.claim !== mail.claim || current.status !== 'queued') {
        // A late report: the claim ran out and another worker has the message now (or settled it).
        // The attempt is in its history; where the message stands is the other worker's to say.
        await tx.run('UPDATE mail_outbox SET attempts = $2 WHERE id = $1', [mail.id, attempts]);
        return;
      }
      const queued = outcome.kind === 'failed' && outcome.retryAt !== null;
      const status: Delivery['status'] = outcome.kind === 'sent' ? 'sent' : queued ? 'queued' : 'failed';
      await tx.run(
        `UPDATE mail_outbox SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5, settled_at = $6, claim = NULL,
           sealed_payload = CASE WHEN $2 = 'queued' THEN sealed_payload END
         WHERE id = $1`,
        [
          mail.id,
          status,
          attempts,
          outcome.kind === 'failed' && outcome.retryAt !== null ? outcome.retryAt : at,
          error,
          // A settled message keeps where it went and how it fared, not what it said (its codes).
          queued ? null : at,
        ],
      );
    });
  }

  async deliveriesOf(bookingId: string): Promise<Delivery[]> {
    const rows = await this.db.all<OutboxRow>(
      `SELECT id, kind, audience, recipient, sequence, status, next_attempt_at, created_at FROM mail_outbox
       WHERE booking_id = $1 ORDER BY created_at, rowid`,
      [bookingId],
    );
    const deliveries: Delivery[] = [];
    for (const row of rows) {
      deliveries.push({
        id: row.id,
        kind: row.kind,
        audience: row.audience,
        recipient: row.recipient,
        sequence: row.sequence,
        status: row.status,
        attempts: await this.db.all<{ at: number; outcome: 'sent' | 'failed'; error: string | null }>(
          'SELECT at, outcome, error FROM mail_attempts WHERE message_id = $1 ORDER BY attempt',
          [row.id],
        ),
        nextAttemptAt: row.status === 'queued' ? row.next_attempt_at : null,
        createdAt: row.created_at,
      });
    }
    return deliveries;
  }

  private async othersOf(tx: SqlStatements, booking: BookingRecord): Promise<BookedSchedule[]> {
    const rows = await tx.all<BookingRow>(
      `SELECT ${BOOKING_COLUMNS} FROM bookings
       WHERE conference_id = $1 AND id <> $2 AND status = 'scheduled' AND last_ends_at > $3`,
      [booking.conferenceId, booking.id, booking.updatedAt],
    );
    const others: BookedSchedule[] = [];
    for (const row of rows) others.push({ title: row.title, schedule: scheduleOfRow(row, await this.cancelledOf(tx, row.id)) });
    return others;
  }

  private async cancelledOf(db: SqlStatements, id: string): Promise<number[]> {
    const rows = await db.all<{ starts_at: number }>(
      'SELECT starts_at FROM booking_cancelled_occurrences WHERE booking_id = $1 ORDER BY starts_at',
      [id],
    );
    return rows.map((row) => row.starts_at);
  }

  private async writeParts(tx: SqlStatements, booking: BookingRecord): Promise<void> {
    await tx.run('DELETE FROM booking_invitees WHERE booking_id = $1', [booking.id]);
    for (const [position, invitee] of booking.invitees.entries()) {
      await tx.run(
        'INSERT INTO booking_invitees (booking_id, position, email, name, language, time_zone) VALUES ($1, $2, $3, $4, $5, $6)',
        [booking.id, position, invitee.email, invitee.name, invitee.language, invitee.timeZone],
      );
    }
    await tx.run('DELETE FROM booking_cancelled_occurrences WHERE booking_id = $1', [booking.id]);
    for (const start of booking.schedule.cancelledStarts) {
      await tx.run('INSERT INTO booking_cancelled_occurrences (booking_id, starts_at) VALUES ($1, $2)', [booking.id, start]);
    }
  }

  /** Writes the messages; returns how many were new (a message whose key was queued before is left out). */
  private async queue(tx: SqlStatements, bookingId: string, messages: readonly OutboxMessage[], at: number): Promise<number> {
    let written = 0;
    for (const message of messages) {
      written += await tx.run(INSERT_MESSAGE, [
        newId('mail'),
        bookingId,
        message.kind,
        message.audience,
        message.notice.recipient.email,
        message.notice.meeting.sequence,
        message.dedupeKey ?? null,
        this.seal.seal(JSON.stringify(message.notice)),
        at,
      ]);
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

  private async recordOf(db: SqlStatements, row: BookingRow): Promise<BookingRecord> {
    const invitees = await db.all<Invitee & { time_zone: string }>(
      'SELECT email, name, language, time_zone FROM booking_invitees WHERE booking_id = $1 ORDER BY position',
      [row.id],
    );
    return {
      id: row.id,
      conferenceId: row.conference_id,
      organisationId: row.organisation_id,
      hostUserId: row.host_user_id,
      title: row.title,
      schedule: scheduleOfRow(row, await this.cancelledOf(db, row.id)),
      window: { earlyEntryMinutes: row.early_entry_minutes, graceMinutes: row.grace_minutes },
      reminderMinutes: row.reminder_minutes,
      invitees: invitees.map((invitee) => ({
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
