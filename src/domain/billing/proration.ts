import { divideRoundHalfUp } from './money';

/**
 * Some days charged at a price per unit of time — a licence's year, a
 * room's month — that is `unitDays` days long: each day costs the price
 * over the days of its unit, so a whole unit costs exactly the price.
 */
export interface DaysAtPrice {
  priceOre: number;
  days: number;
  unitDays: number;
}

/**
 * The fee of those days, prorated by day: Σ price × days / unitDays, summed
 * exactly on a common denominator and rounded half-up to whole øre once, so
 * no part is rounded on its own.
 */
export function proratedByDay(parts: readonly DaysAtPrice[]): number {
  const denominator = parts.reduce((common, part) => leastCommonMultiple(common, part.unitDays), 1);
  const numerator = parts.reduce((sum, part) => sum + part.priceOre * part.days * (denominator / part.unitDays), 0);
  return divideRoundHalfUp(numerator, denominator);
}

function leastCommonMultiple(a: number, b: number): number {
  return (a / greatestCommonDivisor(a, b)) * b;
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}
