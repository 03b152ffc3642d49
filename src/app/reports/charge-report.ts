import type { Period } from '../../domain/billing/calendar';
import type { InvoiceTotals } from '../../domain/billing/vat';
import type { RoomType } from '../../domain/room-types';
import type { AccountRow, AdjustmentRow, LegChargeRow, MeetingTotalsRow } from '../ports/charge-report-source';

/**
 * A charge report: per account, its meetings, optionally its legs, its
 * adjustments and the invoice totals. Instants are UTC ms; the writers print
 * them in the period's time zone. Accounts, meeting lines and leg lines are
 * read lazily, once, in that order (as the store streams them), so a month
 * of a million legs streams out without being held in memory.
 */
export interface ChargeReport {
  period: Period;
  generatedAt: number;
  currency: 'NOK';
  /** How VAT is computed: once on the total, or once per rate when the period spans a rate change. */
  vatRule: string;
  accounts: AsyncIterable<AccountChargeReport>;
}

export interface AccountChargeReport {
  account: AccountRow;
  meetings: AsyncIterable<MeetingTotalsRow>;
  /** Null unless leg lines were requested. Caller numbers are masked unless asked otherwise. */
  legs: AsyncIterable<LegChargeRow> | null;
  adjustments: AdjustmentRow[];
  /** The hosts' licence fees for the period, prorated by day. */
  licences: AsyncIterable<LicenceFeeLine>;
  /** The rooms' monthly fees for the period, prorated by day. */
  rooms: AsyncIterable<RoomFeeLine>;
  totals: AccountTotals;
}

/**
 * A fee for some days of the period, prorated by day: a host's licence, a
 * room's subscription. Every kind of fee line is made, supplied (for VAT,
 * from its first day), totalled and reconciled the same way.
 */
export interface FeeLine {
  /** First and last local day charged (inclusive), `YYYY-MM-DD`. */
  from: string;
  to: string;
  days: number;
  amountOre: number;
}

/** One licence's fee for the period: the days it ran in it, at its yearly price. */
export interface LicenceFeeLine extends FeeLine {
  licenceId: string;
  userId: string;
  userName: string;
  planId: string;
  planName: string;
  priceOrePerYear: number;
}

/** A room's fee for days of one month at one type and price (a month, or its part before or after a change). */
export interface RoomFeeLine extends FeeLine {
  conferenceId: string;
  conferenceName: string;
  roomType: RoomType;
  priceOrePerMonth: number;
}

/**
 * `chargesOre` is the usage (the meeting lines), `licenceFeesOre` and
 * `roomFeesOre` the fee lines; the total excl. VAT is all three plus the
 * adjustments.
 */
export type AccountTotals = {
  participants: number;
  realSeconds: number;
  chargedSeconds: number;
  licenceFeesOre: number;
  roomFeesOre: number;
} & InvoiceTotals;

/** The kinds of lines that add up to a total on the account. */
export type ReconciledLines = 'meeting' | 'leg' | 'licence' | 'room';

/**
 * The meeting, leg, licence or room lines of a report do not add up to
 * their total on the account. Never expected: a report that would not
 * reconcile is refused rather than handed to finance.
 */
export class ReconciliationError extends Error {
  constructor(
    readonly organisationId: string,
    readonly lines: ReconciledLines,
    readonly linesOre: number,
    readonly totalOre: number,
  ) {
    super(`the ${lines} lines (${linesOre} øre) do not add up to their total (${totalOre} øre)`);
    this.name = 'ReconciliationError';
  }
}
