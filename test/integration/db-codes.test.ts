import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateCodeDigits } from '../../src/app/admin/generate-code-digits';
import { codeDigitsProblem } from '../../src/domain/provisioning/conference-codes';
import { createCodeHasher } from '../../src/adapters/db/code-hash';

describe('conference codes', () => {
  it('are generated as 8 digits by default, and 6 to 12 digits on request', () => {
    expect(generateCodeDigits()).toMatch(/^\d{8}$/);
    expect(generateCodeDigits(6)).toMatch(/^\d{6}$/);
    expect(generateCodeDigits(12)).toMatch(/^\d{12}$/);
    expect(() => generateCodeDigits(5)).toThrow(RangeError);
    expect(() => generateCodeDigits(13)).toThrow(RangeError);
  });

  it('are unpredictable: a thousand fresh 12-digit codes are all different', () => {
    // With 10^12 possible codes a repeat among 1000 has a chance of about 5 in 10^7.
    expect(new Set(Array.from({ length: 1000 }, () => generateCodeDigits(12))).size).toBe(1000);
  });

  it('given by a person must be 6 to 12 digits and nothing else', () => {
    expect(codeDigitsProblem('123456')).toBeNull();
    expect(codeDigitsProblem('123456789012')).toBeNull();
    expect(codeDigitsProblem('12345')).toBe('must be 6 to 12 digits long');
    expect(codeDigitsProblem('1234567890123')).toBe('must be 6 to 12 digits long');
    expect(codeDigitsProblem('1234 5678')).toBe('must contain digits only');
    expect(codeDigitsProblem('١٢٣٤٥٦')).toBe('must contain digits only');
  });

  it('are stored as HMAC-SHA256 keyed with the server secret, so another secret gives another hash', () => {
    const hash = createCodeHasher('server-secret-one-0123')('12345678');
    expect(hash).toBe(createHmac('sha256', 'server-secret-one-0123').update('12345678').digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(createCodeHasher('server-secret-two-0123')('12345678')).not.toBe(hash);
    expect(createCodeHasher('server-secret-one-0123')('12345679')).not.toBe(hash);
  });
});
