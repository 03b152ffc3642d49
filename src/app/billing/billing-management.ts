import { localPeriod, startOfLocalDay, type LocalDate } from '../../domain/billing/calendar';
import type { RoundingMode } from '../../domain/billing/rounding';
import type { Tariff } from '../../domain/billing/tariff';
import type { Clock } from '../ports/clock-and-ids';
import type { Adjustment, BillingStore } from '../ports/billing-store';

export interface TariffRequest {
  /** null: the default for every account without a tariff of its own. */
  organisationId: string | null;
  /** The rate applies from the start of this day in the configured time zone. */
  from: LocalDate;
  rateOrePerMinute: number;
  rounding: RoundingMode;
}

export interface AdjustmentRequest {
  organisationId: string;
  /** Signed øre: a credit is negative. */
  amountOre: number;
  reason: string;
  /** Who makes the correction: a user id, or the name given on the command line. */
  createdBy: string;
  meetingId?: string;
  legId?: string;
}

/**
 * Tariffs, the VAT rate and adjustments as finance names them: dates are
 * calendar days in the configured time zone, and everything happens "now".
 * Used by the command line as it is and by the admin API behind its access
 * rules. Refusals are BillingErrors from the store.
 */
export interface BillingManagement {
  /** Calendar days of tariffs and periods are in this zone, e.g. Europe/Oslo. */
  timeZone: string;
  organisationExists(organisationId: string): boolean;
  /** Every tariff (null), or those that can rate the account: its own and the defaults. */
  tariffs(organisationId: string | null): Tariff[];
  addTariff(request: TariffRequest): Tariff;
  vatRateBasisPoints(): number;
  /** Sets the rate and answers with the rate now stored. */
  setVatRate(basisPoints: number): number;
  /** Effective now: it lands on the report of the period it is made in, never on one already handed out. */
  addAdjustment(request: AdjustmentRequest): Adjustment;
  /** The account's adjustments, all or those of the local dates `from`..`to` (inclusive). */
  adjustments(organisationId: string, period?: { from: LocalDate; to: LocalDate }): Adjustment[];
}

export function createBillingManagement(deps: { store: BillingStore; timeZone: string; clock: Pick<Clock, 'now'> }): BillingManagement {
  const { store, timeZone, clock } = deps;
  return {
    timeZone,
    organisationExists: (organisationId: string) => store.organisationExists(organisationId),

    tariffs(organisationId: string | null): Tariff[] {
      const all = store.tariffs();
      if (organisationId === null) return all;
      return all.filter((tariff) => tariff.organisationId === null || tariff.organisationId === organisationId);
    },

    addTariff(request: TariffRequest): Tariff {
      const { from, ...tariff } = request;
      return store.addTariff({ ...tariff, effectiveFrom: startOfLocalDay(from, timeZone) }, clock.now());
    },

    vatRateBasisPoints: () => store.vatRateBasisPoints(),

    setVatRate(basisPoints: number): number {
      store.setVatRate(basisPoints, clock.now());
      return store.vatRateBasisPoints();
    },

    addAdjustment(request: AdjustmentRequest): Adjustment {
      return store.addAdjustment(request, clock.now());
    },

    adjustments(organisationId: string, period?: { from: LocalDate; to: LocalDate }): Adjustment[] {
      return store.adjustments(organisationId, period && localPeriod(period.from, period.to, timeZone));
    },
  };
}
