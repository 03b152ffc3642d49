import type { BookingSchedule } from '../../domain/booking/booking-schedule';
import type { Recurrence } from '../../domain/booking/recurrence';
import { parseLocalDateTime } from '../../domain/booking/zoned-time';

/** The columns of `bookings` that say when its meetings are. */
export interface ScheduleColumns {
  time_zone: string;
  starts_local: string;
  duration_minutes: number;
  recurrence: string | null;
}

/** The schedule a booking row stores (the recurrence is the domain's JSON). */
export function scheduleOfRow(row: ScheduleColumns, cancelledStarts: number[]): BookingSchedule {
  const start = parseLocalDateTime(row.starts_local);
  if (start === null) throw new Error(`bad starts_local in bookings: ${row.starts_local}`);
  return {
    timeZone: row.time_zone,
    start,
    durationMinutes: row.duration_minutes,
    recurrence: row.recurrence === null ? null : (JSON.parse(row.recurrence) as Recurrence),
    cancelledStarts,
  };
}
