import type { Adjustment } from '../../domain/billing/adjustment';
import type { NewRoomPrice, RoomPrice } from '../../domain/billing/room-prices';
import type { NewTariff, Tariff } from '../../domain/billing/tariff';
import type { NewVatRate, VatRate } from '../../domain/billing/vat';

/**
 * The billing settings people change: tariffs, VAT rates, room prices, adjustments
 * (implemented by adapters/db, on SQLite or PostgreSQL). The store keeps what it is given; the
 * domain's rules (src/domain/billing), applied by billing-management.ts,
 * decide what may be stored. Charges themselves are written only by the
 * rater and never here.
 */
export interface BillingStore {
  /** Every tariff, by effective date. */
  tariffs(): Promise<Tariff[]>;
  insertTariff(tariff: NewTariff, at: number): Promise<Tariff>;
  /** Every VAT rate, by effective date. */
  vatRates(): Promise<VatRate[]>;
  insertVatRate(rate: NewVatRate, at: number): Promise<VatRate>;
  /** Every room price, by effective date. */
  roomPrices(): Promise<RoomPrice[]>;
  insertRoomPrice(price: NewRoomPrice, at: number): Promise<RoomPrice>;
  insertAdjustment(adjustment: Omit<Adjustment, 'id'>): Promise<Adjustment>;
  /** The account's adjustments, by effective instant; only those in [startsAt, endsAt) when a range is given. */
  adjustments(organisationId: string, range?: InstantRange): Promise<Adjustment[]>;
  organisationExists(organisationId: string): Promise<boolean>;
  /** The account a meeting was charged to; null when there is no such meeting. */
  meetingAccount(meetingId: string): Promise<{ organisationId: string } | null>;
  /** A leg's meeting and the account it was charged to; null when there is no such leg in a meeting. */
  legAccount(legId: string): Promise<{ organisationId: string; meetingId: string } | null>;
}

export interface InstantRange {
  startsAt: number;
  endsAt: number;
}
