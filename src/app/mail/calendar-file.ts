import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventRepeatingFreq,
  ICalEventStatus,
  ICalWeekday,
} from 'ical-generator';
import { DateTime } from 'luxon';
import { scheduleSpan, type BookingSchedule } from '../../domain/booking/booking-schedule';
import { rruleParts, type Weekday } from '../../domain/booking/recurrence';
import { instantOf, parseLocalDateTime } from '../../domain/booking/zoned-time';
import type { MailNotice } from './mail-notice';

const MINUTE_MS = 60_000;

const ICAL_WEEKDAYS: Record<Weekday, ICalWeekday> = {
  MO: ICalWeekday.MO,
  TU: ICalWeekday.TU,
  WE: ICalWeekday.WE,
  TH: ICalWeekday.TH,
  FR: ICalWeekday.FR,
  SA: ICalWeekday.SA,
  SU: ICalWeekday.SU,
};

/** The notice's booking schedule, as the domain's rules read it. */
export function scheduleOfNotice(notice: MailNotice): BookingSchedule {
  const start = parseLocalDateTime(notice.meeting.start);
  if (start === null) throw new Error('a notice carries a malformed start');
  return {
    timeZone: notice.meeting.timeZone,
    start,
    durationMinutes: notice.meeting.durationMinutes,
    recurrence: notice.meeting.recurrence,
    cancelledStarts: notice.meeting.cancelledStarts,
  };
}

/**
 * The e-mail's calendar file (RFC 5545), built with ical-generator: one
 * VEVENT with the booking's stable UID and its SEQUENCE, its times in the
 * booking's zone (TZID, with the VTIMEZONE Outlook needs) and, for a series,
 * its RRULE and the EXDATEs of meetings cancelled one by one. METHOD:REQUEST
 * invites or updates; METHOD:CANCEL (STATUS:CANCELLED) takes it out of the
 * calendar. The description is the e-mail's plain text, so the calendar entry
 * alone is enough to dial in.
 */
export function calendarFile(
  notice: MailNotice,
  method: 'REQUEST' | 'CANCEL',
  description: string,
  location: string,
  stamp: number,
): string {
  const { meeting } = notice;
  const schedule = scheduleOfNotice(notice);
  const zoned = (instant: number) => DateTime.fromMillis(instant, { zone: meeting.timeZone });
  const firstStart = instantOf(schedule.start, schedule.timeZone);
  const calendar = ical({
    prodId: { company: 'Kvorum', product: 'Kvorum bookings', language: notice.recipient.language.toUpperCase() },
    method: method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  // Writes a VTIMEZONE for every zone the events use.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  const event = calendar.createEvent({
    id: meeting.uid,
    sequence: meeting.sequence,
    stamp: new Date(stamp),
    timezone: meeting.timeZone,
    start: zoned(firstStart),
    end: zoned(firstStart + meeting.durationMinutes * MINUTE_MS),
    summary: meeting.title,
    description,
    location,
    organizer: { name: meeting.organiser.name, email: meeting.organiser.email },
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  if (meeting.recurrence !== null) {
    const parts = rruleParts(meeting.recurrence, scheduleSpan(schedule).lastStart);
    event.repeating({
      freq: parts.freq === 'WEEKLY' ? ICalEventRepeatingFreq.WEEKLY : ICalEventRepeatingFreq.MONTHLY,
      interval: parts.interval,
      ...(parts.byDay.length > 0 ? { byDay: parts.byDay.map((day) => ICAL_WEEKDAYS[day]) } : {}),
      ...(parts.byMonthDay !== null ? { byMonthDay: parts.byMonthDay } : {}),
      ...(parts.bySetPos !== null ? { bySetPos: parts.bySetPos } : {}),
      ...(parts.count !== null ? { count: parts.count } : {}),
      // UNTIL in UTC, as RFC 5545 wants it beside a DTSTART with a TZID.
      ...(parts.until !== null ? { until: new Date(parts.until) } : {}),
      ...(meeting.cancelledStarts.length > 0 ? { exclude: meeting.cancelledStarts.map(zoned) } : {}),
    });
  }
  for (const attendee of meeting.attendees) {
    event.createAttendee({
      email: attendee.email,
      name: attendee.name,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: false,
    });
  }
  return calendar.toString();
}
