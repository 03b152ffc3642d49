import { z } from 'zod';
import { parseLocalDate } from '../../domain/billing/calendar';
import { WEEK_ORDINALS, WEEKDAYS, type Recurrence } from '../../domain/booking/recurrence';
import { parseLocalDateTime } from '../../domain/booking/zoned-time';
import { PLAN_ID } from '../../domain/licensing/licence-plans';
import { objectId, timeZone } from './request-schemas';

/** Request and response schemas of bookings and licences. */

const localDateTime = z
  .string()
  .transform((text, context) => {
    const time = parseLocalDateTime(text);
    if (!time) context.addIssue({ code: 'custom', message: 'must be a local date and time YYYY-MM-DDTHH:MM' });
    return time ?? z.NEVER;
  })
  .meta({ description: "wall clock in the room's time zone, YYYY-MM-DDTHH:MM", example: '2026-03-10T09:00' });

const localDate = z
  .string()
  .refine((text) => parseLocalDate(text) !== null, 'must be a date YYYY-MM-DD')
  .meta({ description: 'YYYY-MM-DD', format: 'date' });

const seriesEnd = {
  count: z.int().min(1).max(800).optional().meta({ description: 'ends after this many meetings' }),
  until: localDate.optional().meta({ description: 'last day a meeting may fall on (inclusive)' }),
};

const recurrenceBody = z
  .discriminatedUnion('frequency', [
    z.strictObject({
      frequency: z.literal('weekly'),
      interval: z.int().min(1).max(52).default(1),
      weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7).optional().meta({ description: "default: the first meeting's weekday" }),
      ...seriesEnd,
    }),
    z.strictObject({
      frequency: z.literal('monthly'),
      interval: z.int().min(1).max(12).default(1),
      monthDay: z.int().min(1).max(31).optional().meta({ description: "default (without weekday): the first meeting's day" }),
      weekday: z.enum(WEEKDAYS).optional(),
      week: z
        .union(WEEK_ORDINALS.map((ordinal) => z.literal(ordinal)))
        .optional()
        .meta({ description: 'with weekday: 1–4, or -1 for the last' }),
      ...seriesEnd,
    }),
  ])
  .meta({ description: 'RFC 5545 RRULE semantics; without count or until the series runs two years (the horizon)' });

export type RecurrenceBody = z.output<typeof recurrenceBody>;

const invitee = z.strictObject({
  email: z.email().max(200),
  name: z.string().trim().min(1).max(200),
  language: z.enum(['nb', 'en']).default('nb'),
  timeZone: timeZone.optional().meta({ description: "default: the room's time zone" }),
});

const window = {
  earlyEntryMinutes: z.int().min(0).max(120).meta({ description: 'codes work this long before each meeting (default 15)' }),
  graceMinutes: z.int().min(0).max(240).meta({ description: 'and this long after its end (default 15)' }),
  reminderMinutes: z
    .int()
    .min(1)
    .max(24 * 60)
    .nullable()
    .meta({ description: 'the host is e-mailed this long before each meeting; null: no reminder' }),
};

const bookingFields = {
  title: z.string().trim().min(1).max(200),
  startsAt: localDateTime,
  endsAt: localDateTime,
  recurrence: recurrenceBody.nullable(),
  hostUserId: objectId.meta({ description: 'default: the caller' }),
  invitees: z.array(invitee).max(500),
};

export const createBookingBody = z.strictObject({
  conferenceId: objectId,
  ...bookingFields,
  recurrence: bookingFields.recurrence.default(null),
  hostUserId: bookingFields.hostUserId.optional(),
  invitees: bookingFields.invitees.default([]),
  earlyEntryMinutes: window.earlyEntryMinutes.optional(),
  graceMinutes: window.graceMinutes.optional(),
  reminderMinutes: window.reminderMinutes.optional(),
});

export const updateBookingBody = z.strictObject({ ...bookingFields, ...window }).partial();

export const bookingParams = z.object({ bookingId: objectId });

const instant = z.iso
  .datetime({ offset: true })
  .transform((value) => Date.parse(value))
  .meta({ description: 'ISO 8601 date-time with offset' });

export const cancelOccurrenceBody = z.strictObject({ start: instant.meta({ description: 'the start of the meeting to cancel' }) });

const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};

export const listBookingsQuery = z.strictObject({
  organisationId: objectId.optional(),
  conferenceId: objectId.optional(),
  hostUserId: objectId.optional(),
  ...page,
});

export const upcomingQuery = z.strictObject({
  organisationId: objectId.optional(),
  userId: objectId.optional().meta({ description: 'meetings this user hosts or is invited to' }),
  conferenceId: objectId.optional(),
  from: instant.optional().meta({ description: 'default: now' }),
  to: instant.optional().meta({ description: 'default: 90 days after from' }),
  ...page,
});

// --- responses --------------------------------------------------------------------

const isoInstant = z.iso.datetime({ offset: true });
const when = z.object({ local: z.string().meta({ description: "YYYY-MM-DDTHH:MM in the booking's zone" }), instant: isoInstant });

const deliveryResponse = z.object({
  id: z.string(),
  kind: z.enum(['invitation', 'update', 'cancellation', 'reminder']),
  audience: z.enum(['host', 'invitee']),
  recipient: z.string(),
  sequence: z.int(),
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.array(z.object({ at: isoInstant, outcome: z.enum(['sent', 'failed']), error: z.string().nullable() })),
  nextAttemptAt: isoInstant.nullable(),
  createdAt: isoInstant,
});

export const bookingResponse = z.object({
  id: z.string(),
  conferenceId: z.string(),
  organisationId: z.string(),
  hostUserId: z.string(),
  title: z.string(),
  timeZone: z.string(),
  startsAt: when,
  endsAt: when,
  durationMinutes: z.int(),
  recurrence: z.unknown().nullable(),
  rrule: z.string().nullable().meta({ description: 'the RRULE the calendar files carry' }),
  cancelledOccurrences: z.array(isoInstant),
  lastEndsAt: isoInstant,
  nextOccurrence: z.object({ start: isoInstant, end: isoInstant }).nullable(),
  earlyEntryMinutes: z.int(),
  graceMinutes: z.int(),
  reminderMinutes: z.int().nullable(),
  sequence: z.int(),
  status: z.enum(['scheduled', 'cancelled']),
  invitees: z.array(
    z.object({
      email: z.string(),
      name: z.string(),
      language: z.enum(['nb', 'en']),
      timeZone: z.string(),
      delivery: deliveryResponse.nullable().meta({ description: 'the latest e-mail to this invitee' }),
    }),
  ),
  hostDelivery: deliveryResponse.nullable(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});

export const bookingWithDeliveriesResponse = bookingResponse.extend({ deliveries: z.array(deliveryResponse) });

export const createdBookingResponse = z.object({
  booking: bookingResponse,
  codes: z.array(
    z.object({ role: z.enum(['leader', 'participant']), code: z.string().meta({ description: 'shown only here and in the e-mails' }) }),
  ),
});

const pageResponse = z.object({ total: z.int(), limit: z.int(), offset: z.int() });

export const bookingListResponse = z.object({ bookings: z.array(bookingResponse), page: pageResponse });

export const upcomingResponse = z.object({
  meetings: z.array(
    z.object({
      bookingId: z.string(),
      conferenceId: z.string(),
      organisationId: z.string(),
      title: z.string(),
      start: isoInstant,
      end: isoInstant,
      timeZone: z.string(),
      hostUserId: z.string(),
      role: z.enum(['host', 'invitee']).nullable(),
    }),
  ),
  page: pageResponse,
});

// --- licences ------------------------------------------------------------------------

export const planParams = z.object({ planId: z.string().regex(PLAN_ID, 'must be a plan id') });
export const licenceParams = z.object({ licenceId: objectId });

const planFields = {
  name: z.string().trim().min(1).max(100),
  priceOrePerYear: z.int().min(0).max(100_000_000).meta({ description: 'NOK øre per host and year, excl. VAT' }),
  maxParticipants: z
    .int()
    .min(1)
    .max(100_000)
    .nullable()
    .meta({ description: 'people in one meeting at once, the host counted (a leader always gets in); null: no limit' }),
  groupTimeLimitMinutes: z
    .int()
    .min(1)
    .max(24 * 60)
    .nullable(),
};

export const createPlanBody = z.strictObject({ id: z.string().regex(PLAN_ID, 'must be a-z, 0-9 and -'), ...planFields });
export const updatePlanBody = z.strictObject(planFields).partial();
export const defaultPlanBody = z.strictObject({ planId: z.string().regex(PLAN_ID, 'must be a plan id') });
export const assignLicenceBody = z.strictObject({
  planId: z.string().regex(PLAN_ID, 'must be a plan id'),
  startsOn: localDate.optional().meta({ description: 'default: today' }),
  endsOn: localDate.nullable().optional(),
});
export const endLicenceBody = z.strictObject({ endsOn: localDate.optional().meta({ description: 'default: today (inclusive)' }) });

export const planResponse = z.object({
  id: z.string(),
  name: z.string(),
  priceOrePerYear: z.int(),
  currency: z.literal('NOK'),
  maxParticipants: z.int().nullable(),
  groupTimeLimitMinutes: z.int().nullable(),
  isDefault: z.boolean().meta({ description: 'the plan of rooms whose owner holds no licence' }),
});

export const licenceResponse = z.object({
  id: z.string(),
  userId: z.string(),
  organisationId: z.string(),
  planId: z.string(),
  priceOrePerYear: z.int(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  createdAt: isoInstant,
});

/** A recurrence as the API takes it, as the domain's rules read it. */
export function recurrenceOf(body: RecurrenceBody | null, firstWeekday: string, firstDay: number): Recurrence | null {
  if (body === null) return null;
  const ends =
    body.count !== undefined
      ? { kind: 'count' as const, count: body.count }
      : body.until !== undefined
        ? { kind: 'until' as const, date: body.until }
        : { kind: 'horizon' as const };
  if (body.frequency === 'weekly') {
    return { frequency: 'weekly', interval: body.interval, weekdays: body.weekdays ?? [firstWeekday as (typeof WEEKDAYS)[number]], ends };
  }
  const on =
    body.weekday !== undefined
      ? { kind: 'weekday' as const, weekday: body.weekday, ordinal: body.week ?? 1 }
      : { kind: 'month-day' as const, day: body.monthDay ?? firstDay };
  return { frequency: 'monthly', interval: body.interval, on, ends };
}
