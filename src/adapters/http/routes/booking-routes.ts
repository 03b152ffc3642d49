import type { AdminServices } from '../../../app/admin/admin-services';
import type { BookingInput } from '../../../app/bookings/bookings-service';
import type { Invitee } from '../../../domain/booking/booking-rules';
import { weekdayOfDate } from '../../../domain/booking/recurrence';
import type { LocalDateTime } from '../../../domain/booking/zoned-time';
import { presentBooking, presentBookingView, presentUpcoming } from '../booking-presenters';
import {
  bookingListResponse,
  bookingParams,
  bookingWithDeliveriesResponse,
  cancelOccurrenceBody,
  createBookingBody,
  createdBookingResponse,
  listBookingsQuery,
  recurrenceOf,
  updateBookingBody,
  upcomingQuery,
  upcomingResponse,
  type RecurrenceBody,
} from '../booking-schemas';
import { defineRoute, type Route } from '../route';
import { CONFERENCE_MANAGERS } from './role-sets';

/** Bookings (scheduled meetings) on rooms, and the upcoming meetings of a user or an organisation. */
export function bookingRoutes(services: AdminServices, now: () => number): Route[] {
  const tag = 'bookings';
  return [
    defineRoute({
      method: 'post',
      path: '/bookings',
      tag,
      summary: 'Book a meeting (or a weekly or monthly series) on a room; the host and invitees are e-mailed',
      description:
        "Times are wall clock in the room's time zone. The booking's own leader and participant codes are in this answer and in the e-mails " +
        "(the leader code only in the host's), never shown again; they work from earlyEntryMinutes before each meeting until graceMinutes after it. " +
        'Overlapping another booking of the room answers 409.',
      roles: CONFERENCE_MANAGERS,
      body: createBookingBody,
      response: { status: 201, description: 'the booking and its codes', schema: createdBookingResponse },
      handle: async ({ principal, body }) => {
        const room = await services.conferences.get(principal, body.conferenceId);
        const input: BookingInput = {
          ...body,
          recurrence: recurrenceFor(body.recurrence, body.startsAt),
          invitees: inviteesIn(body.invitees, room.timeZone),
        };
        const { view, codes } = await services.bookings.create(principal, input);
        return {
          status: 201,
          json: {
            booking: presentBooking(view.booking, view.deliveries, now()),
            codes: [
              { role: 'leader', code: codes.leader },
              { role: 'participant', code: codes.participant },
            ],
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bookings',
      tag,
      summary: 'List bookings with meetings still to come (a user: those it hosts, owns the room of, or is invited to)',
      roles: CONFERENCE_MANAGERS,
      query: listBookingsQuery,
      response: { status: 200, description: 'a page of bookings, by first meeting', schema: bookingListResponse },
      handle: async ({ principal, query }) => {
        const { limit, offset, ...filter } = query;
        const page = await services.bookings.list(principal, filter, { limit, offset });
        return {
          status: 200,
          json: { bookings: page.items.map((booking) => presentBooking(booking, [], now())), page: { total: page.total, limit, offset } },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/bookings/upcoming',
      tag,
      summary: 'Upcoming meetings, one per meeting of a series: of an organisation, of a room, or of a user (hosted or invited to)',
      roles: CONFERENCE_MANAGERS,
      query: upcomingQuery,
      response: { status: 200, description: 'a page of meetings, by start', schema: upcomingResponse },
      handle: async ({ principal, query }) => ({ status: 200, json: presentUpcoming(await services.bookings.upcoming(principal, query)) }),
    }),
    defineRoute({
      method: 'get',
      path: '/bookings/:bookingId',
      tag,
      summary: 'Get a booking with every e-mail it caused and how each fared (never their content or the codes)',
      roles: CONFERENCE_MANAGERS,
      params: bookingParams,
      response: { status: 200, description: 'the booking', schema: bookingWithDeliveriesResponse },
      handle: async ({ principal, params }) => ({
        status: 200,
        json: presentBookingView(await services.bookings.get(principal, params.bookingId), now()),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/bookings/:bookingId',
      tag,
      summary: 'Change a booking: its SEQUENCE goes up and everyone is e-mailed the update (removed invitees a cancellation)',
      roles: CONFERENCE_MANAGERS,
      params: bookingParams,
      body: updateBookingBody,
      response: { status: 200, description: 'the booking as changed', schema: bookingWithDeliveriesResponse },
      handle: async ({ principal, params, body }) => {
        const current = (await services.bookings.get(principal, params.bookingId)).booking;
        const startsAt = body.startsAt ?? current.schedule.start;
        const { recurrence, invitees, ...rest } = body;
        const view = await services.bookings.update(principal, params.bookingId, {
          ...rest,
          ...(recurrence !== undefined ? { recurrence: recurrenceFor(recurrence, startsAt) } : {}),
          ...(invitees !== undefined ? { invitees: inviteesIn(invitees, current.schedule.timeZone) } : {}),
        });
        return { status: 200, json: presentBookingView(view, now()) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/bookings/:bookingId',
      tag,
      summary: 'Cancel a booking: its codes stop working at once, and everyone gets a cancellation',
      roles: CONFERENCE_MANAGERS,
      params: bookingParams,
      response: { status: 204, description: 'cancelled' },
      handle: async ({ principal, params }) => {
        await services.bookings.cancel(principal, params.bookingId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/bookings/:bookingId/cancelled-occurrences',
      tag,
      summary: 'Cancel one meeting of a series (EXDATE); everyone gets the updated series',
      roles: CONFERENCE_MANAGERS,
      params: bookingParams,
      body: cancelOccurrenceBody,
      response: { status: 200, description: 'the booking as changed', schema: bookingWithDeliveriesResponse },
      handle: async ({ principal, params, body }) => ({
        status: 200,
        json: presentBookingView(await services.bookings.cancelOccurrence(principal, params.bookingId, body.start), now()),
      }),
    }),
  ];
}

function recurrenceFor(body: RecurrenceBody | null, startsAt: LocalDateTime) {
  return recurrenceOf(body, weekdayOfDate(startsAt), startsAt.day);
}

function inviteesIn(invitees: ReadonlyArray<Omit<Invitee, 'timeZone'> & { timeZone?: string }>, roomTimeZone: string): Invitee[] {
  return invitees.map((invitee) => ({ ...invitee, timeZone: invitee.timeZone ?? roomTimeZone }));
}
