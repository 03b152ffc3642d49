import { describe, expect, it } from 'vitest';
import { normaliseCallerNumber, presentedCallerNumber } from '../../src/domain/call/caller-number';

describe('a caller number as presented', () => {
  it('is trimmed', () => {
    expect(presentedCallerNumber('  +4791234567 ')).toBe('+4791234567');
  });

  it.each([undefined, null, '', '   ', 'anonymous', 'Anonymous', 'RESTRICTED', 'unavailable', 'unknown', 'Private', 'withheld'])(
    'is withheld when Asterisk presents %j',
    (raw) => {
      expect(presentedCallerNumber(raw)).toBeNull();
    },
  );
});

describe('normalising a caller number to E.164', () => {
  it.each([
    ['+4791234567', '+4791234567'],
    ['+47 912 34 567', '+4791234567'],
    ['+47-912-34-567', '+4791234567'],
    ['004791234567', '+4791234567'],
    ['0047 91 23 45 67', '+4791234567'],
    ['4791234567', '+4791234567'],
    ['91234567', '+4791234567'],
    ['912 34 567', '+4791234567'],
    ['22225555', '+4722225555'],
  ])('reads the Norwegian number %j as %j', (presented, normalised) => {
    expect(normaliseCallerNumber(presented)).toBe(normalised);
  });

  it.each([
    ['+46701234567', '+46701234567'],
    ['0046701234567', '+46701234567'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('reads the foreign number %j with its international prefix as %j', (presented, normalised) => {
    expect(normaliseCallerNumber(presented)).toBe(normalised);
  });

  it.each([
    // Too short or too long for E.164 after a prefix.
    '+123',
    '00123',
    '+1234567890123456',
    // Not eight national digits, and no country code to go by.
    '1234567',
    '012345678',
    '01234567',
    '123456789',
    // Not a number at all.
    'softphone',
    '=HYPERLINK("x")',
    '+47abc',
  ])('keeps %j as given: it cannot be normalised', (presented) => {
    expect(normaliseCallerNumber(presented)).toBe(presented);
  });

  it('leaves a withheld number withheld, so all such callers share one bucket', () => {
    expect(normaliseCallerNumber(null)).toBeNull();
    expect(normaliseCallerNumber('anonymous')).toBeNull();
  });

  it('gives every way of presenting one phone the same number', () => {
    const forms = ['+4791234567', '004791234567', '4791234567', '91234567', '+47 912 34 567'];
    expect(new Set(forms.map(normaliseCallerNumber))).toEqual(new Set(['+4791234567']));
  });
});
