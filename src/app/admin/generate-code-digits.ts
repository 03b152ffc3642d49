import { randomInt } from 'node:crypto';
import { DEFAULT_CODE_LENGTH, MAX_CODE_LENGTH, MIN_CODE_LENGTH } from '../../domain/provisioning/conference-codes';

/** A fresh code from the cryptographic generator: `length` decimal digits. */
export function generateCodeDigits(length: number = DEFAULT_CODE_LENGTH): string {
  if (!Number.isInteger(length) || length < MIN_CODE_LENGTH || length > MAX_CODE_LENGTH) {
    throw new RangeError(`code length must be ${MIN_CODE_LENGTH} to ${MAX_CODE_LENGTH} digits`);
  }
  let digits = '';
  for (let i = 0; i < length; i++) digits += String(randomInt(10));
  return digits;
}
