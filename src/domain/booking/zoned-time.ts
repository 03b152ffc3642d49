import { exactOffset } from '../billing/calendar';

const DAY_MS = 86_400_000;

/** A wall-clock time to the minute, in some time zone: what a person types as "10 March 2026 at 09:00". */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** `YYYY-MM-DDTHH:MM` of a real calendar date and time, else null. */
export function parseLocalDateTime(text: string): LocalDateTime | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute));
  const real =
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day &&
    probe.getUTCHours() === hour &&
    probe.getUTCMinutes() === minute;
  return real ? { year, month, day, hour, minute } : null;
}

export function formatLocalDateTime(time: LocalDateTime): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${time.year}-${pad(time.month)}-${pad(time.day)}T${pad(time.hour)}:${pad(time.minute)}`;
}

/** The wall clock as if it were UTC: the "floating" time recurrence rules are expanded in. */
export function floatingMs(time: LocalDateTime): number {
  return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute);
}

export function fromFloatingMs(ms: number): LocalDateTime {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
  };
}

/** The instants at which the zone's clocks show `time`: none in a spring gap, two in the repeated autumn hour. */
function instantsShowing(time: LocalDateTime, timeZone: string): { valid: number[]; candidates: number[] } {
  const offsetAt = exactOffset(timeZone);
  const wall = floatingMs(time);
  // A zone's offset changes at most once in any two days, so these are all the candidates.
  const offsets = new Set([offsetAt(wall - DAY_MS), offsetAt(wall), offsetAt(wall + DAY_MS)]);
  const candidates = [...offsets].map((offset) => wall - offset);
  return { valid: candidates.filter((instant) => offsetAt(instant) === wall - instant), candidates };
}

/** Whether the clocks of the zone ever show `time` (a spring DST gap skips an hour). */
export function existsInZone(time: LocalDateTime, timeZone: string): boolean {
  return instantsShowing(time, timeZone).valid.length > 0;
}

/**
 * The instant of a wall-clock time in the zone. In the repeated autumn hour
 * the first one counts; a time skipped by the spring change is taken with
 * the offset before the gap, so 02:30 becomes 03:30 summer time (RFC 5545
 * §3.3.5 reads such a time the same way).
 */
export function instantOf(time: LocalDateTime, timeZone: string): number {
  const { valid, candidates } = instantsShowing(time, timeZone);
  return valid.length > 0 ? Math.min(...valid) : Math.max(...candidates);
}

/** What the zone's clocks show at an instant, to the minute. */
export function localDateTimeAt(instant: number, timeZone: string): LocalDateTime {
  return fromFloatingMs(instant + exactOffset(timeZone)(instant));
}
