import { remindersDue } from '../../domain/booking/booking-rules';
import type { AccessNumberDirectory } from '../ports/access-numbers';
import type { ConferenceStore, UserStore } from '../ports/admin-stores';
import type { BookingStore } from '../ports/booking-store';
import { hostMessage, noticeContext } from './booking-notices';

/** The longest reminder lead: bookings whose first meeting is further off than this need no look yet. */
const MAX_LEAD_MS = 24 * 60 * 60_000;

/**
 * Queues the host reminders that are due at `at`: one per meeting, from
 * `reminderMinutes` before its start until it starts (a reminder whose whole
 * window passed while Kvorum was down is not sent late). The outbox's key
 * `reminder:<booking>:<start>` makes each one once, however often this runs.
 * Returns how many were queued.
 */
export async function queueDueReminders(
  deps: {
    bookings: BookingStore;
    conferences: Pick<ConferenceStore, 'get'>;
    users: Pick<UserStore, 'get'>;
    accessNumbers: AccessNumberDirectory;
  },
  at: number,
): Promise<number> {
  let queued = 0;
  for (const booking of await deps.bookings.list({ endsAfter: at, startsBefore: at + MAX_LEAD_MS, withReminder: true })) {
    if (booking.reminderMinutes === null) continue;
    const due = remindersDue(booking.schedule, booking.reminderMinutes, at);
    if (due.length === 0) continue;
    const room = await deps.conferences.get(booking.conferenceId);
    const codes = await deps.bookings.codesOf(booking.id);
    if (room === null || codes === null) continue;
    const context = await noticeContext(booking, room, codes, deps);
    for (const meeting of due) {
      const message = { ...hostMessage('reminder', booking, context, meeting.start), dedupeKey: `reminder:${booking.id}:${meeting.start}` };
      if (await deps.bookings.enqueue(booking.id, message, at)) queued++;
    }
  }
  return queued;
}
