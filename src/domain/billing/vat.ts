import { billingRefusal, type BillingRefusal } from './billing-refusal';
import { effectiveFromRefusal, inForceAt } from './effective-dated';
import { divideRoundHalfUp } from './money';

/**
 * VAT, effective-dated like tariffs. The VAT point is the time of supply, as
 * Norwegian VAT law has it for services supplied over time (a rate change
 * splits a period: what was supplied before it carries the old rate, what
 * was supplied after it the new one): a meeting is supplied when it starts,
 * the instant that also puts it on a period's report, so a meeting carries
 * one rate, whole. An adjustment carries the rate of the meeting (or leg) it
 * corrects, as a credit note takes the rate of the invoice it corrects; one
 * that names neither carries the rate in force when it takes effect. So a
 * report regenerated after a VAT change gives the same figures.
 */

/** The rule printed on every report. */
export const VAT_ROUNDING_RULE =
  'VAT is computed once on the invoice total excl. VAT (leg charges plus adjustments) and rounded half-up to whole øre (half away from zero for a credit).';

/** The rule of a report on which some invoice mixes VAT rates (a period across a rate change). */
export const VAT_BY_RATE_RULE =
  'VAT is computed once per rate on the part of the total excl. VAT supplied at that rate (a meeting at the rate in force when it started, ' +
  'an adjustment at that of the meeting it corrects, else when it takes effect) and rounded half-up to whole øre (half away from zero for a credit).';

/** A VAT rate in force from `effectiveFrom` until the next one. */
export interface VatRate {
  id: string;
  effectiveFrom: number;
  /** 2500 = 25 %. */
  basisPoints: number;
}

/** A VAT rate to add; the store gives it its id. */
export type NewVatRate = Omit<VatRate, 'id'>;

/** The rate in force at `at`: the latest one that started at or before it. */
export function vatRateInForce(rates: readonly VatRate[], at: number): VatRate | null {
  return inForceAt(rates, at);
}

/**
 * The parts of the period [startsAt, endsAt) in each of which one VAT rate is
 * in force, in order: the whole period unless a rate starts inside it.
 */
export function vatPeriods(rates: readonly VatRate[], startsAt: number, endsAt: number): Array<{ startsAt: number; endsAt: number }> {
  const changes = rates
    .map((rate) => rate.effectiveFrom)
    .filter((at) => at > startsAt && at < endsAt)
    .sort((a, b) => a - b);
  const bounds = [startsAt, ...changes, endsAt];
  return bounds.slice(1).map((end, index) => ({ startsAt: bounds[index] ?? startsAt, endsAt: end }));
}

/**
 * Whether a new VAT rate may be added at `at` (now): a whole number of basis
 * points from 0 to 100 %, never starting in the past (reports already handed
 * out keep their figures), and one rate per starting instant.
 */
export function newVatRateRefusal(rate: NewVatRate, at: number, rates: readonly VatRate[]): BillingRefusal | null {
  if (!Number.isSafeInteger(rate.basisPoints) || rate.basisPoints < 0 || rate.basisPoints > 10_000) {
    return billingRefusal('invalid-amount', 'vatRateBasisPoints', 'the VAT rate must be 0 to 10000 basis points');
  }
  return effectiveFromRefusal(
    { subject: 'a VAT rate' },
    rate.effectiveFrom,
    at,
    rates.some((other) => other.effectiveFrom === rate.effectiveFrom),
  );
}

/** A part of an invoice and its time of supply, which picks its VAT rate. */
export interface Supply {
  amountOre: number;
  suppliedAt: number;
}

/** The part of an invoice at one VAT rate. */
export interface VatLine {
  vatRateBasisPoints: number;
  baseOre: number;
  vatOre: number;
}

interface InvoiceAmounts {
  chargesOre: number;
  adjustmentsOre: number;
  totalExclVatOre: number;
}

/**
 * An invoice's totals. Nearly always all of it is at one rate; across a rate
 * change `vatRateBasisPoints` is null and `vatByRate` has a line per rate.
 */
export type InvoiceTotals = InvoiceAmounts &
  (
    | { vatRateBasisPoints: number; vatOre: number; totalInclVatOre: number }
    | { vatRateBasisPoints: null; vatOre: number; totalInclVatOre: number; vatByRate: VatLine[] }
  );

/**
 * The totals of an invoice: charges and adjustments, each supply at the VAT
 * rate in force when it was supplied, VAT rounded half-up once per rate on
 * the base at that rate. An invoice with nothing on it shows the rate in
 * force at `emptyAt` (the end of its period).
 */
export function invoiceTotals(
  charges: readonly Supply[],
  adjustments: readonly Supply[],
  rates: readonly VatRate[],
  emptyAt: number,
): InvoiceTotals {
  const chargesOre = sumOf(charges);
  const adjustmentsOre = sumOf(adjustments);
  const totalExclVatOre = chargesOre + adjustmentsOre;
  const bases = new Map<number, number>();
  for (const supply of [...charges, ...adjustments]) {
    const rate = rateAt(rates, supply.suppliedAt);
    bases.set(rate, (bases.get(rate) ?? 0) + supply.amountOre);
  }
  if (bases.size === 0) bases.set(rateAt(rates, emptyAt), 0);
  const lines = [...bases.entries()]
    .sort(([a], [b]) => a - b)
    .map(([vatRateBasisPoints, baseOre]) => ({ vatRateBasisPoints, baseOre, vatOre: vatOn(baseOre, vatRateBasisPoints) }));
  const vatOre = lines.reduce((sum, line) => sum + line.vatOre, 0);
  const amounts = { chargesOre, adjustmentsOre, totalExclVatOre };
  const [only] = lines;
  if (lines.length === 1 && only) {
    return { ...amounts, vatRateBasisPoints: only.vatRateBasisPoints, vatOre, totalInclVatOre: totalExclVatOre + vatOre };
  }
  return { ...amounts, vatRateBasisPoints: null, vatOre, totalInclVatOre: totalExclVatOre + vatOre, vatByRate: lines };
}

/** The invoice's VAT, one line per rate (one line for nearly every invoice). */
export function vatLines(totals: InvoiceTotals): VatLine[] {
  if (totals.vatRateBasisPoints === null) return totals.vatByRate;
  return [{ vatRateBasisPoints: totals.vatRateBasisPoints, baseOre: totals.totalExclVatOre, vatOre: totals.vatOre }];
}

/** 2500 → "25", 1250 → "12.5". */
export function formatVatPercent(basisPoints: number): string {
  return String(basisPoints / 100);
}

function vatOn(baseOre: number, basisPoints: number): number {
  return divideRoundHalfUp(baseOre * basisPoints, 10_000);
}

function rateAt(rates: readonly VatRate[], at: number): number {
  const rate = vatRateInForce(rates, at);
  // The first rate (sql/0009) is in force from 1970 and no rate may start in the past, so every supply has one.
  if (rate === null) throw new Error(`no VAT rate in force at ${new Date(at).toISOString()}`);
  return rate.basisPoints;
}

function sumOf(supplies: readonly Supply[]): number {
  return supplies.reduce((sum, supply) => sum + supply.amountOre, 0);
}
