import type { BookingRefusal } from '../../domain/booking/booking-refusal';
import type { CodeWindow, Invitee } from '../../domain/booking/booking-rules';
import type { BookedSchedule } from '../../domain/booking/booking-rules';
import type { BookingSchedule } from '../../domain/booking/booking-schedule';
import type { MailAudience, MailKind, MailNotice } from '../mail/mail-notice';

/** A scheduled meeting (or series) on a room, as stored. */
export interface BookingRecord {
  id: string;
  conferenceId: string;
  organisationId: string;
  hostUserId: string;
  title: string;
  schedule: BookingSchedule;
  window: CodeWindow;
  /** Minutes before each meeting the host is reminded; null: no reminder. */
  reminderMinutes: number | null;
  invitees: Invitee[];
  sequence: number;
  status: 'scheduled' | 'cancelled';
  createdByUserId: string;
  createdAt: number;
  updatedAt: number;
  cancelledAt: number | null;
}

/** A code drawn for a booking is in use already (by a room or another booking): draw again. */
export interface BookingCodeClash {
  kind: 'code-in-use';
  role: 'leader' | 'participant';
}

/** A booking's own codes, in clear: only for the e-mails and the answer that created it. */
export interface BookingCodes {
  leader: string;
  participant: string;
}

/** An e-mail to put in the outbox with the change that causes it. */
export interface OutboxMessage {
  kind: MailKind;
  audience: MailAudience;
  notice: MailNotice;
  /** A message with a key is made once only (a reminder per meeting). */
  dedupeKey?: string;
}

/** Which bookings to list: scheduled ones with a meeting ending after `endsAfter`. */
export interface BookingFilter {
  organisationIds?: ReadonlySet<string>;
  conferenceId?: string;
  hostUserId?: string;
  /** Bookings hosted by this user or inviting this address (compared without case). */
  involving?: { userId: string; email: string | null };
  endsAfter: number;
  /** Only those whose first meeting starts before this. */
  startsBefore?: number;
  withReminder?: boolean;
}

/**
 * The rule of the room's other bookings, run inside the store's write
 * transaction so that two bookings made at once cannot both pass it.
 */
export type OverlapCheck = (others: BookedSchedule[]) => BookingRefusal | null;

/**
 * Bookings, their codes (as keyed hashes for the bridge, sealed for the
 * e-mails) and the mail outbox, written together: a change and the e-mails
 * it causes commit in one transaction or not at all.
 */
export interface BookingStore {
  create(
    booking: BookingRecord,
    codes: BookingCodes,
    check: OverlapCheck,
    messages: readonly OutboxMessage[],
  ): Promise<'created' | BookingRefusal | BookingCodeClash>;
  get(id: string): Promise<BookingRecord | null>;
  codesOf(id: string): Promise<BookingCodes | null>;
  list(filter: BookingFilter): Promise<BookingRecord[]>;
  /** Replaces the booking if its sequence is still `expectedSequence` ('stale' otherwise). */
  replace(
    booking: BookingRecord,
    expectedSequence: number,
    check: OverlapCheck,
    messages: readonly OutboxMessage[],
  ): Promise<'replaced' | 'stale' | BookingRefusal>;
  /** Cancels it: its codes are forgotten at once. */
  cancel(id: string, expectedSequence: number, at: number, messages: readonly OutboxMessage[]): Promise<'cancelled' | 'stale'>;
  /** Wipes the codes of bookings whose last meeting's grace period ended before `at`; how many. */
  forgetCodesOfEnded(at: number): Promise<number>;
  /** Queues a message not caused by a change (a reminder); false when its key was queued before. */
  enqueue(bookingId: string, message: OutboxMessage & { dedupeKey: string }, at: number): Promise<boolean>;
}

/** One e-mail of a booking as the sender sees it: where it went and how it fared, never what it said. */
export interface Delivery {
  id: string;
  kind: MailKind;
  audience: MailAudience;
  recipient: string;
  sequence: number;
  status: 'queued' | 'sent' | 'failed';
  attempts: Array<{ at: number; outcome: 'sent' | 'failed'; error: string | null }>;
  nextAttemptAt: number | null;
  createdAt: number;
}

/** A queued e-mail a worker has claimed to send. */
export interface QueuedMail {
  id: string;
  /** This worker's claim on it, which its attempt is recorded with. */
  claim: string;
  attempts: number;
  notice: MailNotice;
}

/**
 * The outbox as the mail workers and the senders read it. Several workers
 * may share it (Kvorum processes on one PostgreSQL): each e-mail is claimed
 * by one of them before it is sent.
 */
export interface MailOutbox {
  /**
   * Claims the oldest queued message due at `at` until `until`: no other
   * worker gets it meanwhile. A claim whose attempt is not recorded by then
   * (its worker died) ends, and the message is due again.
   */
  claimNext(at: number, until: number): Promise<QueuedMail | null>;
  /**
   * Records an attempt on a claimed message; a failure with `retryAt` stays
   * queued, one without is given up. An attempt reported after its claim
   * ended is kept in the message's history only.
   */
  recordAttempt(
    mail: Pick<QueuedMail, 'id' | 'claim'>,
    at: number,
    outcome: { kind: 'sent' } | { kind: 'failed'; error: string; retryAt: number | null },
  ): Promise<void>;
  deliveriesOf(bookingId: string): Promise<Delivery[]>;
}
