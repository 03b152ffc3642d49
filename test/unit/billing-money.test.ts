import { describe, expect, it } from 'vitest';
import { maskCallerNumber } from '../../src/domain/billing/caller-number-mask';
import { divideRoundHalfUp, formatOreAsNok } from '../../src/domain/billing/money';
import { invoiceTotals } from '../../src/domain/billing/vat';

describe('VAT on an invoice', () => {
  it('is 25 % of the total excl. VAT, charges plus adjustments', () => {
    expect(invoiceTotals(12_345, -345, 2500)).toEqual({
      chargesOre: 12_345,
      adjustmentsOre: -345,
      totalExclVatOre: 12_000,
      vatRateBasisPoints: 2500,
      vatOre: 3000,
      totalInclVatOre: 15_000,
    });
  });

  it('is rounded once, half-up to whole øre, on the total', () => {
    expect(invoiceTotals(2, 0, 2500).vatOre).toBe(1); // 0.5 → 1
    expect(invoiceTotals(6, 0, 2500).vatOre).toBe(2); // 1.5 → 2
    expect(invoiceTotals(7, 0, 2500).vatOre).toBe(2); // 1.75 → 2
    expect(invoiceTotals(5, 0, 2500).vatOre).toBe(1); // 1.25 → 1
    // Three legs of 1 øre: once on the total (0.75 → 1), not three times (0.25 → 0).
    expect(invoiceTotals(3, 0, 2500).vatOre).toBe(1);
  });

  it('rounds a credit symmetrically (half away from zero)', () => {
    expect(invoiceTotals(0, -2, 2500)).toMatchObject({ vatOre: -1, totalInclVatOre: -3 });
  });

  it('follows a configured rate', () => {
    expect(invoiceTotals(10_000, 0, 1500).vatOre).toBe(1500);
    expect(invoiceTotals(10_000, 0, 0).totalInclVatOre).toBe(10_000);
  });
});

describe('money', () => {
  it('divides exactly with halves rounded up', () => {
    expect(divideRoundHalfUp(17, 4)).toBe(4);
    expect(divideRoundHalfUp(18, 4)).toBe(5);
    expect(divideRoundHalfUp(-18, 4)).toBe(-5);
  });

  it('prints øre as NOK with two decimals', () => {
    expect(formatOreAsNok(255)).toBe('2.55');
    expect(formatOreAsNok(5)).toBe('0.05');
    expect(formatOreAsNok(-1234)).toBe('-12.34');
    expect(formatOreAsNok(0)).toBe('0.00');
  });
});

describe('caller numbers on a report', () => {
  it('keep the country region and the last two digits', () => {
    expect(maskCallerNumber('+4791234123')).toBe('+47xxxxxx23');
    expect(maskCallerNumber('+47 912 34 123')).toBe('+47 xxx xx x23');
  });

  it('keep only the last two digits of a national or short number', () => {
    expect(maskCallerNumber('91234123')).toBe('xxxxxx23');
    expect(maskCallerNumber('+4712')).toBe('+xx12');
  });

  it('stay withheld when the caller withheld the number', () => {
    expect(maskCallerNumber(null)).toBeNull();
  });
});
