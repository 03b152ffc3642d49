import type { Period } from '../../domain/billing/calendar';
import type { InvoiceTotals } from '../../domain/billing/vat';
import type { AccountRow, AdjustmentRow, LegChargeRow, MeetingTotalsRow } from '../ports/charge-report-source';

/**
 * A charge report: per account, its meetings, optionally its legs, its
 * adjustments and the invoice totals. Instants are UTC ms; the writers print
 * them in the period's time zone. Leg lines are read lazily, once, so a month
 * of a million legs streams out without being held in memory.
 */
export interface ChargeReport {
  period: Period;
  generatedAt: number;
  currency: 'NOK';
  vatRule: string;
  accounts: AccountChargeReport[];
}

export interface AccountChargeReport {
  account: AccountRow;
  meetings: MeetingTotalsRow[];
  /** Null unless leg lines were requested. Caller numbers are masked unless asked otherwise. */
  legs: Iterable<LegChargeRow> | null;
  adjustments: AdjustmentRow[];
  /** The hosts' licence fees for the period, prorated by day. */
  licences: LicenceFeeLine[];
  totals: AccountTotals;
}

/** One licence's fee for the period: the days it ran in it, at its yearly price. */
export interface LicenceFeeLine {
  licenceId: string;
  userId: string;
  userName: string;
  planId: string;
  planName: string;
  /** First and last local day charged (inclusive), `YYYY-MM-DD`. */
  from: string;
  to: string;
  days: number;
  priceOrePerYear: number;
  amountOre: number;
}

/**
 * `chargesOre` is the usage (the meeting lines), `licenceFeesOre` the licence
 * lines; the total excl. VAT is both plus the adjustments.
 */
export type AccountTotals = { participants: number; realSeconds: number; chargedSeconds: number; licenceFeesOre: number } & InvoiceTotals;

/**
 * The leg lines of a report do not add up to its meeting lines. Never expected:
 * a report that would not reconcile is refused rather than handed to finance.
 */
export class ReconciliationError extends Error {
  constructor(
    readonly organisationId: string,
    readonly legsOre: number,
    readonly meetingsOre: number,
  ) {
    super(`lines (${legsOre} øre) do not add up to their total (${meetingsOre} øre)`);
    this.name = 'ReconciliationError';
  }
}
