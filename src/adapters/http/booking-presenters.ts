import type { z } from 'zod';
import { isoInstant, isoInstantOrNull } from '../../app/admin/admin-views';
import type { BookingView, Page, UpcomingMeeting } from '../../app/bookings/bookings-service';
import { licenceView } from '../../app/licensing/licensing-service';
import type { BookingRecord, Delivery } from '../../app/ports/booking-store';
import type { Licence } from '../../app/ports/licence-store';
import { scheduleSpan, upcomingOccurrences } from '../../domain/booking/booking-schedule';
import { rruleText } from '../../domain/booking/recurrence';
import { formatLocalDateTime, instantOf, localDateTimeAt } from '../../domain/booking/zoned-time';
import type { LicencePlan } from '../../domain/licensing/licence-plans';
import type { bookingResponse, bookingWithDeliveriesResponse, licenceResponse, planResponse, upcomingResponse } from './booking-schemas';

const MINUTE_MS = 60_000;

function presentDelivery(delivery: Delivery) {
  return {
    ...delivery,
    attempts: delivery.attempts.map((attempt) => ({ ...attempt, at: isoInstant(attempt.at) })),
    nextAttemptAt: isoInstantOrNull(delivery.nextAttemptAt),
    createdAt: isoInstant(delivery.createdAt),
  };
}

/** The latest e-mail to each address, the host's apart: what the sender looks at to see whether an invitation arrived. */
function latestTo(deliveries: readonly Delivery[], recipient: string, audience: Delivery['audience']) {
  const latest = deliveries
    .filter((delivery) => delivery.audience === audience && delivery.recipient.toLowerCase() === recipient.toLowerCase())
    .at(-1);
  return latest === undefined ? null : presentDelivery(latest);
}

export function presentBooking(booking: BookingRecord, deliveries: readonly Delivery[], now: number): z.output<typeof bookingResponse> {
  const { schedule } = booking;
  const start = instantOf(schedule.start, schedule.timeZone);
  const end = start + schedule.durationMinutes * MINUTE_MS;
  const span = scheduleSpan(schedule);
  const next = booking.status === 'scheduled' ? upcomingOccurrences(schedule, now)[0] : undefined;
  const hostAddress = deliveries.find((delivery) => delivery.audience === 'host')?.recipient;
  return {
    id: booking.id,
    conferenceId: booking.conferenceId,
    organisationId: booking.organisationId,
    hostUserId: booking.hostUserId,
    title: booking.title,
    timeZone: schedule.timeZone,
    startsAt: { local: formatLocalDateTime(schedule.start), instant: isoInstant(start) },
    endsAt: { local: formatLocalDateTime(localDateTimeAt(end, schedule.timeZone)), instant: isoInstant(end) },
    durationMinutes: schedule.durationMinutes,
    recurrence: schedule.recurrence,
    rrule: schedule.recurrence === null ? null : rruleText(schedule.recurrence, span.lastStart),
    cancelledOccurrences: schedule.cancelledStarts.map(isoInstant),
    lastEndsAt: isoInstant(span.lastEnd),
    nextOccurrence: next === undefined ? null : { start: isoInstant(next.start), end: isoInstant(next.end) },
    earlyEntryMinutes: booking.window.earlyEntryMinutes,
    graceMinutes: booking.window.graceMinutes,
    reminderMinutes: booking.reminderMinutes,
    sequence: booking.sequence,
    status: booking.status,
    invitees: booking.invitees.map((invitee) => ({ ...invitee, delivery: latestTo(deliveries, invitee.email, 'invitee') })),
    hostDelivery: hostAddress === undefined ? null : latestTo(deliveries, hostAddress, 'host'),
    createdAt: isoInstant(booking.createdAt),
    updatedAt: isoInstant(booking.updatedAt),
  };
}

export function presentBookingView(view: BookingView, now: number): z.output<typeof bookingWithDeliveriesResponse> {
  return { ...presentBooking(view.booking, view.deliveries, now), deliveries: view.deliveries.map(presentDelivery) };
}

export function presentUpcoming(page: Page<UpcomingMeeting>): z.output<typeof upcomingResponse> {
  return {
    meetings: page.items.map((meeting) => ({ ...meeting, start: isoInstant(meeting.start), end: isoInstant(meeting.end) })),
    page: { total: page.total, limit: page.limit, offset: page.offset },
  };
}

export function presentPlan(plan: LicencePlan, defaultPlanId: string): z.output<typeof planResponse> {
  return { ...plan, currency: 'NOK', isDefault: plan.id === defaultPlanId };
}

export function presentLicence(licence: Licence): z.output<typeof licenceResponse> {
  return { ...licenceView(licence), createdAt: isoInstant(licence.createdAt) };
}
