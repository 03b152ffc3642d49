import { describe, expect, it } from 'vitest';
import { codesValidAt, overlapRefusal, remindersDue, scheduleRefusal } from '../../src/domain/booking/booking-rules';
import { occurrences, type BookingSchedule } from '../../src/domain/booking/booking-schedule';
import { dialLink } from '../../src/domain/booking/dial-link';
import type { Recurrence } from '../../src/domain/booking/recurrence';
import { parseLocalDateTime } from '../../src/domain/booking/zoned-time';

const MINUTE = 60_000;

function schedule(
  start: string,
  durationMinutes: number,
  recurrence: Recurrence | null = null,
  cancelledStarts: number[] = [],
): BookingSchedule {
  const local = parseLocalDateTime(start);
  if (!local) throw new Error(`bad time ${start}`);
  return { timeZone: 'Europe/Oslo', start: local, durationMinutes, recurrence, cancelledStarts };
}

const iso = (instants: number[]) => instants.map((instant) => new Date(instant).toISOString());

describe('recurrence, in the room’s wall-clock time', () => {
  it('a weekly 09:00 stays at 09:00 across the change to summer time', () => {
    const weekly = schedule('2026-03-24T09:00', 60, {
      frequency: 'weekly',
      interval: 1,
      weekdays: ['TU'],
      ends: { kind: 'count', count: 3 },
    });
    expect(iso(occurrences(weekly).map((meeting) => meeting.start))).toEqual([
      '2026-03-24T08:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
      '2026-04-07T07:00:00.000Z',
    ]);
  });

  it('monthly on the 31st skips the months without one (RFC 5545), and the last Friday is the last Friday', () => {
    const day31 = schedule('2026-01-31T10:00', 30, {
      frequency: 'monthly',
      interval: 1,
      on: { kind: 'month-day', day: 31 },
      ends: { kind: 'count', count: 3 },
    });
    expect(iso(occurrences(day31).map((meeting) => meeting.start))).toEqual([
      '2026-01-31T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
      '2026-05-31T08:00:00.000Z',
    ]);
    const lastFriday = schedule('2026-01-30T10:00', 30, {
      frequency: 'monthly',
      interval: 1,
      on: { kind: 'weekday', weekday: 'FR', ordinal: -1 },
      ends: { kind: 'until', date: '2026-03-31' },
    });
    expect(iso(occurrences(lastFriday).map((meeting) => meeting.start))).toEqual([
      '2026-01-30T09:00:00.000Z',
      '2026-02-27T09:00:00.000Z',
      '2026-03-27T09:00:00.000Z',
    ]);
  });

  it('a series without an end runs two years, and a cancelled meeting is left out', () => {
    const open = schedule('2026-01-05T09:00', 60, { frequency: 'weekly', interval: 2, weekdays: ['MO'], ends: { kind: 'horizon' } });
    const all = occurrences(open);
    expect(all).toHaveLength(53);
    const second = all[1]!.start;
    expect(occurrences({ ...open, cancelledStarts: [second] }).map((meeting) => meeting.start)).not.toContain(second);
  });

  it('refuses a first meeting off its rule, one in the past and a length out of range', () => {
    const at = Date.parse('2026-01-01T00:00:00Z');
    expect(
      scheduleRefusal(
        schedule('2026-01-06T09:00', 60, { frequency: 'weekly', interval: 1, weekdays: ['MO'], ends: { kind: 'horizon' } }),
        at,
        true,
      )?.code,
    ).toBe('invalid-recurrence');
    expect(scheduleRefusal(schedule('2025-12-01T09:00', 60), at, true)?.code).toBe('in-the-past');
    expect(scheduleRefusal(schedule('2026-02-01T09:00', 2), at, true)?.code).toBe('invalid-duration');
    expect(scheduleRefusal(schedule('2026-02-01T09:00', 60), at, true)).toBeNull();
  });
});

describe('overlaps on one room', () => {
  const at = Date.parse('2026-01-01T00:00:00Z');
  const weekly = schedule('2026-01-06T09:00', 60, {
    frequency: 'weekly',
    interval: 1,
    weekdays: ['TU'],
    ends: { kind: 'count', count: 10 },
  });

  it('a meeting that shares a minute with any meeting of a series is refused; back to back is not', () => {
    expect(overlapRefusal(schedule('2026-02-10T09:59', 30), [{ title: 'Weekly', schedule: weekly }], at)?.message).toBe(
      'the room is booked then: "Weekly" at 2026-02-10 09:00',
    );
    expect(overlapRefusal(schedule('2026-02-10T10:00', 30), [{ title: 'Weekly', schedule: weekly }], at)).toBeNull();
    expect(overlapRefusal(schedule('2026-02-10T08:30', 30), [{ title: 'Weekly', schedule: weekly }], at)).toBeNull();
  });

  it('a monthly series that meets the weekly one months later is refused', () => {
    const monthly = schedule('2026-01-20T09:30', 15, {
      frequency: 'monthly',
      interval: 3,
      on: { kind: 'month-day', day: 20 },
      ends: { kind: 'horizon' },
    });
    // 20 January 2026 is a Tuesday: the first meeting clashes already.
    expect(overlapRefusal(monthly, [{ title: 'Weekly', schedule: weekly }], at)?.code).toBe('overlap');
    expect(
      overlapRefusal(monthly, [{ title: 'Weekly', schedule: { ...weekly, cancelledStarts: [Date.parse('2026-01-20T08:00:00Z')] } }], at),
    ).toBeNull();
  });
});

describe('the window of a booking’s codes', () => {
  const meeting = schedule('2026-03-03T09:00', 60);
  const window = { earlyEntryMinutes: 15, graceMinutes: 10 };
  const start = Date.parse('2026-03-03T08:00:00Z');

  it('opens 15 minutes before the start and closes the grace period after the end', () => {
    expect(codesValidAt(meeting, window, start - 15 * MINUTE - 1)).toBe(false);
    expect(codesValidAt(meeting, window, start - 15 * MINUTE)).toBe(true);
    expect(codesValidAt(meeting, window, start + 70 * MINUTE - 1)).toBe(true);
    expect(codesValidAt(meeting, window, start + 70 * MINUTE)).toBe(false);
  });

  it('the host reminder is due from its lead until the start', () => {
    expect(remindersDue(meeting, 30, start - 31 * MINUTE)).toEqual([]);
    expect(remindersDue(meeting, 30, start - 30 * MINUTE)).toHaveLength(1);
    expect(remindersDue(meeting, 30, start)).toEqual([]);
  });
});

describe('the one-tap dial link', () => {
  it('is a tel: URI with the number in international form, two pauses, the code and an escaped #', () => {
    expect(dialLink('+47 22 22 22 22', '12345678')).toBe('tel:+4722222222,,12345678%23');
  });
});
