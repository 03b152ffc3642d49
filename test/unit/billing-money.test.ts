import { describe, expect, it } from 'vitest';
import { maskCallerNumber } from '../../src/domain/billing/caller-number-mask';
import { divideRoundHalfUp, formatOreAsNok } from '../../src/domain/billing/money';
import { invoiceTotals, newVatRateRefusal, vatRateInForce, type Supply, type VatRate } from '../../src/domain/billing/vat';

const JAN_2026 = Date.parse('2025-12-31T23:00:00Z');
const rates: VatRate[] = [{ id: 'vat-0', effectiveFrom: 0, basisPoints: 2500 }];
/** One supply of `amountOre` in 2025 (before any change). */
const at2025 = (amountOre: number): Supply[] => [{ amountOre, suppliedAt: JAN_2026 - 1 }];
const totals = (charges: number, adjustments: number, basisPoints = 2500) =>
  invoiceTotals(at2025(charges), adjustments === 0 ? [] : at2025(adjustments), [{ id: 'v', effectiveFrom: 0, basisPoints }], JAN_2026);

describe('VAT on an invoice', () => {
  it('is 25 % of the total excl. VAT, charges plus adjustments', () => {
    expect(totals(12_345, -345)).toEqual({
      chargesOre: 12_345,
      adjustmentsOre: -345,
      totalExclVatOre: 12_000,
      vatRateBasisPoints: 2500,
      vatOre: 3000,
      totalInclVatOre: 15_000,
    });
  });

  it('is rounded once, half-up to whole øre, on the total', () => {
    expect(totals(2, 0).vatOre).toBe(1); // 0.5 → 1
    expect(totals(6, 0).vatOre).toBe(2); // 1.5 → 2
    expect(totals(7, 0).vatOre).toBe(2); // 1.75 → 2
    expect(totals(5, 0).vatOre).toBe(1); // 1.25 → 1
    // Three legs of 1 øre: once on the total (0.75 → 1), not three times (0.25 → 0).
    const threeLegs = [1, 1, 1].map((amountOre) => ({ amountOre, suppliedAt: 1000 }));
    expect(invoiceTotals(threeLegs, [], rates, JAN_2026).vatOre).toBe(1);
  });

  it('rounds a credit symmetrically (half away from zero)', () => {
    expect(totals(0, -2)).toMatchObject({ vatOre: -1, totalInclVatOre: -3 });
  });

  it('follows a configured rate', () => {
    expect(totals(10_000, 0, 1500).vatOre).toBe(1500);
    expect(totals(10_000, 0, 0).totalInclVatOre).toBe(10_000);
  });
});

describe('VAT rates over time', () => {
  const changed: VatRate[] = [...rates, { id: 'vat-1', effectiveFrom: JAN_2026, basisPoints: 1500 }];

  it('a supply carries the rate in force when it was supplied, not when it is invoiced', () => {
    expect(vatRateInForce(changed, JAN_2026 - 1)?.basisPoints).toBe(2500);
    expect(vatRateInForce(changed, JAN_2026)?.basisPoints).toBe(1500);
    expect(invoiceTotals(at2025(10_000), [], changed, JAN_2026 + 86_400_000)).toMatchObject({ vatRateBasisPoints: 2500, vatOre: 2500 });
  });

  it('an invoice across a change has one VAT line per rate, each rounded once on its own base', () => {
    const charges = [
      { amountOre: 6, suppliedAt: JAN_2026 - 1 }, // 1.5 → 2 at 25 %
      { amountOre: 3, suppliedAt: JAN_2026 }, // 0.45 → 0 at 15 %
      { amountOre: 7, suppliedAt: JAN_2026 + 1 },
    ];
    const credit = [{ amountOre: -1, suppliedAt: JAN_2026 - 5 }];
    expect(invoiceTotals(charges, credit, changed, JAN_2026)).toEqual({
      chargesOre: 16,
      adjustmentsOre: -1,
      totalExclVatOre: 15,
      vatRateBasisPoints: null,
      vatOre: 3,
      totalInclVatOre: 18,
      vatByRate: [
        { vatRateBasisPoints: 1500, baseOre: 10, vatOre: 2 }, // 1.5 → 2
        { vatRateBasisPoints: 2500, baseOre: 5, vatOre: 1 }, // 1.25 → 1
      ],
    });
  });

  it('an empty invoice shows the rate of the end of its period', () => {
    expect(invoiceTotals([], [], changed, JAN_2026)).toMatchObject({ vatRateBasisPoints: 1500, vatOre: 0, totalInclVatOre: 0 });
  });

  it('a new rate is refused when it would start in the past, on the instant of another, or is not 0–100 %', () => {
    const now = JAN_2026 - 86_400_000;
    expect(newVatRateRefusal({ effectiveFrom: JAN_2026 + 1, basisPoints: 2200 }, now, changed)).toBeNull();
    expect(newVatRateRefusal({ effectiveFrom: now - 1, basisPoints: 2200 }, now, changed)).toMatchObject({ code: 'retroactive' });
    expect(newVatRateRefusal({ effectiveFrom: JAN_2026, basisPoints: 2200 }, now, changed)).toMatchObject({ code: 'already-starts-then' });
    for (const basisPoints of [-1, 10_001, 12.5]) {
      expect(newVatRateRefusal({ effectiveFrom: JAN_2026 + 1, basisPoints }, now, changed), String(basisPoints)).toMatchObject({
        code: 'invalid-amount',
        field: 'vatRateBasisPoints',
      });
    }
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
