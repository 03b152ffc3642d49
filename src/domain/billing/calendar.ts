/**
 * Calendar periods in a configured IANA time zone (default Europe/Oslo), with
 * instants stored in UTC. Uses only `Intl` for the zone's offsets, so a day is
 * 23 or 25 hours long across the DST changes, exactly as the wall clock says.
 *
 * Period rule: a period `from`..`to` (local dates, both inclusive) is the
 * half-open interval [start of `from`, start of the day after `to`) in the
 * zone. A leg belongs to the period in which its meeting started, so a
 * meeting is on one report, whole, even if it runs past midnight or the month
 * end (its legs' tariffs are still those in force when each leg entered).
 * An adjustment belongs to the period containing its effective instant.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface Period {
  from: LocalDate;
  /** Inclusive. */
  to: LocalDate;
  timeZone: string;
  /** First instant of the period (UTC ms). */
  startsAt: number;
  /** First instant after the period (UTC ms). */
  endsAt: number;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DD` of a real calendar date, else null. */
export function parseLocalDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const probe = new Date(Date.UTC(date.year, date.month - 1, date.day));
  const real = probe.getUTCFullYear() === date.year && probe.getUTCMonth() === date.month - 1 && probe.getUTCDate() === date.day;
  return real ? date : null;
}

export function formatLocalDate(date: LocalDate): string {
  return `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The same day `months` later, or the month's last day when it is shorter (31 January + 1 month = 28 or 29 February). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const monthIndex = date.month - 1 + months;
  const year = date.year + Math.floor(monthIndex / 12);
  const month = monthIndex - Math.floor(monthIndex / 12) * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The local date in `timeZone` at an instant. */
export function localDayOf(instant: number, timeZone: string): LocalDate {
  const local = new Date(instant + exactOffset(timeZone)(instant));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** The period of local dates `from`..`to` (inclusive) in `timeZone`. */
export function localPeriod(from: LocalDate, to: LocalDate, timeZone: string): Period {
  if (compareLocalDates(from, to) > 0) throw new RangeError('a period cannot end before it starts');
  return {
    from,
    to,
    timeZone,
    startsAt: startOfLocalDay(from, timeZone),
    endsAt: startOfLocalDay(addDays(to, 1), timeZone),
  };
}

/** The calendar month `year`-`month` in `timeZone`. */
export function monthPeriod(year: number, month: number, timeZone: string): Period {
  return localPeriod({ year, month, day: 1 }, { year, month, day: daysInMonth(year, month) }, timeZone);
}

/**
 * The first instant of a local date. Where midnight happens twice the first
 * one counts; where the clock jumps over midnight the day starts at the jump.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const offsetAt = exactOffset(timeZone);
  const wallClock = Date.UTC(date.year, date.month - 1, date.day);
  // A zone's offset changes at most once in any two days, so these are all candidates.
  const offsets = new Set([offsetAt(wallClock - DAY_MS), offsetAt(wallClock), offsetAt(wallClock + DAY_MS)]);
  const candidates = [...offsets].map((offset) => wallClock - offset);
  const valid = candidates.filter((instant) => offsetAt(instant) === wallClock - instant);
  return valid.length > 0 ? Math.min(...valid) : Math.max(...candidates);
}

/**
 * One formatter per zone, made once: making an `Intl.DateTimeFormat` costs
 * far more than using it (about 0.2 ms, against microseconds), and a code
 * lookup asks for the local day of the owner's licence on every call. The
 * formatters are immutable, so sharing them changes no result.
 */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    // Made only after Intl accepted the zone: a bad zone throws above and is never kept.
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC (ms, east positive) at an instant, straight from Intl. */
export function exactOffset(timeZone: string): (instant: number) => number {
  const format = wallClockFormat(timeZone);
  return (instant) => {
    const whole = Math.floor(instant / 1000) * 1000;
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(whole)) fields[part.type] = Number(part.value);
    const wallClock = Date.UTC(
      fields.year ?? 0,
      (fields.month ?? 1) - 1,
      fields.day ?? 1,
      fields.hour ?? 0,
      fields.minute ?? 0,
      fields.second ?? 0,
    );
    return wallClock - whole;
  };
}

/**
 * A fast offset lookup for formatting millions of instants: one Intl call per
 * hour (per minute only in the hour of a change), memoised. Relies on offset
 * changes falling on whole minutes, as they do in every zone since 1970.
 */
function cachedOffset(timeZone: string): (instant: number) => number {
  const exact = exactOffset(timeZone);
  const byHour = new Map<number, number | null>();
  const byMinute = new Map<number, number | null>();
  const uniformOffset = (start: number, length: number): number | null => {
    const first = exact(start);
    return first === exact(start + length - 1000) ? first : null;
  };
  return (instant) => {
    const hour = Math.floor(instant / HOUR_MS);
    let offset = byHour.get(hour);
    if (offset === undefined) {
      offset = uniformOffset(hour * HOUR_MS, HOUR_MS);
      byHour.set(hour, offset);
    }
    if (offset !== null) return offset;
    const minute = Math.floor(instant / MINUTE_MS);
    let minuteOffset = byMinute.get(minute);
    if (minuteOffset === undefined) {
      minuteOffset = uniformOffset(minute * MINUTE_MS, MINUTE_MS);
      byMinute.set(minute, minuteOffset);
    }
    return minuteOffset ?? exact(instant);
  };
}

/**
 * Formats instants as local ISO 8601 with the offset, e.g.
 * `2025-10-26T02:30:00+01:00`: unambiguous even in the repeated autumn hour.
 */
export function localInstantFormatter(timeZone: string): (instant: number) => string {
  const offsetAt = cachedOffset(timeZone);
  const offsetTexts = new Map<number, string>();
  const dayTexts = new Map<number, string>();
  return (instant) => {
    const offset = offsetAt(instant);
    let offsetText = offsetTexts.get(offset);
    if (offsetText === undefined) {
      offsetText = formatOffset(offset);
      offsetTexts.set(offset, offsetText);
    }
    const local = instant + offset;
    const day = Math.floor(local / DAY_MS);
    let dayText = dayTexts.get(day);
    if (dayText === undefined) {
      dayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
      dayTexts.set(day, dayText);
    }
    const second = Math.floor((local - day * DAY_MS) / 1000);
    const minute = Math.floor(second / 60);
    return `${dayText}${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}:${pad2(second % 60)}${offsetText}`;
  };
}

function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offsetMs) / MINUTE_MS);
  return `${sign}${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => (value < 10 ? `0${value}` : String(value)));

function pad2(value: number): string {
  return TWO_DIGITS[value] ?? String(value);
}
