import { adjustmentRecord, type Adjustment } from '../../domain/billing/adjustment';
import { isBillingRefusal, type BillingRefusal } from '../../domain/billing/billing-refusal';
import { localPeriod, startOfLocalDay, type LocalDate } from '../../domain/billing/calendar';
import { newRoomPriceRefusal, type RoomPrice } from '../../domain/billing/room-prices';
import type { RoundingMode } from '../../domain/billing/rounding';
import type { RoomType } from '../../domain/room-types';
import { newTariffRefusal, type Tariff } from '../../domain/billing/tariff';
import { newVatRateRefusal, vatRateInForce, type VatRate } from '../../domain/billing/vat';
import type { Clock } from '../ports/clock-and-ids';
import type { BillingStore } from '../ports/billing-store';

export interface TariffRequest {
  /** null: the default for every account without a tariff of its own. */
  organisationId: string | null;
  /** The rate applies from the start of this day in the configured time zone. */
  from: LocalDate;
  rateOrePerMinute: number;
  rounding: RoundingMode;
}

export interface VatRateRequest {
  /** The rate applies from the start of this day in the configured time zone. */
  from: LocalDate;
  /** 2500 = 25 %. */
  basisPoints: number;
}

export interface RoomPriceRequest {
  roomType: RoomType;
  /** The price applies from the start of this day in the configured time zone. */
  from: LocalDate;
  priceOrePerMonth: number;
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
 * Tariffs, VAT rates, room prices and adjustments as finance names them: dates are
 * calendar days in the configured time zone, and everything happens "now".
 * The domain's rules decide what may be stored; a refusal is a value. Used
 * by the command line as it is and by the admin API behind its access rules.
 */
export interface BillingManagement {
  /** Calendar days of tariffs and periods are in this zone, e.g. Europe/Oslo. */
  timeZone: string;
  organisationExists(organisationId: string): Promise<boolean>;
  /** Every tariff (null), or those that can rate the account: its own and the defaults. */
  tariffs(organisationId: string | null): Promise<Tariff[]>;
  addTariff(request: TariffRequest): Promise<Tariff | BillingRefusal>;
  /** Every VAT rate, by effective date. */
  vatRates(): Promise<VatRate[]>;
  /** The VAT rate in force now. */
  currentVatRate(): Promise<VatRate>;
  addVatRate(request: VatRateRequest): Promise<VatRate | BillingRefusal>;
  /** Every room price, by effective date. */
  roomPrices(): Promise<RoomPrice[]>;
  addRoomPrice(request: RoomPriceRequest): Promise<RoomPrice | BillingRefusal>;
  /** Effective now: it lands on the report of the period it is made in, never on one already handed out. */
  addAdjustment(request: AdjustmentRequest): Promise<Adjustment | BillingRefusal>;
  /** The account's adjustments, all or those of the local dates `from`..`to` (inclusive). */
  adjustments(organisationId: string, period?: { from: LocalDate; to: LocalDate }): Promise<Adjustment[]>;
}

export function createBillingManagement(deps: { store: BillingStore; timeZone: string; clock: Pick<Clock, 'now'> }): BillingManagement {
  const { store, timeZone, clock } = deps;
  return {
    timeZone,
    organisationExists: (organisationId: string) => store.organisationExists(organisationId),

    async tariffs(organisationId: string | null): Promise<Tariff[]> {
      const all = await store.tariffs();
      if (organisationId === null) return all;
      return all.filter((tariff) => tariff.organisationId === null || tariff.organisationId === organisationId);
    },

    async addTariff(request: TariffRequest): Promise<Tariff | BillingRefusal> {
      const { from, ...rest } = request;
      const tariff = { ...rest, effectiveFrom: startOfLocalDay(from, timeZone) };
      const at = clock.now();
      const accountExists = tariff.organisationId === null || (await store.organisationExists(tariff.organisationId));
      return newTariffRefusal(tariff, at, { tariffs: await store.tariffs(), accountExists }) ?? store.insertTariff(tariff, at);
    },

    vatRates: () => store.vatRates(),

    async currentVatRate(): Promise<VatRate> {
      const rate = vatRateInForce(await store.vatRates(), clock.now());
      if (rate === null) throw new Error('no VAT rate is in force: run the migrations');
      return rate;
    },

    async addVatRate(request: VatRateRequest): Promise<VatRate | BillingRefusal> {
      const rate = { effectiveFrom: startOfLocalDay(request.from, timeZone), basisPoints: request.basisPoints };
      const at = clock.now();
      return newVatRateRefusal(rate, at, await store.vatRates()) ?? store.insertVatRate(rate, at);
    },

    roomPrices: () => store.roomPrices(),

    async addRoomPrice(request: RoomPriceRequest): Promise<RoomPrice | BillingRefusal> {
      const price = {
        roomType: request.roomType,
        effectiveFrom: startOfLocalDay(request.from, timeZone),
        priceOrePerMonth: request.priceOrePerMonth,
      };
      const at = clock.now();
      return newRoomPriceRefusal(price, at, await store.roomPrices()) ?? store.insertRoomPrice(price, at);
    },

    async addAdjustment(request: AdjustmentRequest): Promise<Adjustment | BillingRefusal> {
      const record = adjustmentRecord(request, clock.now(), {
        accountExists: await store.organisationExists(request.organisationId),
        leg: request.legId === undefined ? null : await store.legAccount(request.legId),
        meeting: request.meetingId === undefined ? null : await store.meetingAccount(request.meetingId),
      });
      return isBillingRefusal(record) ? record : store.insertAdjustment(record);
    },

    adjustments(organisationId: string, period?: { from: LocalDate; to: LocalDate }): Promise<Adjustment[]> {
      return store.adjustments(organisationId, period && localPeriod(period.from, period.to, timeZone));
    },
  };
}
