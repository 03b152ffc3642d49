import { describe, expect, it } from 'vitest';
import { startOfLocalDay, type LocalDate } from '../../src/domain/billing/calendar';
import { dayPrices, roomFees } from '../../src/domain/billing/room-fee';
import { newRoomPriceRefusal, type RoomPrice } from '../../src/domain/billing/room-prices';
import { instantOf } from '../../src/domain/booking/zoned-time';
import {
  BINDING_MONTHS,
  bindingEndsOn,
  deletionRefusal,
  typeChangeRefusal,
  type RoomSubscription,
  type RoomTypeChange,
} from '../../src/domain/provisioning/room-subscription';
import type { RoomType } from '../../src/domain/room-types';

const OSLO = 'Europe/Oslo';

/** An instant by Oslo's wall clock: `2025-03-15 10:00`. */
function oslo(text: string): number {
  const [date = '', time = '00:00'] = text.split(' ');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return instantOf({ year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0 }, OSLO);
}

function day(text: string): LocalDate {
  const [year = 0, month = 0, dayOfMonth = 0] = text.split('-').map(Number);
  return { year, month, day: dayOfMonth };
}

function room(
  created: string,
  roomType: RoomType,
  changes: Array<[string, RoomType]> = [],
  deleted: string | null = null,
): RoomSubscription {
  const types: RoomTypeChange[] = [{ roomType, at: oslo(created) }, ...changes.map(([at, type]) => ({ roomType: type, at: oslo(at) }))];
  return { startedAt: oslo(created), bindingMonths: BINDING_MONTHS, types, endedAt: deleted === null ? null : oslo(deleted) };
}

/** NHN's price list from the beginning of time (sql/0012), and any later prices given. */
function prices(...later: Array<[RoomType, string, number]>): RoomPrice[] {
  const nhn: Array<[RoomType, number]> = [
    ['sensitive', 5000],
    ['personal', 7000],
    ['small-administrative', 10000],
    ['large-administrative', 20000],
    ['small-auditorium', 35000],
    ['large-auditorium', 50000],
  ];
  return [
    ...nhn.map(([roomType, priceOrePerMonth]) => ({ id: `nhn-${roomType}`, roomType, effectiveFrom: 0, priceOrePerMonth })),
    ...later.map(([roomType, from, priceOrePerMonth]) => ({
      id: `${roomType}-${from}`,
      roomType,
      effectiveFrom: startOfLocalDay(day(from), OSLO),
      priceOrePerMonth,
    })),
  ];
}

/** The fee lines of a period, in short: [type, from, to, days, øre]. */
function fees(subscription: RoomSubscription, from: string, to: string, priceList: RoomPrice[] = prices()) {
  return roomFees(subscription, dayPrices(priceList, OSLO), day(from), day(to), OSLO).map((fee) => [
    fee.roomType,
    `${fee.from.year}-${String(fee.from.month).padStart(2, '0')}-${String(fee.from.day).padStart(2, '0')}`,
    `${fee.to.year}-${String(fee.to.month).padStart(2, '0')}-${String(fee.to.day).padStart(2, '0')}`,
    fee.days,
    fee.amountOre,
  ]);
}

describe("a room's binding (NHN: upgrade any time, no downgrade or cancelling before a year has passed)", () => {
  it('ends twelve months after the local day the room was created, at the month end when that day is missing', () => {
    expect(bindingEndsOn(room('2025-03-15 10:00', 'personal'), OSLO)).toEqual(day('2026-03-15'));
    expect(bindingEndsOn(room('2025-01-31 12:00', 'personal'), OSLO)).toEqual(day('2026-01-31'));
    expect(bindingEndsOn(room('2024-02-29 12:00', 'personal'), OSLO)).toEqual(day('2025-02-28'));
    // 00:15 in Oslo on 31 March is still 30 March in UTC: the day is Oslo's.
    expect(bindingEndsOn(room('2025-03-31 00:15', 'personal'), OSLO)).toEqual(day('2026-03-31'));
  });

  it('refuses a downgrade until that day, with the reason and the day it is allowed from', () => {
    const subscription = room('2025-03-15 10:00', 'large-administrative');
    const refused = typeChangeRefusal(subscription, 'large-administrative', 'personal', oslo('2026-03-14 23:59'), OSLO);
    expect(refused).toEqual({
      kind: 'refused',
      code: 'bound',
      field: 'roomType',
      message:
        'the room is bound for 12 months from 2025-03-15: a downgrade from large-administrative to personal is allowed from 2026-03-15',
    });
    expect(typeChangeRefusal(subscription, 'large-administrative', 'personal', oslo('2026-03-15 00:00'), OSLO)).toBeNull();
  });

  it('allows an upgrade, or keeping the type, at any time', () => {
    const subscription = room('2025-03-15 10:00', 'sensitive');
    expect(typeChangeRefusal(subscription, 'sensitive', 'personal', oslo('2025-03-15 10:05'), OSLO)).toBeNull();
    expect(typeChangeRefusal(subscription, 'sensitive', 'large-auditorium', oslo('2025-04-01 09:00'), OSLO)).toBeNull();
    expect(typeChangeRefusal(subscription, 'sensitive', 'sensitive', oslo('2025-04-01 09:00'), OSLO)).toBeNull();
  });

  it('counts leaving the monthly fee for the per-minute room as a downgrade', () => {
    const subscription = room('2025-03-15 10:00', 'sensitive');
    expect(typeChangeRefusal(subscription, 'sensitive', 'unlimited', oslo('2025-09-01 09:00'), OSLO)?.code).toBe('bound');
    expect(typeChangeRefusal(room('2025-03-15 10:00', 'unlimited'), 'unlimited', 'personal', oslo('2025-03-16 09:00'), OSLO)).toBeNull();
  });

  it('refuses deleting a room sold by the month inside it; a per-minute room may go any time', () => {
    const subscription = room('2025-03-15 10:00', 'personal');
    expect(deletionRefusal(subscription, 'personal', oslo('2025-12-24 12:00'), OSLO)).toEqual({
      kind: 'refused',
      code: 'bound',
      field: 'conferenceId',
      message: 'the room is bound for 12 months from 2025-03-15: it can be deleted from 2026-03-15',
    });
    expect(deletionRefusal(subscription, 'personal', oslo('2026-03-15 08:00'), OSLO)).toBeNull();
    expect(deletionRefusal(room('2025-03-15 10:00', 'unlimited'), 'unlimited', oslo('2025-03-16 09:00'), OSLO)).toBeNull();
  });

  it('does not hold a room that was there before subscriptions (no binding)', () => {
    const migrated = { ...room('2025-03-15 10:00', 'large-auditorium'), bindingMonths: 0 };
    expect(bindingEndsOn(migrated, OSLO)).toBeNull();
    expect(typeChangeRefusal(migrated, 'large-auditorium', 'personal', oslo('2025-03-16 09:00'), OSLO)).toBeNull();
    expect(deletionRefusal(migrated, 'large-auditorium', oslo('2025-03-16 09:00'), OSLO)).toBeNull();
  });
});

describe("a room's monthly fee, per calendar month in Europe/Oslo, prorated by day", () => {
  it('is the whole price for a whole month, whatever its length', () => {
    const subscription = room('2024-01-10 09:00', 'small-administrative');
    expect(fees(subscription, '2024-02-01', '2024-02-29')).toEqual([['small-administrative', '2024-02-01', '2024-02-29', 29, 10000]]);
    expect(fees(subscription, '2024-03-01', '2024-03-31')).toEqual([['small-administrative', '2024-03-01', '2024-03-31', 31, 10000]]);
  });

  it('is charged from the day the room was created in the first month, that day included', () => {
    // 12 of 31 days at 100 NOK: 3870.97 øre, rounded half-up once.
    expect(fees(room('2025-03-20 16:45', 'small-administrative'), '2025-03-01', '2025-03-31')).toEqual([
      ['small-administrative', '2025-03-20', '2025-03-31', 12, 3871],
    ]);
    // February of a leap year: 15 of 29 days at 70 NOK.
    expect(fees(room('2024-02-15 08:00', 'personal'), '2024-02-01', '2024-02-29')).toEqual([
      ['personal', '2024-02-15', '2024-02-29', 15, 3621],
    ]);
  });

  it("takes the day from Oslo's clock across the summer-time changes", () => {
    // 00:30 on 26 October 2025 (CEST) is 22:30 on the 25th in UTC; that night has 25 hours. Six days of 31.
    expect(fees(room('2025-10-26 00:30', 'small-administrative'), '2025-10-01', '2025-10-31')).toEqual([
      ['small-administrative', '2025-10-26', '2025-10-31', 6, 1935],
    ]);
    // 00:15 on 31 March 2025 (CEST, the day after the 23-hour day) is still 30 March in UTC: one day of 31.
    expect(fees(room('2025-03-31 00:15', 'sensitive'), '2025-03-01', '2025-03-31')).toEqual([
      ['sensitive', '2025-03-31', '2025-03-31', 1, 161],
    ]);
    // Created 23:59 on 30 March: two days.
    expect(fees(room('2025-03-30 23:59', 'sensitive'), '2025-03-01', '2025-03-31')).toEqual([
      ['sensitive', '2025-03-30', '2025-03-31', 2, 323],
    ]);
  });

  it("charges an upgrade at the new type's price from the upgrade day", () => {
    const subscription = room('2025-01-05 09:00', 'personal', [['2025-03-16 10:00', 'large-administrative']]);
    expect(fees(subscription, '2025-03-01', '2025-03-31')).toEqual([
      // 15 days × 70 NOK / 31 = 3387.10; 16 days × 200 NOK / 31 = 10322.58.
      ['personal', '2025-03-01', '2025-03-15', 15, 3387],
      ['large-administrative', '2025-03-16', '2025-03-31', 16, 10323],
    ]);
    expect(fees(subscription, '2025-04-01', '2025-04-30')).toEqual([['large-administrative', '2025-04-01', '2025-04-30', 30, 20000]]);
  });

  it('charges an upgrade on the first day of a month for the whole month, and one on the last day for that day', () => {
    const first = room('2025-01-05 09:00', 'personal', [['2025-04-01 00:00', 'small-auditorium']]);
    expect(fees(first, '2025-04-01', '2025-04-30')).toEqual([['small-auditorium', '2025-04-01', '2025-04-30', 30, 35000]]);
    const last = room('2025-01-05 09:00', 'personal', [['2025-04-30 23:59', 'small-auditorium']]);
    expect(fees(last, '2025-04-01', '2025-04-30')).toEqual([
      ['personal', '2025-04-01', '2025-04-29', 29, 6767],
      ['small-auditorium', '2025-04-30', '2025-04-30', 1, 1167],
    ]);
  });

  it('charges a day at the largest type it had; a downgrade lowers the price from the next day', () => {
    // After the binding: up in the morning for a big meeting, down again in the afternoon.
    const subscription = room('2024-01-05 09:00', 'personal', [
      ['2025-06-10 08:00', 'large-auditorium'],
      ['2025-06-10 17:00', 'personal'],
    ]);
    expect(fees(subscription, '2025-06-01', '2025-06-30')).toEqual([
      ['personal', '2025-06-01', '2025-06-09', 9, 2100],
      ['large-auditorium', '2025-06-10', '2025-06-10', 1, 1667],
      ['personal', '2025-06-11', '2025-06-30', 20, 4667],
    ]);
  });

  it('charges the day a room is deleted and nothing after it', () => {
    const subscription = room('2024-01-05 09:00', 'large-administrative', [], '2025-05-10 15:00');
    expect(fees(subscription, '2025-05-01', '2025-05-31')).toEqual([['large-administrative', '2025-05-01', '2025-05-10', 10, 6452]]);
    expect(fees(subscription, '2025-06-01', '2025-06-30')).toEqual([]);
  });

  it('follows a new price from the day it is in force, and splits no line for a price of another type', () => {
    const priceList = prices(['personal', '2025-04-15', 9000], ['sensitive', '2025-04-20', 6000]);
    expect(fees(room('2025-01-05 09:00', 'personal'), '2025-04-01', '2025-04-30', priceList)).toEqual([
      ['personal', '2025-04-01', '2025-04-14', 14, 3267],
      ['personal', '2025-04-15', '2025-04-30', 16, 4800],
    ]);
  });

  it('has no fee while the room is charged per minute only', () => {
    expect(fees(room('2025-01-05 09:00', 'unlimited'), '2025-03-01', '2025-03-31')).toEqual([]);
    expect(fees(room('2025-01-05 09:00', 'unlimited', [['2025-03-10 12:00', 'sensitive']]), '2025-03-01', '2025-03-31')).toEqual([
      ['sensitive', '2025-03-10', '2025-03-31', 22, 3548],
    ]);
  });

  it('gives a line per month over a longer period, each the whole price', () => {
    expect(fees(room('2024-06-01 09:00', 'sensitive'), '2025-01-01', '2025-03-31')).toEqual([
      ['sensitive', '2025-01-01', '2025-01-31', 31, 5000],
      ['sensitive', '2025-02-01', '2025-02-28', 28, 5000],
      ['sensitive', '2025-03-01', '2025-03-31', 31, 5000],
    ]);
    expect(fees(room('2025-06-01 09:00', 'sensitive'), '2025-01-01', '2025-03-31')).toEqual([]);
  });
});

describe('room prices, effective-dated like VAT rates', () => {
  const now = startOfLocalDay(day('2025-06-01'), OSLO) + 3_600_000;
  const tomorrow = startOfLocalDay(day('2025-06-02'), OSLO);

  it('are added from a day on, never in the past, one per type and day', () => {
    const list = prices(['personal', '2025-06-02', 9000]);
    expect(
      newRoomPriceRefusal({ roomType: 'personal', effectiveFrom: tomorrow + 86_400_000, priceOrePerMonth: 9500 }, now, list),
    ).toBeNull();
    expect(newRoomPriceRefusal({ roomType: 'sensitive', effectiveFrom: tomorrow, priceOrePerMonth: 9500 }, now, list)).toBeNull();
    expect(newRoomPriceRefusal({ roomType: 'personal', effectiveFrom: tomorrow, priceOrePerMonth: 9500 }, now, list)).toMatchObject({
      code: 'already-starts-then',
      message: 'a room price for this room type already starts at that instant',
    });
    expect(newRoomPriceRefusal({ roomType: 'personal', effectiveFrom: now - 1, priceOrePerMonth: 9500 }, now, list)).toMatchObject({
      code: 'retroactive',
      message: 'a room price cannot take effect in the past',
    });
  });

  it('are whole øre, and there is none for the per-minute room', () => {
    expect(newRoomPriceRefusal({ roomType: 'personal', effectiveFrom: tomorrow, priceOrePerMonth: 12.5 }, now, [])?.code).toBe(
      'invalid-amount',
    );
    expect(newRoomPriceRefusal({ roomType: 'unlimited', effectiveFrom: tomorrow, priceOrePerMonth: 0 }, now, [])).toMatchObject({
      code: 'not-sold-by-the-month',
      field: 'roomType',
    });
  });
});
