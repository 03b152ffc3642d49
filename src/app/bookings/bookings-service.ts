import { isBookingRefusal, bookingRefusal, type BookingRefusal } from '../../domain/booking/booking-refusal';
import {
  codeWindowRefusal,
  DEFAULT_CODE_WINDOW,
  hostRefusal,
  inviteesRefusal,
  occurrenceCancelRefusal,
  overlapRefusal,
  scheduleRefusal,
  type Booker,
  type Invitee,
} from '../../domain/booking/booking-rules';
import { occurrences, scheduledStarts, type BookingSchedule } from '../../domain/booking/booking-schedule';
import type { Recurrence } from '../../domain/booking/recurrence';
import { instantOf, localDateTimeAt, type LocalDateTime } from '../../domain/booking/zoned-time';
import { meetingLimits, type LicencePlan } from '../../domain/licensing/licence-plans';
import { roomRules } from '../../domain/room-types';
import { assertNever } from '../../domain/assert-never';
import { AdminError, notFound } from '../admin/admin-error';
import { generateCodeDigits } from '../admin/generate-code-digits';
import { canSeeConference, canSeeOrganisation, type Principal } from '../admin/roles';
import type { AccessNumberDirectory } from '../ports/access-numbers';
import type { AdminConference, ConferenceStore, UserStore } from '../ports/admin-stores';
import type { BookingCodes, BookingFilter, BookingRecord, BookingStore, Delivery, MailOutbox } from '../ports/booking-store';
import type { Clock, Ids } from '../ports/clock-and-ids';
import { messagesOfChange, messagesToEveryone, noticeContext } from './booking-notices';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A generated code that clashes with one in use is drawn again, this many times at most. */
const MAX_GENERATION_ATTEMPTS = 20;
/** Upcoming meetings are listed for at most this long ahead. */
const MAX_UPCOMING_DAYS = 731;
const DEFAULT_UPCOMING_DAYS = 90;
const MAX_REMINDER_MINUTES = 24 * 60;

export interface BookingInput {
  conferenceId: string;
  title: string;
  /** Wall clock in the room's time zone. */
  startsAt: LocalDateTime;
  endsAt: LocalDateTime;
  recurrence: Recurrence | null;
  /** Defaults to the caller. */
  hostUserId?: string;
  invitees: Invitee[];
  earlyEntryMinutes?: number;
  graceMinutes?: number;
  reminderMinutes?: number | null;
}

export type BookingPatch = Partial<Omit<BookingInput, 'conferenceId'>>;

/** A booking with how its e-mails fared. */
export interface BookingView {
  booking: BookingRecord;
  deliveries: Delivery[];
}

export interface UpcomingQuery {
  organisationId?: string;
  /** Meetings this user hosts or is invited to (by its e-mail address). */
  userId?: string;
  conferenceId?: string;
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

/** One meeting still to come, of a single booking or one of a series. */
export interface UpcomingMeeting {
  bookingId: string;
  conferenceId: string;
  organisationId: string;
  title: string;
  start: number;
  end: number;
  timeZone: string;
  hostUserId: string;
  /** The asking user's part in it, when the list is of one user's meetings. */
  role: 'host' | 'invitee' | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Bookings on rooms, as each caller may see and change them; every e-mail goes through the outbox. */
export interface BookingsService {
  /** The codes are in the answer and in the host's and invitees' e-mails, never shown again. */
  create(principal: Principal, input: BookingInput): Promise<{ view: BookingView; codes: BookingCodes }>;
  get(principal: Principal, id: string): Promise<BookingView>;
  list(
    principal: Principal,
    filter: { organisationId?: string; conferenceId?: string; hostUserId?: string },
    page: { limit: number; offset: number },
  ): Promise<Page<BookingRecord>>;
  update(principal: Principal, id: string, patch: BookingPatch): Promise<BookingView>;
  cancel(principal: Principal, id: string): Promise<void>;
  /** Cancels one meeting of a series (given by its start). */
  cancelOccurrence(principal: Principal, id: string, start: number): Promise<BookingView>;
  upcoming(principal: Principal, query: UpcomingQuery): Promise<Page<UpcomingMeeting>>;
}

export interface BookingsServiceDeps {
  bookings: BookingStore;
  outbox: Pick<MailOutbox, 'deliveriesOf'>;
  conferences: Pick<ConferenceStore, 'get'>;
  users: Pick<UserStore, 'get'>;
  accessNumbers: AccessNumberDirectory;
  /** The plan a room of this owner runs under (its limits cap the invitees). */
  planOfOwner: (ownerUserId: string | null) => Promise<LicencePlan>;
  clock: Pick<Clock, 'now'>;
  ids: Ids;
  /** Tells the mail worker that there is something to send. */
  mailQueued?: () => void;
  generateCode?: () => string;
}

export function createBookingsService(deps: BookingsServiceDeps): BookingsService {
  const { bookings, conferences, users, clock } = deps;
  const generateCode = deps.generateCode ?? (() => generateCodeDigits());
  const mailQueued = deps.mailQueued ?? (() => undefined);

  function isAdministrator(principal: Principal): boolean {
    switch (principal.role) {
      case 'operator':
      case 'reseller':
      case 'org-admin':
        return true;
      case 'user':
      case 'finance':
        return false;
      default:
        return assertNever(principal.role);
    }
  }

  async function userEmail(principal: Principal): Promise<string | null> {
    return (await users.get(principal.userId))?.email?.toLowerCase() ?? null;
  }

  /** Admins see their organisations' bookings; a user those it hosts, on rooms it owns, or is invited to. */
  async function canSee(principal: Principal, booking: BookingRecord): Promise<boolean> {
    if (isAdministrator(principal)) return canSeeOrganisation(principal, booking.organisationId);
    if (principal.role !== 'user') return false;
    if (booking.hostUserId === principal.userId) return true;
    if ((await conferences.get(booking.conferenceId))?.ownerUserId === principal.userId) return true;
    const email = await userEmail(principal);
    return email !== null && booking.invitees.some((invitee) => invitee.email.toLowerCase() === email);
  }

  /** Those of `found` the principal sees, in order. */
  async function seenBy(principal: Principal, found: readonly BookingRecord[]): Promise<BookingRecord[]> {
    const seen = await Promise.all(found.map((booking) => canSee(principal, booking)));
    return found.filter((_, index) => seen[index]);
  }

  async function visible(principal: Principal, id: string): Promise<BookingRecord> {
    const booking = await bookings.get(id);
    if (!booking || !(await canSee(principal, booking))) throw notFound('booking');
    return booking;
  }

  /** Changes are for admins and the host; an invitee who sees a booking may not change it. */
  async function changeable(principal: Principal, id: string): Promise<{ booking: BookingRecord; room: AdminConference }> {
    const booking = await visible(principal, id);
    if (!isAdministrator(principal) && booking.hostUserId !== principal.userId) {
      throw new AdminError('forbidden', 'only the host or an administrator changes a booking');
    }
    if (booking.status === 'cancelled') throw new AdminError('conflict', 'the booking is cancelled');
    const room = await conferences.get(booking.conferenceId);
    if (!room) throw new AdminError('conflict', 'the room of the booking has been deleted');
    return { booking, room };
  }

  function booker(principal: Principal): Booker {
    return principal.role === 'user' ? { kind: 'user', userId: principal.userId } : { kind: 'administrator' };
  }

  async function hostFacts(hostUserId: string) {
    const host = await users.get(hostUserId);
    return host === null ? null : { userId: host.id, organisationId: host.organisationId, email: host.email, name: host.name };
  }

  /** The most people a meeting in the room may have, the host counted: its capacity (room type and licence). */
  async function maxPeople(room: AdminConference): Promise<number | null> {
    return meetingLimits(roomRules(room.roomType).capacity, await deps.planOfOwner(room.ownerUserId)).capacity;
  }

  function scheduleOf(
    timeZone: string,
    start: LocalDateTime,
    end: LocalDateTime,
    recurrence: Recurrence | null,
    cancelled: readonly number[],
  ): BookingSchedule | BookingRefusal {
    const minutes = (instantOf(end, timeZone) - instantOf(start, timeZone)) / MINUTE_MS;
    if (!(minutes > 0)) return bookingRefusal('invalid-duration', 'endsAt', 'endsAt must be after startsAt');
    const schedule: BookingSchedule = { timeZone, start, durationMinutes: minutes, recurrence, cancelledStarts: [] };
    // Meetings cancelled one by one stay cancelled while the schedule still has them.
    const starts = new Set(scheduledStarts(schedule));
    return { ...schedule, cancelledStarts: cancelled.filter((at) => starts.has(at)) };
  }

  function reminderRefusal(minutes: number | null): BookingRefusal | null {
    if (minutes === null || (Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_REMINDER_MINUTES)) return null;
    return bookingRefusal('invalid-window', 'reminderMinutes', `reminderMinutes must be 1 to ${MAX_REMINDER_MINUTES}`);
  }

  const context = (booking: BookingRecord, room: AdminConference, codes: BookingCodes) => noticeContext(booking, room, codes, deps);

  async function codesOf(booking: BookingRecord): Promise<BookingCodes> {
    const codes = await bookings.codesOf(booking.id);
    if (codes === null) throw new Error(`booking ${booking.id} has lost its codes`);
    return codes;
  }

  async function view(booking: BookingRecord): Promise<BookingView> {
    return { booking, deliveries: await deps.outbox.deliveriesOf(booking.id) };
  }

  return {
    async create(principal, input) {
      const room = await conferences.get(input.conferenceId);
      if (!room || !canSeeConference(principal, room)) throw notFound('conference');
      const now = clock.now();
      const host = await hostFacts(input.hostUserId ?? principal.userId);
      const schedule = orRefuse(scheduleOf(room.timeZone, input.startsAt, input.endsAt, input.recurrence, []));
      const window = {
        earlyEntryMinutes: input.earlyEntryMinutes ?? DEFAULT_CODE_WINDOW.earlyEntryMinutes,
        graceMinutes: input.graceMinutes ?? DEFAULT_CODE_WINDOW.graceMinutes,
      };
      const reminderMinutes = input.reminderMinutes ?? null;
      orRefuse(
        hostRefusal(room, booker(principal), host) ??
          scheduleRefusal(schedule, now, true) ??
          codeWindowRefusal(window) ??
          reminderRefusal(reminderMinutes) ??
          inviteesRefusal(input.invitees, await maxPeople(room)),
      );
      const record: BookingRecord = {
        id: deps.ids.next('bkg'),
        conferenceId: room.id,
        organisationId: room.organisationId,
        hostUserId: (host as { userId: string }).userId,
        title: input.title,
        schedule,
        window,
        reminderMinutes,
        invitees: input.invitees,
        sequence: 0,
        status: 'scheduled',
        createdByUserId: principal.userId,
        createdAt: now,
        updatedAt: now,
        cancelledAt: null,
      };
      for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
        const codes = { leader: generateCode(), participant: generateCode() };
        if (codes.leader === codes.participant) continue;
        const messages = messagesToEveryone('invitation', record, await context(record, room, codes));
        const stored = orRefuse(await bookings.create(record, codes, (others) => overlapRefusal(schedule, others, now), messages));
        if (stored === 'created') {
          mailQueued();
          return { view: await view(record), codes };
        }
      }
      throw new Error('could not generate unused booking codes');
    },

    get: async (principal, id) => view(await visible(principal, id)),

    async list(principal, filter, page) {
      const now = clock.now();
      const scope = await scopeOf(principal, filter.organisationId, undefined);
      const found = await seenBy(
        principal,
        await bookings.list({ ...scope, conferenceId: filter.conferenceId, hostUserId: filter.hostUserId, endsAfter: now }),
      );
      return { items: found.slice(page.offset, page.offset + page.limit), total: found.length, ...page };
    },

    async update(principal, id, patch) {
      const { booking: current, room } = await changeable(principal, id);
      const now = clock.now();
      const was = current.schedule;
      const start = patch.startsAt ?? was.start;
      const end = patch.endsAt ?? localDateTimeAt(instantOf(start, was.timeZone) + was.durationMinutes * MINUTE_MS, was.timeZone);
      const recurrence = patch.recurrence !== undefined ? patch.recurrence : was.recurrence;
      const schedule = orRefuse(scheduleOf(was.timeZone, start, end, recurrence, was.cancelledStarts));
      const moved = patch.startsAt !== undefined || patch.endsAt !== undefined || patch.recurrence !== undefined;
      const host = await hostFacts(patch.hostUserId ?? current.hostUserId);
      const next: BookingRecord = {
        ...current,
        title: patch.title ?? current.title,
        hostUserId: patch.hostUserId ?? current.hostUserId,
        schedule,
        window: {
          earlyEntryMinutes: patch.earlyEntryMinutes ?? current.window.earlyEntryMinutes,
          graceMinutes: patch.graceMinutes ?? current.window.graceMinutes,
        },
        reminderMinutes: patch.reminderMinutes !== undefined ? patch.reminderMinutes : current.reminderMinutes,
        invitees: patch.invitees ?? current.invitees,
        sequence: current.sequence + 1,
        updatedAt: now,
      };
      orRefuse(
        (patch.hostUserId !== undefined ? hostRefusal(room, booker(principal), host) : null) ??
          scheduleRefusal(schedule, now, moved) ??
          codeWindowRefusal(next.window) ??
          reminderRefusal(next.reminderMinutes) ??
          inviteesRefusal(next.invitees, await maxPeople(room)),
      );
      const messages = messagesOfChange(current, next, await context(next, room, await codesOf(current)));
      const outcome = orRefuse(await bookings.replace(next, current.sequence, (others) => overlapRefusal(schedule, others, now), messages));
      if (outcome === 'stale') throw new AdminError('conflict', 'the booking was changed meanwhile: read it again');
      mailQueued();
      return view(next);
    },

    async cancel(principal, id) {
      const { booking, room } = await changeable(principal, id);
      const now = clock.now();
      const cancelled: BookingRecord = {
        ...booking,
        status: 'cancelled',
        sequence: booking.sequence + 1,
        updatedAt: now,
        cancelledAt: now,
      };
      const messages = messagesToEveryone('cancellation', cancelled, await context(cancelled, room, await codesOf(booking)));
      if ((await bookings.cancel(id, booking.sequence, now, messages)) === 'stale') {
        throw new AdminError('conflict', 'the booking was changed meanwhile: read it again');
      }
      mailQueued();
    },

    async cancelOccurrence(principal, id, start) {
      const { booking, room } = await changeable(principal, id);
      const now = clock.now();
      orRefuse(occurrenceCancelRefusal(booking.schedule, start, now));
      const next: BookingRecord = {
        ...booking,
        schedule: { ...booking.schedule, cancelledStarts: [...booking.schedule.cancelledStarts, start] },
        sequence: booking.sequence + 1,
        updatedAt: now,
      };
      const messages = messagesToEveryone('update', next, await context(next, room, await codesOf(booking)));
      // Fewer meetings can never overlap more: nothing to check against the room's other bookings.
      if ((await bookings.replace(next, booking.sequence, () => null, messages)) === 'stale') {
        throw new AdminError('conflict', 'the booking was changed meanwhile: read it again');
      }
      mailQueued();
      return view(next);
    },

    async upcoming(principal, query) {
      const from = query.from ?? clock.now();
      const to = query.to ?? from + DEFAULT_UPCOMING_DAYS * DAY_MS;
      if (to <= from) throw new AdminError('invalid', 'to must be after from', 'to');
      if (to - from > MAX_UPCOMING_DAYS * DAY_MS) throw new AdminError('invalid', `at most ${MAX_UPCOMING_DAYS} days at a time`, 'to');
      const scope = await scopeOf(principal, query.organisationId, query.userId);
      const found = await bookings.list({ ...scope, conferenceId: query.conferenceId, endsAfter: from, startsBefore: to });
      const involved = scope.involving;
      const meetings = (await seenBy(principal, found))
        .flatMap((booking) =>
          occurrences(booking.schedule)
            .filter((meeting) => meeting.end > from && meeting.start < to)
            .map((meeting): UpcomingMeeting => ({
              bookingId: booking.id,
              conferenceId: booking.conferenceId,
              organisationId: booking.organisationId,
              title: booking.title,
              start: meeting.start,
              end: meeting.end,
              timeZone: booking.schedule.timeZone,
              hostUserId: booking.hostUserId,
              role: involved === undefined ? null : booking.hostUserId === involved.userId ? 'host' : 'invitee',
            })),
        )
        .sort((a, b) => a.start - b.start || a.bookingId.localeCompare(b.bookingId));
      return {
        items: meetings.slice(query.offset, query.offset + query.limit),
        total: meetings.length,
        limit: query.limit,
        offset: query.offset,
      };
    },
  };

  /**
   * Which bookings a list may draw from. A user: only those it takes part
   * in. An administrator: its organisations (or the one named), and with
   * `userId` those the (visible) user takes part in.
   */
  async function scopeOf(
    principal: Principal,
    organisationId: string | undefined,
    userId: string | undefined,
  ): Promise<Pick<BookingFilter, 'organisationIds' | 'involving'>> {
    const none = { organisationIds: new Set<string>() };
    if (!isAdministrator(principal)) {
      if (
        (userId !== undefined && userId !== principal.userId) ||
        (organisationId !== undefined && organisationId !== principal.organisationId)
      )
        return none;
      return { involving: { userId: principal.userId, email: await userEmail(principal) } };
    }
    const organisationIds =
      organisationId === undefined
        ? principal.visibleOrganisations === 'all'
          ? undefined
          : principal.visibleOrganisations
        : canSeeOrganisation(principal, organisationId)
          ? new Set([organisationId])
          : new Set<string>();
    if (userId === undefined) return { organisationIds };
    const user = await users.get(userId);
    if (!user || !canSeeOrganisation(principal, user.organisationId)) throw notFound('user');
    return { organisationIds, involving: { userId: user.id, email: user.email?.toLowerCase() ?? null } };
  }
}

/** The one translation of the booking rules' refusals into the app's error. */
function orRefuse<T>(outcome: T | BookingRefusal): T {
  if (isBookingRefusal(outcome)) {
    throw new AdminError(outcome.code === 'overlap' ? 'conflict' : 'invalid', outcome.message, outcome.field);
  }
  return outcome;
}
