import { expect, it } from 'vitest';
import { BookingsRepository } from '../../src/adapters/db/bookings-repository';
import { createCodeHasher } from '../../src/adapters/db/code-hash';
import { createCodeSeal } from '../../src/adapters/db/code-seal';
import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';
import type { MailNotice } from '../../src/app/mail/mail-notice';
import type { BookingRecord, OutboxMessage, QueuedMail } from '../../src/app/ports/booking-store';
import { overlapRefusal } from '../../src/domain/booking/booking-rules';
import type { Recurrence } from '../../src/domain/booking/recurrence';
import { instantOf, parseLocalDateTime } from '../../src/domain/booking/zoned-time';
import { describeEachStore } from '../support/stores-under-test';

const SECRET = 'bookings-store-test-secret';
const ZONE = 'Europe/Oslo';
/** Monday 2 March 2026, 08:00 in Oslo: the bookings below are made then. */
const NOW = Date.parse('2026-03-02T07:00:00Z');
const MINUTE = 60_000;
const WEEKLY: Recurrence = { frequency: 'weekly', interval: 1, weekdays: ['TU'], ends: { kind: 'count', count: 4 } };

function repository(db: SqlDatabase): BookingsRepository {
  return new BookingsRepository(db, createCodeHasher(SECRET), createCodeSeal(SECRET));
}

/** An organisation, its host (with an e-mail address) and a room, written as the admin side writes them. */
async function seedRoom(db: SqlDatabase, room = 'room-1'): Promise<void> {
  await db.run('INSERT INTO organisations (id, name, billing_reference, created_at) VALUES ($1, $2, $3, $4)', ['org-1', 'Acme', '-', 0]);
  await db.run('INSERT INTO users (id, organisation_id, name, email, created_at) VALUES ($1, $2, $3, $4, $5)', [
    'user-host',
    'org-1',
    'Hanne Host',
    'hanne@acme.test',
    0,
  ]);
  await db.run(
    `INSERT INTO conferences (id, organisation_id, name, end_on_leader_hangup, code_kind, created_at, updated_at)
     VALUES ($1, $2, $3, 0, 'pair', 0, 0)`,
    [room, 'org-1', 'Weekly room'],
  );
}

function booking(id: string, start: string, overrides: Partial<BookingRecord> = {}): BookingRecord {
  const local = parseLocalDateTime(start);
  if (local === null) throw new Error(`bad start ${start}`);
  return {
    id,
    conferenceId: 'room-1',
    organisationId: 'org-1',
    hostUserId: 'user-host',
    title: `Meeting ${id}`,
    schedule: { timeZone: ZONE, start: local, durationMinutes: 60, recurrence: null, cancelledStarts: [] },
    window: { earlyEntryMinutes: 15, graceMinutes: 15 },
    reminderMinutes: null,
    invitees: [{ email: 'Anne@Example.com', name: 'Anne', language: 'en', timeZone: 'Europe/London' }],
    sequence: 0,
    status: 'scheduled',
    createdByUserId: 'user-host',
    createdAt: NOW,
    updatedAt: NOW,
    cancelledAt: null,
    ...overrides,
  };
}

function message(record: BookingRecord, email: string, dedupeKey?: string): OutboxMessage {
  const notice: MailNotice = {
    kind: 'invitation',
    audience: 'invitee',
    recipient: { email, name: email, language: 'en', timeZone: ZONE },
    meeting: {
      uid: `${record.id}@kvorum`,
      sequence: record.sequence,
      title: record.title,
      roomName: 'Weekly room',
      timeZone: ZONE,
      start: '2026-03-10T09:00',
      durationMinutes: 60,
      window: record.window,
      recurrence: null,
      cancelledStarts: [],
      organiser: { name: 'Hanne Host', email: 'hanne@acme.test' },
      attendees: [],
      occurrenceStart: null,
    },
    accessNumbers: [],
    codes: { participant: '123456', leader: null },
  };
  return { kind: 'invitation', audience: 'invitee', notice, ...(dedupeKey ? { dedupeKey } : {}) };
}

const noOverlap = (record: BookingRecord) => (others: Parameters<typeof overlapRefusal>[1]) => overlapRefusal(record.schedule, others, NOW);

/** Every message a worker claims until none is due, each sent at once. */
async function sendAll(outbox: BookingsRepository, at: number): Promise<QueuedMail[]> {
  const sent: QueuedMail[] = [];
  for (let mail = await outbox.claimNext(at, at + 10 * MINUTE); mail !== null; mail = await outbox.claimNext(at, at + 10 * MINUTE)) {
    await outbox.recordAttempt(mail, at, { kind: 'sent' });
    sent.push(mail);
  }
  return sent;
}

describeEachStore('the bookings and the mail outbox', (store) => {
  it('keeps a booking with its invitees, cancelled meetings, codes and e-mails, and lists it by who and where', async () => {
    const db = await store.open();
    await seedRoom(db);
    const bookings = repository(db);
    const weekly = booking('bk-1', '2026-03-10T09:00', {
      schedule: {
        timeZone: ZONE,
        start: { year: 2026, month: 3, day: 10, hour: 9, minute: 0 },
        durationMinutes: 60,
        recurrence: WEEKLY,
        cancelledStarts: [instantOf({ year: 2026, month: 3, day: 17, hour: 9, minute: 0 }, ZONE)],
      },
      reminderMinutes: 30,
    });

    const created = await bookings.create(weekly, { leader: '111111', participant: '222222' }, noOverlap(weekly), [
      message(weekly, 'hanne@acme.test'),
      message(weekly, 'anne@example.com'),
    ]);

    expect(created).toBe('created');
    expect(await bookings.get('bk-1')).toEqual(weekly);
    expect(await bookings.get('bk-nope')).toBeNull();
    expect(await bookings.codesOf('bk-1')).toEqual({ leader: '111111', participant: '222222' });
    const listed = async (filter: Parameters<BookingsRepository['list']>[0]) => (await bookings.list(filter)).map((b) => b.id);
    expect(await listed({ endsAfter: NOW })).toEqual(['bk-1']);
    expect(await listed({ endsAfter: NOW, organisationIds: new Set(['org-1', 'org-2']), conferenceId: 'room-1' })).toEqual(['bk-1']);
    expect(await listed({ endsAfter: NOW, organisationIds: new Set() })).toEqual([]);
    expect(await listed({ endsAfter: NOW, organisationIds: new Set(['org-2']) })).toEqual([]);
    expect(await listed({ endsAfter: NOW, involving: { userId: 'user-other', email: 'ANNE@example.com' } })).toEqual(['bk-1']);
    expect(await listed({ endsAfter: NOW, involving: { userId: 'user-host', email: null } })).toEqual(['bk-1']);
    expect(await listed({ endsAfter: NOW, involving: { userId: 'user-other', email: null } })).toEqual([]);
    expect(await listed({ endsAfter: NOW, hostUserId: 'user-other' })).toEqual([]);
    expect(await listed({ endsAfter: NOW, startsBefore: NOW, withReminder: true })).toEqual([]);
    expect(await listed({ endsAfter: Date.parse('2026-04-01T00:00:00Z') })).toEqual([]);
    const deliveries = await bookings.deliveriesOf('bk-1');
    expect(deliveries.map((d) => [d.recipient, d.status, d.attempts, d.nextAttemptAt])).toEqual([
      ['hanne@acme.test', 'queued', [], NOW],
      ['anne@example.com', 'queued', [], NOW],
    ]);
  });

  it('refuses a code in use and a booking that overlaps, and changes and cancels only the sequence it was read at', async () => {
    const db = await store.open();
    await seedRoom(db);
    const bookings = repository(db);
    const first = booking('bk-1', '2026-03-10T09:00');
    await bookings.create(first, { leader: '111111', participant: '222222' }, noOverlap(first), []);

    const clashing = booking('bk-2', '2026-03-11T09:00');
    expect(await bookings.create(clashing, { leader: '333333', participant: '111111' }, noOverlap(clashing), [])).toEqual({
      kind: 'code-in-use',
      role: 'participant',
    });
    const overlapping = booking('bk-2', '2026-03-10T09:30');
    expect(await bookings.create(overlapping, { leader: '333333', participant: '444444' }, noOverlap(overlapping), [])).toMatchObject({
      code: 'overlap',
    });
    expect(await bookings.get('bk-2')).toBeNull();

    const moved = booking('bk-1', '2026-03-10T11:00', { sequence: 1, title: 'Moved', updatedAt: NOW + MINUTE, invitees: [] });
    expect(await bookings.replace(moved, 1, noOverlap(moved), [])).toBe('stale');
    expect(await bookings.replace(moved, 0, noOverlap(moved), [message(moved, 'anne@example.com')])).toBe('replaced');
    expect(await bookings.get('bk-1')).toEqual(moved);
    // The slot it left is free again.
    expect(await bookings.create(overlapping, { leader: '333333', participant: '444444' }, noOverlap(overlapping), [])).toBe('created');

    expect(await bookings.cancel('bk-1', 0, NOW + 2 * MINUTE, [])).toBe('stale');
    expect(await bookings.cancel('bk-1', 1, NOW + 2 * MINUTE, [])).toBe('cancelled');
    expect(await bookings.get('bk-1')).toMatchObject({ status: 'cancelled', sequence: 2, cancelledAt: NOW + 2 * MINUTE });
    expect(await bookings.codesOf('bk-1')).toBeNull();
    // Its codes may be drawn again.
    const again = booking('bk-3', '2026-03-12T09:00');
    expect(await bookings.create(again, { leader: '111111', participant: '222222' }, noOverlap(again), [])).toBe('created');

    // Once the last meeting's grace period is over, a booking keeps no codes.
    // (bk-3's meeting ends at 10:00 in Oslo, 09:00 UTC, and its grace period 15 minutes later.)
    const graceOver = Date.parse('2026-03-12T09:15:00Z');
    expect(await bookings.forgetCodesOfEnded(graceOver - 1)).toBe(1);
    expect(await bookings.codesOf('bk-3')).not.toBeNull();
    expect(await bookings.forgetCodesOfEnded(graceOver)).toBe(1);
    expect([await bookings.codesOf('bk-2'), await bookings.codesOf('bk-3')]).toEqual([null, null]);
    expect(await bookings.forgetCodesOfEnded(graceOver)).toBe(0);
  });

  it('queues a keyed message once, and records attempts: retried, given up, sent, what it said wiped once settled', async () => {
    const db = await store.open();
    await seedRoom(db);
    const outbox = repository(db);
    const record = booking('bk-1', '2026-03-10T09:00');
    await outbox.create(record, { leader: '111111', participant: '222222' }, noOverlap(record), [message(record, 'first@example.com')]);
    expect(await outbox.enqueue('bk-1', { ...message(record, 'second@example.com'), dedupeKey: 'reminder:bk-1:1' }, NOW + 1)).toBe(true);
    expect(await outbox.enqueue('bk-1', { ...message(record, 'second@example.com'), dedupeKey: 'reminder:bk-1:1' }, NOW + 2)).toBe(false);

    expect(await outbox.claimNext(NOW - 1, NOW + MINUTE)).toBeNull();
    const first = await outbox.claimNext(NOW + 5, NOW + MINUTE);
    expect(first).toMatchObject({ attempts: 0, notice: { recipient: { email: 'first@example.com' } } });
    if (first === null) throw new Error('nothing claimed');
    await outbox.recordAttempt(first, NOW + 10, { kind: 'failed', error: '421 try later', retryAt: NOW + 2 * MINUTE });
    const second = await outbox.claimNext(NOW + 10, NOW + MINUTE);
    expect(second?.notice.recipient.email).toBe('second@example.com');
    if (second === null) throw new Error('nothing claimed');
    await outbox.recordAttempt(second, NOW + 20, { kind: 'failed', error: '550 no such user', retryAt: null });
    expect(await outbox.claimNext(NOW + 30, NOW + MINUTE)).toBeNull();

    const retried = await outbox.claimNext(NOW + 2 * MINUTE, NOW + 3 * MINUTE);
    expect(retried).toMatchObject({ id: first.id, attempts: 1 });
    if (retried === null) throw new Error('nothing claimed');
    await outbox.recordAttempt(retried, NOW + 2 * MINUTE, { kind: 'sent' });

    expect(await outbox.deliveriesOf('bk-1')).toEqual([
      expect.objectContaining({
        recipient: 'first@example.com',
        status: 'sent',
        nextAttemptAt: null,
        attempts: [
          { at: NOW + 10, outcome: 'failed', error: '421 try later' },
          { at: NOW + 2 * MINUTE, outcome: 'sent', error: null },
        ],
      }),
      expect.objectContaining({
        recipient: 'second@example.com',
        status: 'failed',
        attempts: [{ at: NOW + 20, outcome: 'failed', error: '550 no such user' }],
      }),
    ]);
    const kept = await db.all<{ sealed_payload: string | null; claim: string | null }>('SELECT sealed_payload, claim FROM mail_outbox');
    expect(kept).toEqual([
      { sealed_payload: null, claim: null },
      { sealed_payload: null, claim: null },
    ]);
  });

  it('gives each e-mail to one of two workers sharing the outbox, however they race', async () => {
    const db = await store.open();
    await seedRoom(db);
    const record = booking('bk-1', '2026-03-10T09:00');
    const recipients = Array.from({ length: 40 }, (_, n) => `invitee-${n}@example.com`);
    await repository(db).create(
      record,
      { leader: '111111', participant: '222222' },
      noOverlap(record),
      recipients.map((email) => message(record, email)),
    );
    const workers = [repository(db), repository(await store.another(db))];

    const sent = await Promise.all(workers.map((worker) => sendAll(worker, NOW + MINUTE)));

    const emails = sent.flat().map((mail) => mail.notice.recipient.email);
    expect([...emails].sort()).toEqual([...recipients].sort());
    const deliveries = await workers[1]?.deliveriesOf('bk-1');
    expect(deliveries?.every((delivery) => delivery.status === 'sent' && delivery.attempts.length === 1)).toBe(true);
  });

  it('sends the e-mail of a worker that died with it claimed, once its claim is over, and keeps a late report in the history only', async () => {
    const db = await store.open();
    await seedRoom(db);
    const record = booking('bk-1', '2026-03-10T09:00');
    await repository(db).create(record, { leader: '111111', participant: '222222' }, noOverlap(record), [
      message(record, 'anne@example.com'),
    ]);
    const dying = repository(db);
    const other = repository(await store.another(db));

    const claimed = await dying.claimNext(NOW, NOW + 10 * MINUTE);
    expect(claimed).not.toBeNull();
    expect(await other.claimNext(NOW + 10 * MINUTE - 1, NOW + 20 * MINUTE)).toBeNull();
    const taken = await other.claimNext(NOW + 10 * MINUTE, NOW + 20 * MINUTE);
    expect(taken).toMatchObject({ id: claimed?.id, attempts: 0 });
    if (claimed === null || taken === null) throw new Error('nothing claimed');
    await other.recordAttempt(taken, NOW + 11 * MINUTE, { kind: 'sent' });
    // The first worker was not dead after all, only slow: its failure changes nothing but the history.
    await dying.recordAttempt(claimed, NOW + 12 * MINUTE, { kind: 'failed', error: 'timeout', retryAt: NOW + 13 * MINUTE });

    const [delivery] = await other.deliveriesOf('bk-1');
    expect(delivery).toMatchObject({ status: 'sent', nextAttemptAt: null });
    expect(delivery?.attempts.map((attempt) => attempt.outcome)).toEqual(['sent', 'failed']);
    expect(await dying.claimNext(NOW + 60 * MINUTE, NOW + 70 * MINUTE)).toBeNull();
  });

  it('lets only one of two bookings made at once for the same hour into the room', async () => {
    const db = await store.open();
    await seedRoom(db);
    const stores = [repository(db), repository(await store.another(db))];
    const tries = stores.map((bookings, n) => {
      const record = booking(`bk-${n}`, '2026-03-10T09:00');
      return bookings.create(record, { leader: `11111${n}`, participant: `22222${n}` }, noOverlap(record), []);
    });

    const outcomes = await Promise.all(tries);

    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome !== 'created')).toMatchObject({ code: 'overlap' });
  });
});
