import { divideRoundHalfUp } from './money';

/** The rule printed on every report. */
export const VAT_ROUNDING_RULE =
  'VAT is computed once on the invoice total excl. VAT (leg charges plus adjustments) and rounded half-up to whole øre (half away from zero for a credit).';

export interface InvoiceTotals {
  chargesOre: number;
  adjustmentsOre: number;
  totalExclVatOre: number;
  vatRateBasisPoints: number;
  vatOre: number;
  totalInclVatOre: number;
}

/** Invoice totals with VAT (rate in basis points: 2500 = 25 %) rounded once, on the total. */
export function invoiceTotals(chargesOre: number, adjustmentsOre: number, vatRateBasisPoints: number): InvoiceTotals {
  const totalExclVatOre = chargesOre + adjustmentsOre;
  const vatOre = divideRoundHalfUp(totalExclVatOre * vatRateBasisPoints, 10_000);
  return {
    chargesOre,
    adjustmentsOre,
    totalExclVatOre,
    vatRateBasisPoints,
    vatOre,
    totalInclVatOre: totalExclVatOre + vatOre,
  };
}

/** 2500 → "25", 1250 → "12.5". */
export function formatVatPercent(basisPoints: number): string {
  return String(basisPoints / 100);
}
