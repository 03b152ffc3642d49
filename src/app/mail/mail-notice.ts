import type { Recurrence } from '../../domain/booking/recurrence';
import type { AccessNumber } from '../ports/access-numbers';

export type MailKind = 'invitation' | 'update' | 'cancellation' | 'reminder';
export type MailAudience = 'host' | 'invitee';
export type MailLanguage = 'nb' | 'en';

/**
 * Everything one e-mail about a booking says, as it was when the change was
 * made: the outbox keeps this (sealed, as it holds codes) until the e-mail
 * has gone, and the worker composes the e-mail from it. A later change makes
 * its own notices; this one never changes.
 */
export interface MailNotice {
  kind: MailKind;
  audience: MailAudience;
  recipient: { email: string; name: string; language: MailLanguage; timeZone: string };
  meeting: {
    /** The calendar UID: the same for every e-mail about the booking. */
    uid: string;
    sequence: number;
    title: string;
    roomName: string;
    timeZone: string;
    /** The first meeting's start, `YYYY-MM-DDTHH:MM` in `timeZone`. */
    start: string;
    durationMinutes: number;
    /** When the codes work around each meeting. */
    window: { earlyEntryMinutes: number; graceMinutes: number };
    recurrence: Recurrence | null;
    cancelledStarts: number[];
    organiser: { name: string; email: string };
    attendees: Array<{ name: string; email: string }>;
    /** For a reminder: which meeting is about to start. */
    occurrenceStart: number | null;
  };
  accessNumbers: AccessNumber[];
  /** The participant code; the leader code only in the host's own e-mails. */
  codes: { participant: string; leader: string | null };
}
