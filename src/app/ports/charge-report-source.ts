import type { Adjustment } from '../../domain/billing/adjustment';
import type { RoomPrice } from '../../domain/billing/room-prices';
import type { VatRate } from '../../domain/billing/vat';
import type { LegRole } from '../../domain/conference/legs-and-meetings';
import type { RoomSubscription } from '../../domain/provisioning/room-subscription';

/**
 * What the charge report reads (implemented by adapters/db), on a read-only
 * connection of its own, in one snapshot: the legs are rated before a report
 * is asked for. Every period argument is the half-open instant range
 * [startsAt, endsAt); a leg is in the period when its meeting started in it.
 * What is read lazily (streamed from the store) must be read to its end
 * before the next read.
 */
export interface ChargeReportSource {
  /** The account, or null if unknown. */
  account(organisationId: string): Promise<AccountRow | null>;
  /** Accounts with charges or adjustments in the period, ordered by id. */
  accountsWithActivity(startsAt: number, endsAt: number): Promise<AccountRow[]>;
  /** One row per meeting started in the period (with charged legs), by meeting start; read lazily, once. */
  meetingTotals(organisationId: string, startsAt: number, endsAt: number): AsyncIterable<MeetingTotalsRow>;
  /** The sums of those meeting rows. */
  meetingSums(organisationId: string, startsAt: number, endsAt: number): Promise<MeetingSums>;
  /** The leg charges of the period, by meeting (in meeting order), then entry; read lazily, once. */
  legCharges(organisationId: string, startsAt: number, endsAt: number): AsyncIterable<LegChargeRow>;
  /**
   * The adjustments of the period, by effective instant, each with its time
   * of supply for VAT: the start of the meeting it corrects, else when it
   * takes effect (src/domain/billing/vat.ts).
   */
  adjustments(organisationId: string, startsAt: number, endsAt: number): Promise<Array<{ adjustment: AdjustmentRow; suppliedAt: number }>>;
  /** Every VAT rate, by effective date. */
  vatRates(): Promise<VatRate[]>;
}

export interface AccountRow {
  organisationId: string;
  name: string;
  billingReference: string;
}

export interface MeetingSums {
  participants: number;
  realSeconds: number;
  chargedSeconds: number;
  amountOre: number;
}

export interface MeetingTotalsRow {
  meetingId: string;
  conferenceId: string;
  conferenceName: string;
  startedAt: number;
  endedAt: number | null;
  /** Legs charged in the period (each call counts once). */
  participants: number;
  realSeconds: number;
  chargedSeconds: number;
  amountOre: number;
}

export interface LegChargeRow {
  legId: string;
  meetingId: string;
  role: LegRole;
  /** Normalised to E.164 where it could be (lines rated before migration 0007: as presented); null when withheld. */
  callerNumber: string | null;
  dialledNumber: string;
  /** Entered the open meeting (billable from). */
  joinedAt: number;
  /** Left, or the meeting ended (billable until). */
  leftAt: number;
  /** The end was estimated from the last checkpoint after a crash. */
  estimated: boolean;
  realSeconds: number;
  chargedSeconds: number;
  rateOrePerMinute: number;
  rounding: string;
  tariffId: string;
  amountOre: number;
}

/** An adjustment as the report lists it, under its account. */
export type AdjustmentRow = Omit<Adjustment, 'id' | 'organisationId'> & { adjustmentId: string };

/** A licence running in a period, with the names a report prints (implemented by adapters/db). */
export interface LicenceFeeSource {
  /** Licences of the account (or of every account) running on some day of `from`..`to`. */
  licencesRunning(organisationId: string | null, from: string, to: string): Promise<RunningLicence[]>;
}

/** A licence with its user's and plan's names; days are `YYYY-MM-DD`. */
export interface RunningLicence {
  licenceId: string;
  organisationId: string;
  userId: string;
  userName: string;
  planId: string;
  planName: string;
  priceOrePerYear: number;
  startsOn: string;
  endsOn: string | null;
}

/** The room subscriptions running in a period and the room prices (implemented by adapters/db). */
export interface RoomFeeSource {
  /** Subscriptions of the account (or of every account) running at some instant of [startsAt, endsAt), by account. */
  running(organisationId: string | null, startsAt: number, endsAt: number): Promise<RunningRoomSubscription[]>;
  /** Every room price, by effective date. */
  roomPrices(): Promise<RoomPrice[]>;
}

/** A room's subscription with its whole history, the room's name and the account it is charged to. */
export interface RunningRoomSubscription extends RoomSubscription {
  conferenceId: string;
  conferenceName: string;
  organisationId: string;
}
