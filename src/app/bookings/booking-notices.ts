import { formatLocalDateTime } from '../../domain/booking/zoned-time';
import type { Invitee } from '../../domain/booking/booking-rules';
import type { MailKind, MailLanguage, MailNotice } from '../mail/mail-notice';
import type { AccessNumber, AccessNumberDirectory } from '../ports/access-numbers';
import type { UserStore } from '../ports/admin-stores';
import type { BookingCodes, BookingRecord, OutboxMessage } from '../ports/booking-store';

/** What the e-mails of a booking need besides the booking itself. */
export interface NoticeContext {
  room: { name: string; language: string };
  host: { name: string; email: string };
  codes: BookingCodes;
  accessNumbers: AccessNumber[];
}

/** The context of a booking's e-mails from the stores: its room, its host and the access numbers. */
export async function noticeContext(
  booking: BookingRecord,
  room: { name: string; language: string },
  codes: BookingCodes,
  deps: { users: Pick<UserStore, 'get'>; accessNumbers: AccessNumberDirectory },
): Promise<NoticeContext> {
  const host = await deps.users.get(booking.hostUserId);
  return {
    room: { name: room.name, language: room.language },
    host: { name: host?.name ?? 'Kvorum', email: host?.email ?? '' },
    codes,
    accessNumbers: await deps.accessNumbers.list(),
  };
}

/** The host's e-mails are in the room's language when Kvorum writes it (bokmål), otherwise English. */
function hostLanguage(roomLanguage: string): MailLanguage {
  return roomLanguage.startsWith('nb') || roomLanguage.startsWith('no') ? 'nb' : 'en';
}

function notice(
  kind: MailKind,
  booking: BookingRecord,
  context: NoticeContext,
  recipient: MailNotice['recipient'],
  forHost: boolean,
  occurrenceStart: number | null,
): MailNotice {
  const { schedule } = booking;
  return {
    kind,
    audience: forHost ? 'host' : 'invitee',
    recipient,
    meeting: {
      uid: `${booking.id}@kvorum`,
      sequence: booking.sequence,
      title: booking.title,
      roomName: context.room.name,
      timeZone: schedule.timeZone,
      start: formatLocalDateTime(schedule.start),
      durationMinutes: schedule.durationMinutes,
      window: booking.window,
      recurrence: schedule.recurrence,
      cancelledStarts: [...schedule.cancelledStarts],
      organiser: context.host,
      attendees: booking.invitees.map(({ name, email }) => ({ name, email })),
      occurrenceStart,
    },
    accessNumbers: context.accessNumbers,
    // The leader code never leaves in an invitee's e-mail.
    codes: { participant: context.codes.participant, leader: forHost ? context.codes.leader : null },
  };
}

export function hostMessage(
  kind: MailKind,
  booking: BookingRecord,
  context: NoticeContext,
  occurrenceStart: number | null = null,
): OutboxMessage {
  const recipient = { ...context.host, language: hostLanguage(context.room.language), timeZone: booking.schedule.timeZone };
  return { kind, audience: 'host', notice: notice(kind, booking, context, recipient, true, occurrenceStart) };
}

export function inviteeMessage(kind: MailKind, booking: BookingRecord, context: NoticeContext, invitee: Invitee): OutboxMessage {
  const recipient = { email: invitee.email, name: invitee.name, language: invitee.language, timeZone: invitee.timeZone };
  return { kind, audience: 'invitee', notice: notice(kind, booking, context, recipient, false, null) };
}

/** The e-mails of one kind to the host and every invitee. */
export function messagesToEveryone(kind: MailKind, booking: BookingRecord, context: NoticeContext): OutboxMessage[] {
  return [hostMessage(kind, booking, context), ...booking.invitees.map((invitee) => inviteeMessage(kind, booking, context, invitee))];
}

/**
 * The e-mails of a change: the host and the invitees who stay get the
 * update, new invitees an invitation, and invitees taken off the list a
 * cancellation (their calendar loses the meeting).
 */
export function messagesOfChange(before: BookingRecord, after: BookingRecord, context: NoticeContext): OutboxMessage[] {
  const key = (invitee: Invitee) => invitee.email.toLowerCase();
  const had = new Set(before.invitees.map(key));
  const has = new Set(after.invitees.map(key));
  return [
    hostMessage('update', after, context),
    ...after.invitees.map((invitee) => inviteeMessage(had.has(key(invitee)) ? 'update' : 'invitation', after, context, invitee)),
    ...before.invitees
      .filter((invitee) => !has.has(key(invitee)))
      .map((invitee) => inviteeMessage('cancellation', after, context, invitee)),
  ];
}
