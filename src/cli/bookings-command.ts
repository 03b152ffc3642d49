import { LOCAL_OPERATOR } from '../app/admin/roles';
import type { Invitee } from '../domain/booking/booking-rules';
import { weekdayOfDate, type Recurrence } from '../domain/booking/recurrence';
import { parseLocalDateTime, type LocalDateTime } from '../domain/booking/zoned-time';
import { isoInstant } from '../app/admin/admin-views';
import { loadCliConfig, withServices } from './cli-database';
import { type CliContext, commandGroup, UsageError } from './command-group';
import { parseOptions, requiredOption } from './parse-options';

const DAY_MS = 86_400_000;

export const bookingsCommand = commandGroup(
  [
    'bookings create --conference ID --title T --start YYYY-MM-DDTHH:MM --end YYYY-MM-DDTHH:MM --host USER ' +
      '[--invitee "email,name[,nb|en[,time zone]]"]... [--repeat weekly|monthly [--count N | --until YYYY-MM-DD]] [--reminder-minutes N]',
    'bookings upcoming [--organisation ID] [--user ID] [--days N]',
    'bookings cancel --id BOOKING',
  ],
  { create: createBooking, upcoming: listUpcoming, cancel: cancelBooking },
  'command',
  {
    conferenceId: '--conference',
    hostUserId: '--host',
    startsAt: '--start',
    endsAt: '--end',
    invitees: '--invitee',
    recurrence: '--repeat',
  },
);

/** Prints the booking with its codes: the only time they are shown here (the e-mails carry them too). */
async function createBooking(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, {
    conference: { type: 'string' },
    title: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    host: { type: 'string' },
    invitee: { type: 'string', multiple: true },
    repeat: { type: 'string' },
    count: { type: 'string' },
    until: { type: 'string' },
    'reminder-minutes': { type: 'string' },
  });
  const startsAt = localTime('--start', requiredOption('--start', options.start));
  const input = {
    conferenceId: requiredOption('--conference', options.conference),
    title: requiredOption('--title', options.title?.trim()),
    startsAt,
    endsAt: localTime('--end', requiredOption('--end', options.end)),
    hostUserId: requiredOption('--host', options.host),
    recurrence: recurrence(options.repeat, options.count, options.until, startsAt),
    reminderMinutes: options['reminder-minutes'] === undefined ? null : wholeNumber('--reminder-minutes', options['reminder-minutes']),
  };
  const config = loadCliConfig(context.env);
  const created = await withServices(context, config, { hashesCodes: true }, async ({ admin }) => {
    const room = await admin.conferences.get(LOCAL_OPERATOR, input.conferenceId);
    const invitees = (options.invitee ?? []).map((text) => invitee(text, room.timeZone));
    return admin.bookings.create(LOCAL_OPERATOR, { ...input, invitees });
  });
  const { booking } = created.view;
  context.out(
    JSON.stringify({ id: booking.id, title: booking.title, codes: created.codes, emailsQueued: created.view.deliveries.length }, null, 2),
  );
}

async function listUpcoming(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { organisation: { type: 'string' }, user: { type: 'string' }, days: { type: 'string' } });
  const days = options.days === undefined ? 30 : wholeNumber('--days', options.days);
  const config = loadCliConfig(context.env);
  const page = await withServices(context, config, { hashesCodes: false }, ({ admin }) =>
    admin.bookings.upcoming(LOCAL_OPERATOR, {
      organisationId: options.organisation,
      userId: options.user,
      to: context.now() + days * DAY_MS,
      limit: 10_000,
      offset: 0,
    }),
  );
  context.out(
    JSON.stringify(
      page.items.map((meeting) => ({ ...meeting, start: isoInstant(meeting.start), end: isoInstant(meeting.end) })),
      null,
      2,
    ),
  );
}

async function cancelBooking(args: string[], context: CliContext): Promise<void> {
  const options = parseOptions(args, { id: { type: 'string' } });
  const id = requiredOption('--id', options.id);
  const config = loadCliConfig(context.env);
  await withServices(context, config, { hashesCodes: true }, ({ admin }) => admin.bookings.cancel(LOCAL_OPERATOR, id));
  context.out(`cancelled ${id}; the cancellations are queued for the bridge's mail worker`);
}

function localTime(option: string, text: string): LocalDateTime {
  const time = parseLocalDateTime(text);
  if (time === null) throw new UsageError(`${option} must be YYYY-MM-DDTHH:MM`);
  return time;
}

function wholeNumber(option: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${option} must be a whole number`);
  return Number(text);
}

function recurrence(
  repeat: string | undefined,
  count: string | undefined,
  until: string | undefined,
  start: LocalDateTime,
): Recurrence | null {
  if (repeat === undefined) {
    if (count !== undefined || until !== undefined) throw new UsageError('--count and --until need --repeat');
    return null;
  }
  const ends =
    count !== undefined
      ? { kind: 'count' as const, count: wholeNumber('--count', count) }
      : until !== undefined
        ? { kind: 'until' as const, date: until }
        : { kind: 'horizon' as const };
  switch (repeat) {
    case 'weekly':
      return { frequency: 'weekly', interval: 1, weekdays: [weekdayOfDate(start)], ends };
    case 'monthly':
      return { frequency: 'monthly', interval: 1, on: { kind: 'month-day', day: start.day }, ends };
    default:
      throw new UsageError('--repeat must be weekly or monthly');
  }
}

function invitee(text: string, roomTimeZone: string): Invitee {
  const [email, name, language = 'nb', timeZone = roomTimeZone] = text.split(',').map((part) => part.trim());
  if (!email?.includes('@') || !name) throw new UsageError('--invitee must be "email,name[,nb|en[,time zone]]"');
  if (language !== 'nb' && language !== 'en') throw new UsageError('--invitee language must be nb or en');
  return { email, name, language, timeZone };
}
