import type { Tariff } from '../../domain/billing/tariff';

/**
 * The billing settings people change: tariffs, the VAT rate, adjustments
 * (implemented by adapters/db). Refusals are BillingErrors. Charges
 * themselves are written only by the rater and never here.
 */
export interface BillingStore {
  /** Every tariff, by effective date. */
  tariffs(): Tariff[];
  /** Adds a rate from `effectiveFrom` on; never before `at` (a rate is never retroactive). */
  addTariff(tariff: NewTariff, at: number): Tariff;
  /** VAT rate in basis points (2500 = 25 %). */
  vatRateBasisPoints(): number;
  setVatRate(basisPoints: number, at: number): void;
  /** Records a signed correction; a meeting or leg it names must be charged to the same account. */
  addAdjustment(adjustment: NewAdjustment, at: number): Adjustment;
  /** The account's adjustments, by effective instant; only those in [startsAt, endsAt) when a range is given. */
  adjustments(organisationId: string, range?: InstantRange): Adjustment[];
  organisationExists(organisationId: string): boolean;
}

export interface InstantRange {
  startsAt: number;
  endsAt: number;
}

/** A tariff to add; the store gives it its id. */
export type NewTariff = Omit<Tariff, 'id'>;

export interface NewAdjustment {
  organisationId: string;
  /** Signed: negative is a credit to the account. */
  amountOre: number;
  reason: string;
  /** Who made the correction (user id or name). */
  createdBy: string;
  meetingId?: string | null;
  legId?: string | null;
  /** Places the adjustment in a period; defaults to when it is recorded. */
  effectiveAt?: number;
}

export interface Adjustment {
  id: string;
  organisationId: string;
  meetingId: string | null;
  legId: string | null;
  amountOre: number;
  reason: string;
  createdBy: string;
  effectiveAt: number;
  createdAt: number;
}
