import { floatingStarts, type Recurrence } from './recurrence';
import { fromFloatingMs, instantOf, type LocalDateTime } from './zoned-time';

const MINUTE_MS = 60_000;

/** When a booking's meetings are: the first one's wall-clock start in the zone, how long each is, and how it repeats. */
export interface BookingSchedule {
  timeZone: string;
  start: LocalDateTime;
  durationMinutes: number;
  recurrence: Recurrence | null;
  /** Starts (as the recurrence gives them) of meetings cancelled one by one. */
  cancelledStarts: readonly number[];
}

/** One meeting of a booking, as instants: [start, end). */
export interface Occurrence {
  start: number;
  end: number;
}

/**
 * Every meeting of the booking, in order, cancelled ones left out. A
 * recurring meeting keeps its wall-clock time in the zone (09:00 stays 09:00
 * across DST); its end is its start plus the duration.
 */
export function occurrences(schedule: BookingSchedule): Occurrence[] {
  return scheduledStarts(schedule)
    .filter((start) => !schedule.cancelledStarts.includes(start))
    .map((start) => ({ start, end: start + schedule.durationMinutes * MINUTE_MS }));
}

/** Every start the schedule gives, cancelled ones included: the meetings' identities (RECURRENCE-ID). */
export function scheduledStarts(schedule: BookingSchedule): number[] {
  if (schedule.recurrence === null) return [instantOf(schedule.start, schedule.timeZone)];
  return floatingStarts(schedule.recurrence, schedule.start).map((floating) => instantOf(fromFloatingMs(floating), schedule.timeZone));
}

/** The first and the last meeting's bounds (cancelled ones included, so a series keeps its span). */
export function scheduleSpan(schedule: BookingSchedule): { firstStart: number; lastStart: number; lastEnd: number } {
  const starts = scheduledStarts(schedule);
  const firstStart = starts[0] ?? instantOf(schedule.start, schedule.timeZone);
  const lastStart = starts.at(-1) ?? firstStart;
  return { firstStart, lastStart, lastEnd: lastStart + schedule.durationMinutes * MINUTE_MS };
}

/** The meetings that end after `at`, in order. */
export function upcomingOccurrences(schedule: BookingSchedule, at: number): Occurrence[] {
  return occurrences(schedule).filter((occurrence) => occurrence.end > at);
}
