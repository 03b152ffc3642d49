import type { RoomSubscription } from '../provisioning/room-subscription';
import { largerRoomType, roomRules, type RoomType } from '../room-types';
import { compareLocalDates, daysInMonth, formatLocalDate, localDayOf, type LocalDate } from './calendar';
import { proratedByDay } from './proration';
import type { RoomPrice } from './room-prices';

/**
 * A room's monthly fee, charged per calendar month in the billing time zone
 * and prorated by day (proration.ts): a day costs its type's monthly price
 * in force that day over the days of its month, so a whole month costs the
 * price. The subscription runs from the day the room was created to the day
 * it was deleted, both charged. A day is charged at the largest type the
 * room had on it: an upgrade costs the new type's price from its own day, a
 * downgrade the lower price from the day after. The unlimited room has no
 * fee. One line per month, type and price, each rounded once.
 */
export interface RoomFee {
  roomType: RoomType;
  from: LocalDate;
  /** Inclusive. */
  to: LocalDate;
  days: number;
  priceOrePerMonth: number;
  amountOre: number;
}

/** A room price from the local day it is in force (a price is made to start at a day's start). */
export interface DayPrice {
  roomType: RoomType;
  from: LocalDate;
  priceOrePerMonth: number;
}

/** The room prices by local day, once per report (the zone's offsets are not free). */
export function dayPrices(prices: readonly RoomPrice[], timeZone: string): DayPrice[] {
  return prices.map((price) => ({
    roomType: price.roomType,
    from: firstDayFrom(price.effectiveFrom, timeZone),
    priceOrePerMonth: price.priceOrePerMonth,
  }));
}

/** The room's fee lines for the local days `periodFrom`..`periodTo` (inclusive), in order. */
export function roomFees(
  subscription: RoomSubscription,
  prices: readonly DayPrice[],
  periodFrom: LocalDate,
  periodTo: LocalDate,
  timeZone: string,
): RoomFee[] {
  const types = chargedTypes(subscription, timeZone);
  const startDay = types[0]?.day;
  if (startDay === undefined) return [];
  const endDay = subscription.endedAt === null ? Infinity : dayNumber(localDayOf(subscription.endedAt, timeZone));
  const first = Math.max(dayNumber(periodFrom), startDay);
  const last = Math.min(dayNumber(periodTo), endDay);
  if (first > last) return [];

  // Each part between two cuts has one type, one price and one month.
  const priceDays = prices.map((price) => ({ ...price, day: dayNumber(price.from) }));
  const cuts = new Set<number>([first]);
  const within = (day: number) => day > first && day <= last;
  for (const { day } of [...types, ...priceDays]) if (within(day)) cuts.add(day);
  for (let month = firstOfNextMonth(first); month <= last; month = firstOfNextMonth(month)) cuts.add(month);
  const starts = [...cuts].sort((a, b) => a - b);

  const fees: RoomFee[] = [];
  starts.forEach((partStart, index) => {
    const partEnd = (starts[index + 1] ?? last + 1) - 1;
    const roomType = latestFrom(types, partStart, () => true)?.roomType;
    if (roomType === undefined || !roomRules(roomType).monthlyFee) return;
    const price = latestFrom(priceDays, partStart, (candidate) => candidate.roomType === roomType);
    if (price === null) throw new Error(`no price of the ${roomType} room on ${formatLocalDate(dateOf(partStart))}`);
    // A cut made by another type's price change is no new line.
    const previous = fees.at(-1);
    const continues =
      previous !== undefined &&
      previous.roomType === roomType &&
      previous.priceOrePerMonth === price.priceOrePerMonth &&
      dayNumber(previous.to) === partStart - 1 &&
      previous.to.month === dateOf(partStart).month;
    const from = continues ? previous.from : dateOf(partStart);
    const days = partEnd - dayNumber(from) + 1;
    const fee: RoomFee = {
      roomType,
      from,
      to: dateOf(partEnd),
      days,
      priceOrePerMonth: price.priceOrePerMonth,
      amountOre: proratedByDay([{ priceOre: price.priceOrePerMonth, days, unitDays: daysInMonth(from.year, from.month) }]),
    };
    if (continues) fees[fees.length - 1] = fee;
    else fees.push(fee);
  });
  return fees;
}

/**
 * The type charged from each day on (days as day numbers): the largest type
 * of the day (the one it began with and every one it was given that day),
 * then from the next day the type it ended the day with.
 */
function chargedTypes(subscription: RoomSubscription, timeZone: string): Array<{ day: number; roomType: RoomType }> {
  // The history is in order, so the days come in order.
  const typesByDay = new Map<number, RoomType[]>();
  for (const change of subscription.types) {
    const day = dayNumber(localDayOf(change.at, timeZone));
    typesByDay.set(day, [...(typesByDay.get(day) ?? []), change.roomType]);
  }
  const charged: Array<{ day: number; roomType: RoomType }> = [];
  const chargeFrom = (day: number, roomType: RoomType) => {
    if (charged.at(-1)?.day === day) charged.pop();
    if (charged.at(-1)?.roomType !== roomType) charged.push({ day, roomType });
  };
  let carried: RoomType | null = null;
  for (const [day, types] of typesByDay) {
    const largest: RoomType = [...(carried === null ? [] : [carried]), ...types].reduce(largerRoomType);
    const latest: RoomType = types.at(-1) ?? largest;
    chargeFrom(day, largest);
    if (latest !== largest) chargeFrom(day + 1, latest);
    carried = latest;
  }
  return charged;
}

/** The row with the latest day not after `day` among those that apply. */
function latestFrom<T extends { day: number }>(rows: readonly T[], day: number, applies: (row: T) => boolean): T | null {
  let found: T | null = null;
  for (const row of rows) if (row.day <= day && (found === null || row.day >= found.day) && applies(row)) found = row;
  return found;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01, so that days compare and count as integers. */
function dayNumber(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

function dateOf(day: number): LocalDate {
  const date = new Date(day * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function firstOfNextMonth(day: number): number {
  const date = dateOf(day);
  return Date.UTC(date.year, date.month, 1) / DAY_MS;
}

/** The first local day that starts at or after `instant`: the day a price made to start then is charged from. */
function firstDayFrom(instant: number, timeZone: string): LocalDate {
  const day = localDayOf(instant, timeZone);
  return compareLocalDates(day, localDayOf(instant - 1, timeZone)) === 0 ? dateOf(dayNumber(day) + 1) : day;
}
