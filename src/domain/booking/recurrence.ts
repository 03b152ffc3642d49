import rrule from 'rrule';
import { assertNever } from '../assert-never';
import { floatingMs, type LocalDateTime } from './zoned-time';

// rrule ships CommonJS for Node: its classes come from the default export.
const { RRule } = rrule;
type RRuleOptions = ConstructorParameters<typeof rrule.RRule>[0];

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Which week of the month a monthly meeting is in: the first to the fourth, or the last. */
export const WEEK_ORDINALS = [1, 2, 3, 4, -1] as const;
export type WeekOrdinal = (typeof WEEK_ORDINALS)[number];

/** How a series ends: after so many meetings, on a local date (inclusive), or at the horizon. */
export type SeriesEnd = { kind: 'count'; count: number } | { kind: 'until'; date: string } | { kind: 'horizon' };

/**
 * A weekly or monthly recurrence with RFC 5545 RRULE semantics (FREQ,
 * INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL), expanded in the booking's
 * wall-clock time, so a 09:00 meeting stays at 09:00 across DST.
 * - weekly: every `interval` weeks on `weekdays`;
 * - monthly on a day: every `interval` months on day `day` (a month without
 *   that day, such as 31 in April, has no meeting: RFC 5545 skips it);
 * - monthly on a weekday: the first to fourth or last `weekday` of the month.
 */
export type Recurrence =
  | { frequency: 'weekly'; interval: number; weekdays: readonly Weekday[]; ends: SeriesEnd }
  | { frequency: 'monthly'; interval: number; on: MonthlyOn; ends: SeriesEnd };

export type MonthlyOn = { kind: 'month-day'; day: number } | { kind: 'weekday'; weekday: Weekday; ordinal: WeekOrdinal };

/**
 * How far a series may reach: its last meeting starts at most this long after
 * its first. A series without an end runs to it; one asked to go further is
 * refused. Overlaps are checked over the whole series, so within this horizon
 * nothing is left unchecked.
 */
export const SERIES_HORIZON_DAYS = 730;
const DAY_MS = 86_400_000;

/** At most this many meetings in one series (a weekly series on every weekday for two years is 522). */
export const MAX_OCCURRENCES = 800;

/** FREQ, INTERVAL and BYDAY or BYMONTHDAY of the recurrence, as rrule options. */
function patternOptions(recurrence: Recurrence): Partial<RRuleOptions> {
  switch (recurrence.frequency) {
    case 'weekly':
      return { freq: RRule.WEEKLY, interval: recurrence.interval, byweekday: recurrence.weekdays.map(weekdayOf), wkst: RRule.MO };
    case 'monthly': {
      const on = recurrence.on;
      const by = on.kind === 'month-day' ? { bymonthday: [on.day] } : { byweekday: [weekdayOf(on.weekday).nth(on.ordinal)] };
      return { freq: RRule.MONTHLY, interval: recurrence.interval, ...by };
    }
    default:
      return assertNever(recurrence);
  }
}

/** The recurrence as rrule options, in floating wall-clock time from `firstStart`, clamped to the horizon. */
function ruleOptions(recurrence: Recurrence, firstStart: LocalDateTime): Partial<RRuleOptions> {
  const dtstart = new Date(floatingMs(firstStart));
  const horizon = new Date(floatingMs(firstStart) + SERIES_HORIZON_DAYS * DAY_MS);
  const ends = recurrence.ends;
  const bounds =
    ends.kind === 'count'
      ? { count: ends.count, until: horizon }
      : { until: ends.kind === 'until' ? untilOf(ends.date, horizon) : horizon };
  return { ...patternOptions(recurrence), dtstart, ...bounds };
}

function untilOf(date: string, horizon: Date): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const endOfDay = new Date(Date.UTC(year, month - 1, day, 23, 59, 59));
  return endOfDay < horizon ? endOfDay : horizon;
}

function weekdayOf(weekday: Weekday) {
  return [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU][WEEKDAYS.indexOf(weekday)] as typeof RRule.MO;
}

/** The weekday of a wall-clock date. */
export function weekdayOfDate(time: LocalDateTime): Weekday {
  // getUTCDay: 0 = Sunday.
  return WEEKDAYS[(new Date(floatingMs(time)).getUTCDay() + 6) % 7] as Weekday;
}

/** Every start of the series, as floating wall-clock ms (the first is `firstStart` itself when it fits the rule). */
export function floatingStarts(recurrence: Recurrence, firstStart: LocalDateTime): number[] {
  return new RRule(ruleOptions(recurrence, firstStart)).all((_, index) => index < MAX_OCCURRENCES + 1).map((date) => date.getTime());
}

/** Why the recurrence cannot be, or null. */
export function recurrenceProblem(recurrence: Recurrence, firstStart: LocalDateTime): { field: string; message: string } | null {
  const maxInterval = recurrence.frequency === 'weekly' ? 52 : 12;
  if (!Number.isInteger(recurrence.interval) || recurrence.interval < 1 || recurrence.interval > maxInterval) {
    return { field: 'recurrence.interval', message: `recurrence.interval must be 1 to ${maxInterval}` };
  }
  if (recurrence.frequency === 'weekly' && recurrence.weekdays.length === 0) {
    return { field: 'recurrence.weekdays', message: 'a weekly recurrence needs at least one weekday' };
  }
  const ends = recurrence.ends;
  const horizon = floatingMs(firstStart) + SERIES_HORIZON_DAYS * DAY_MS;
  if (ends.kind === 'until') {
    const [year, month, day] = ends.date.split('-').map(Number) as [number, number, number];
    if (Date.UTC(year, month - 1, day, 23, 59, 59) < floatingMs(firstStart)) {
      return { field: 'recurrence.until', message: 'recurrence.until must not be before the first meeting' };
    }
    if (Date.UTC(year, month - 1, day) > horizon) {
      return { field: 'recurrence.until', message: `a series may run at most ${SERIES_HORIZON_DAYS} days` };
    }
  }
  const starts = floatingStarts(recurrence, firstStart);
  if (starts[0] !== floatingMs(firstStart)) {
    // RFC 5545 leaves a DTSTART outside its own rule undefined; calendars disagree on it.
    return { field: 'startsAt', message: 'the first meeting must fall on a day of the recurrence' };
  }
  if (starts.length > MAX_OCCURRENCES) return { field: 'recurrence', message: `a series may have at most ${MAX_OCCURRENCES} meetings` };
  if (ends.kind === 'count' && starts.length < ends.count) {
    return { field: 'recurrence.count', message: `a series may run at most ${SERIES_HORIZON_DAYS} days` };
  }
  return null;
}

/**
 * The recurrence as an RRULE value for a calendar file or the API, e.g.
 * `FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;WKST=MO;COUNT=10`: COUNT when it ends after
 * so many meetings, otherwise UNTIL at the last meeting's start in UTC (RFC
 * 5545 wants UTC there when DTSTART has a time zone).
 */
export function rruleText(recurrence: Recurrence, lastStart: number): string {
  const ends = recurrence.ends.kind === 'count' ? { count: recurrence.ends.count } : { until: new Date(lastStart) };
  return RRule.optionsToString({ ...patternOptions(recurrence), ...ends }).replace(/^RRULE:/, '');
}

/** The parts of the recurrence's RRULE, for a calendar library that builds the line itself. */
export interface RRuleParts {
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  byDay: Weekday[];
  byMonthDay: number | null;
  /** BYSETPOS: which of the month's weekdays (BYDAY=TU;BYSETPOS=2 is the second Tuesday). */
  bySetPos: number | null;
  count: number | null;
  /** Instant of the last meeting's start, when the series does not end after a count. */
  until: number | null;
}

export function rruleParts(recurrence: Recurrence, lastStart: number): RRuleParts {
  const ends = recurrence.ends.kind === 'count' ? { count: recurrence.ends.count, until: null } : { count: null, until: lastStart };
  switch (recurrence.frequency) {
    case 'weekly':
      return { freq: 'WEEKLY', interval: recurrence.interval, byDay: [...recurrence.weekdays], byMonthDay: null, bySetPos: null, ...ends };
    case 'monthly': {
      const on = recurrence.on;
      return on.kind === 'month-day'
        ? { freq: 'MONTHLY', interval: recurrence.interval, byDay: [], byMonthDay: on.day, bySetPos: null, ...ends }
        : { freq: 'MONTHLY', interval: recurrence.interval, byDay: [on.weekday], byMonthDay: null, bySetPos: on.ordinal, ...ends };
    }
    default:
      return assertNever(recurrence);
  }
}
