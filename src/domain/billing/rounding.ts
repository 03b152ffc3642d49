import { assertNever } from '../assert-never';
import { divideRoundHalfUp } from './money';

/**
 * How a leg's real seconds become charged time (a tariff setting):
 * - `per-started-minute` (the default): every started minute is charged; 1 s → 1 min, 61 s → 2 min.
 * - `per-rounded-minute`: to the nearest minute, a half minute up; 29 s → 0, 30 s → 1 min, 89 s → 1 min.
 * - `per-second`: the seconds themselves.
 */
export const ROUNDING_MODES = ['per-started-minute', 'per-rounded-minute', 'per-second'] as const;

export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** Charged seconds for `realSeconds` of billable time (whole minutes × 60 in the minute modes). */
export function chargedSeconds(realSeconds: number, mode: RoundingMode): number {
  if (!Number.isSafeInteger(realSeconds) || realSeconds < 0) {
    throw new RangeError('realSeconds must be a non-negative integer');
  }
  switch (mode) {
    case 'per-started-minute':
      return Math.ceil(realSeconds / 60) * 60;
    case 'per-rounded-minute':
      return divideRoundHalfUp(realSeconds, 60) * 60;
    case 'per-second':
      return realSeconds;
    default:
      return assertNever(mode);
  }
}

/**
 * The amount for charged time at a per-minute rate: charged seconds × rate / 60,
 * rounded half-up to whole øre once per leg. Exact in the minute modes.
 */
export function amountForChargedSeconds(charged: number, rateOrePerMinute: number): number {
  return divideRoundHalfUp(charged * rateOrePerMinute, 60);
}
