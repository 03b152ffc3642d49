import { isValidTimeZone } from '../billing/calendar';
import { bookingRefusal, type BookingRefusal } from './booking-refusal';
import { occurrences, scheduledStarts, type BookingSchedule, type Occurrence } from './booking-schedule';
import { recurrenceProblem } from './recurrence';
import { existsInZone, formatLocalDateTime, localDateTimeAt } from './zoned-time';

const MINUTE_MS = 60_000;

/** A meeting lasts 5 minutes to 24 hours. */
export const MIN_DURATION_MINUTES = 5;
export const MAX_DURATION_MINUTES = 24 * 60;

/** The codes of a booking work from this long before each meeting until this long after it. */
export interface CodeWindow {
  earlyEntryMinutes: number;
  graceMinutes: number;
}

export const DEFAULT_CODE_WINDOW: CodeWindow = { earlyEntryMinutes: 15, graceMinutes: 15 };
export const MAX_EARLY_ENTRY_MINUTES = 120;
export const MAX_GRACE_MINUTES = 240;

/**
 * A schedule must be real: a zone Kvorum knows, a start that exists on its
 * clocks, a sensible length, a recurrence that fits its first meeting, and a
 * first meeting that has not started yet at `at` (the booking's creation or
 * change; a series already under way may still be changed as long as it has
 * meetings to come).
 */
export function scheduleRefusal(schedule: BookingSchedule, at: number, isNew: boolean): BookingRefusal | null {
  if (!isValidTimeZone(schedule.timeZone)) return bookingRefusal('invalid-time', 'timeZone', 'unknown time zone');
  if (!existsInZone(schedule.start, schedule.timeZone)) {
    return bookingRefusal(
      'invalid-time',
      'startsAt',
      `${formatLocalDateTime(schedule.start)} does not exist in ${schedule.timeZone} (a DST change skips it)`,
    );
  }
  const minutes = schedule.durationMinutes;
  if (!Number.isInteger(minutes) || minutes < MIN_DURATION_MINUTES || minutes > MAX_DURATION_MINUTES) {
    return bookingRefusal(
      'invalid-duration',
      'endsAt',
      `a meeting lasts ${MIN_DURATION_MINUTES} minutes to ${MAX_DURATION_MINUTES / 60} hours`,
    );
  }
  if (schedule.recurrence !== null) {
    const problem = recurrenceProblem(schedule.recurrence, schedule.start);
    if (problem !== null) return bookingRefusal('invalid-recurrence', problem.field, problem.message);
  }
  const meetings = occurrences(schedule);
  const first = meetings[0];
  if (first === undefined) return bookingRefusal('invalid-recurrence', 'recurrence', 'the series has no meeting left');
  if (isNew && first.start <= at) return bookingRefusal('in-the-past', 'startsAt', 'the meeting must start in the future');
  if (!isNew && meetings.every((meeting) => meeting.end <= at)) {
    return bookingRefusal('in-the-past', 'startsAt', 'the booking has no meeting left to come');
  }
  return null;
}

export function codeWindowRefusal(window: CodeWindow): BookingRefusal | null {
  const ok = (value: number, max: number) => Number.isInteger(value) && value >= 0 && value <= max;
  if (!ok(window.earlyEntryMinutes, MAX_EARLY_ENTRY_MINUTES)) {
    return bookingRefusal('invalid-window', 'earlyEntryMinutes', `earlyEntryMinutes must be 0 to ${MAX_EARLY_ENTRY_MINUTES}`);
  }
  if (!ok(window.graceMinutes, MAX_GRACE_MINUTES)) {
    return bookingRefusal('invalid-window', 'graceMinutes', `graceMinutes must be 0 to ${MAX_GRACE_MINUTES}`);
  }
  return null;
}

/** Another booking of the same room, as the overlap rule sees it. */
export interface BookedSchedule {
  title: string;
  schedule: BookingSchedule;
}

/**
 * Bookings of one room may not overlap: no meeting of the candidate may share
 * a minute with a meeting of another booking (back to back is fine: [start,
 * end) intervals). Every meeting of both series counts, up to the series
 * horizon, except those that ended before `at` and those cancelled. The
 * refusal names the first clash in the room's time zone.
 */
export function overlapRefusal(candidate: BookingSchedule, others: readonly BookedSchedule[], at: number): BookingRefusal | null {
  const mine = occurrences(candidate).filter((meeting) => meeting.end > at);
  const theirs = others
    .flatMap(({ title, schedule }) => occurrences(schedule).map((meeting) => ({ ...meeting, title })))
    .filter((meeting) => meeting.end > at)
    .sort((a, b) => a.start - b.start);
  // Both lists are sorted by start: one merge finds the first pair that overlaps.
  let j = 0;
  for (const meeting of mine) {
    while (j < theirs.length && (theirs[j] as Occurrence).end <= meeting.start) j++;
    for (let k = j; k < theirs.length && (theirs[k] as Occurrence).start < meeting.end; k++) {
      const clash = theirs[k] as Occurrence & { title: string };
      if (clash.end > meeting.start) {
        const when = formatLocalDateTime(localDateTimeAt(clash.start, candidate.timeZone)).replace('T', ' ');
        return bookingRefusal('overlap', 'startsAt', `the room is booked then: "${clash.title}" at ${when}`);
      }
    }
  }
  return null;
}

/**
 * Whether a booking's codes are known at `at`: from `earlyEntryMinutes`
 * before a meeting's start until `graceMinutes` after its end. Outside every
 * such window the codes are unknown to the bridge, as if they did not exist.
 */
export function codesValidAt(schedule: BookingSchedule, window: CodeWindow, at: number): boolean {
  return occurrences(schedule).some(
    (meeting) => meeting.start - window.earlyEntryMinutes * MINUTE_MS <= at && at < meeting.end + window.graceMinutes * MINUTE_MS,
  );
}

/** The meetings whose host reminder is due at `at`: `leadMinutes` or less before their start, not started yet. */
export function remindersDue(schedule: BookingSchedule, leadMinutes: number, at: number): Occurrence[] {
  return occurrences(schedule).filter((meeting) => meeting.start - leadMinutes * MINUTE_MS <= at && at < meeting.start);
}

/** A meeting to cancel on its own must be one the schedule gives, still to come, and not cancelled already. */
export function occurrenceCancelRefusal(schedule: BookingSchedule, start: number, at: number): BookingRefusal | null {
  if (!scheduledStarts(schedule).includes(start) || schedule.cancelledStarts.includes(start)) {
    return bookingRefusal('not-an-occurrence', 'start', 'no such meeting in this booking');
  }
  if (start <= at) return bookingRefusal('in-the-past', 'start', 'the meeting has started already');
  if (occurrences(schedule).length === 1) {
    return bookingRefusal('not-an-occurrence', 'start', 'this is the last meeting of the booking: cancel the booking');
  }
  return null;
}

/** Who asks for a booking: an administrator of the room's organisation, or a user (who may book only its own room). */
export type Booker = { kind: 'administrator' } | { kind: 'user'; userId: string };

/** What the rules need to know of the host named. */
export interface HostFacts {
  userId: string;
  organisationId: string;
  email: string | null;
}

/**
 * Who may book on which room, and for whom: an administrator of the room's
 * organisation books on any of its rooms for any of its users; a user books
 * only on a room it owns and only as the host itself. The host must belong to
 * the room's organisation and have an e-mail address (it gets the leader code
 * and the reminders there).
 */
export function hostRefusal(
  room: { organisationId: string; ownerUserId: string | null },
  booker: Booker,
  host: HostFacts | null,
): BookingRefusal | null {
  if (host === null || host.organisationId !== room.organisationId) {
    return bookingRefusal('unknown-host', 'hostUserId', 'unknown user in this organisation');
  }
  if (booker.kind === 'user' && (room.ownerUserId !== booker.userId || host.userId !== booker.userId)) {
    return bookingRefusal('host-must-be-you', 'hostUserId', 'a user books only its own rooms, as their host');
  }
  if (host.email === null)
    return bookingRefusal('host-without-email', 'hostUserId', 'the host has no e-mail address to send the leader code to');
  return null;
}

/** An invitee of a booking. */
export interface Invitee {
  email: string;
  name: string;
  language: 'nb' | 'en';
  timeZone: string;
}

export const MAX_INVITEES = 500;

/**
 * Invitees have distinct e-mail addresses (compared without case), a known
 * time zone, and with the host they fit the room's limit of people
 * (`maxPeople`, from the room and its owner's licence; null: no limit).
 */
export function inviteesRefusal(invitees: readonly Invitee[], maxPeople: number | null): BookingRefusal | null {
  const seen = new Set<string>();
  for (const [index, invitee] of invitees.entries()) {
    const address = invitee.email.toLowerCase();
    if (seen.has(address)) return bookingRefusal('invalid-invitees', `invitees.${index}.email`, 'the same invitee is listed twice');
    seen.add(address);
    if (!isValidTimeZone(invitee.timeZone)) return bookingRefusal('invalid-invitees', `invitees.${index}.timeZone`, 'unknown time zone');
  }
  if (invitees.length > MAX_INVITEES) return bookingRefusal('invalid-invitees', 'invitees', `at most ${MAX_INVITEES} invitees`);
  if (maxPeople !== null && invitees.length + 1 > maxPeople) {
    return bookingRefusal('too-many-people', 'invitees', `the room takes at most ${maxPeople} people with the host`);
  }
  return null;
}
