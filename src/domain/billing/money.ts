/**
 * Exact integer money arithmetic in øre. No floating point touches an amount:
 * a fraction is always resolved by one stated rounding rule.
 */

/**
 * `numerator / denominator` rounded to the nearest integer, halves away from
 * zero (half-up for the positive amounts that charges are). Both arguments
 * must be integers and `denominator` positive.
 */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError('divideRoundHalfUp needs safe integers and a positive denominator');
  }
  if (numerator < 0) return -divideRoundHalfUp(-numerator, denominator);
  const quotient = Math.floor(numerator / denominator);
  const remainder = numerator - quotient * denominator;
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}

/** 12345 → "123.45", -5 → "-0.05": øre as a NOK amount with a decimal point. */
export function formatOreAsNok(ore: number): string {
  const sign = ore < 0 ? '-' : '';
  const absolute = Math.abs(ore);
  const kroner = Math.floor(absolute / 100);
  const rest = absolute - kroner * 100;
  return `${sign}${kroner}.${rest < 10 ? '0' : ''}${rest}`;
}
