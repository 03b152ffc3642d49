import { randomInt } from 'node:crypto';

const MIN_CODE_LENGTH = 6;
const MAX_CODE_LENGTH = 12;
const DEFAULT_CODE_LENGTH = 8;

/** A fresh code from the cryptographic generator: `length` decimal digits. */
export function generateCodeDigits(length: number = DEFAULT_CODE_LENGTH): string {
  if (!Number.isInteger(length) || length < MIN_CODE_LENGTH || length > MAX_CODE_LENGTH) {
    throw new RangeError(`code length must be ${MIN_CODE_LENGTH} to ${MAX_CODE_LENGTH} digits`);
  }
  let digits = '';
  for (let i = 0; i < length; i++) digits += String(randomInt(10));
  return digits;
}

/**
 * Why the given digits cannot be a code, or null when they can. The message
 * never repeats the digits: codes are secrets.
 */
export function codeDigitsProblem(digits: string): string | null {
  if (!/^[0-9]*$/.test(digits)) return 'must contain digits only';
  if (digits.length < MIN_CODE_LENGTH || digits.length > MAX_CODE_LENGTH) {
    return `must be ${MIN_CODE_LENGTH} to ${MAX_CODE_LENGTH} digits long`;
  }
  return null;
}
