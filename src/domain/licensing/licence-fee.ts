import { addDays, compareLocalDates, daysInYear, type LocalDate } from '../billing/calendar';
import { proratedByDay } from '../billing/proration';
import type { LicenceSpan } from './licence-rules';

/**
 * A licence's fee for a report period, prorated by day: each day the licence
 * runs within the period costs the yearly price divided by the days of that
 * day's year (365 or 366), so twelve months add up to the yearly price. The
 * sum is rounded half-up to whole øre once per licence and period.
 */
export interface LicenceFee {
  /** The first and last day charged, or null when the licence does not run in the period. */
  from: LocalDate | null;
  to: LocalDate | null;
  days: number;
  amountOre: number;
}

export function licenceFee(licence: LicenceSpan & { priceOrePerYear: number }, periodFrom: LocalDate, periodTo: LocalDate): LicenceFee {
  const from = compareLocalDates(licence.startsOn, periodFrom) > 0 ? licence.startsOn : periodFrom;
  const to = licence.endsOn !== null && compareLocalDates(licence.endsOn, periodTo) < 0 ? licence.endsOn : periodTo;
  if (compareLocalDates(from, to) > 0) return { from: null, to: null, days: 0, amountOre: 0 };
  // Days per year of the period's span: the fraction is exact per year, rounded once at the end.
  const daysByYear = new Map<number, number>();
  let days = 0;
  for (let day = from; compareLocalDates(day, to) <= 0; day = addDays(day, 1)) {
    daysByYear.set(day.year, (daysByYear.get(day.year) ?? 0) + 1);
    days++;
  }
  const parts = [...daysByYear.entries()].map(([year, count]) => ({
    priceOre: licence.priceOrePerYear,
    days: count,
    unitDays: daysInYear(year),
  }));
  return { from, to, days, amountOre: proratedByDay(parts) };
}
