import type { Adjustment } from '../../domain/billing/adjustment';
import type { NewRoomPrice, RoomPrice } from '../../domain/billing/room-prices';
import type { RoundingMode } from '../../domain/billing/rounding';
import type { RoomType } from '../../domain/room-types';
import type { NewTariff, Tariff } from '../../domain/billing/tariff';
import type { NewVatRate, VatRate } from '../../domain/billing/vat';
import type { BillingStore, InstantRange } from '../../app/ports/billing-store';
import type { Database } from './database';
import { newId } from './new-id';

interface TariffRow {
  id: string;
  organisation_id: string | null;
  effective_from: number;
  rate_ore_per_minute: number;
  rounding: RoundingMode;
}

interface VatRateRow {
  id: string;
  effective_from: number;
  vat_rate_basis_points: number;
}

interface RoomPriceRow {
  id: string;
  room_type: RoomType;
  effective_from: number;
  price_ore_per_month: number;
}

interface AdjustmentRow {
  id: string;
  organisation_id: string;
  meeting_id: string | null;
  leg_id: string | null;
  amount_ore: number;
  reason: string;
  created_by: string;
  effective_at: number;
  created_at: number;
}

/** Reads every tariff, by effective date: what the rater needs of the billing settings (and all it may assume exists). */
export function tariffReader(db: Database): () => Tariff[] {
  const selectTariffs = db.prepare<[], TariffRow>(
    'SELECT id, organisation_id, effective_from, rate_ore_per_minute, rounding FROM tariffs ORDER BY effective_from, id',
  );
  return () =>
    selectTariffs.all().map((row) => ({
      id: row.id,
      organisationId: row.organisation_id,
      effectiveFrom: row.effective_from,
      rateOrePerMinute: row.rate_ore_per_minute,
      rounding: row.rounding,
    }));
}

/** Reads every room price, by effective date: what the charge report needs of them. */
export function roomPriceReader(db: Database): () => RoomPrice[] {
  const selectRoomPrices = db.prepare<[], RoomPriceRow>(
    'SELECT id, room_type, effective_from, price_ore_per_month FROM room_prices ORDER BY effective_from, room_type',
  );
  return () =>
    selectRoomPrices.all().map((row) => ({
      id: row.id,
      roomType: row.room_type,
      effectiveFrom: row.effective_from,
      priceOrePerMonth: row.price_ore_per_month,
    }));
}

/**
 * Billing settings that people change: tariffs, VAT rates, room prices, adjustments. It
 * stores what it is given: the rules are the domain's (src/domain/billing).
 * Charges themselves are written only by the rater.
 */
export class BillingRepository implements BillingStore {
  readonly tariffs: () => Tariff[];
  readonly roomPrices: () => RoomPrice[];
  private readonly insertRoomPriceRow;
  private readonly insertTariffRow;
  private readonly selectVatRates;
  private readonly insertVatRateRow;
  private readonly insertAdjustmentRow;
  private readonly selectAdjustments;
  private readonly selectOrganisation;
  private readonly selectMeetingAccount;
  private readonly selectLegAccount;

  constructor(db: Database) {
    this.tariffs = tariffReader(db);
    this.roomPrices = roomPriceReader(db);
    this.insertRoomPriceRow = db.prepare<[RoomPriceRow & { created_at: number }]>(
      `INSERT INTO room_prices (id, room_type, effective_from, price_ore_per_month, created_at)
       VALUES (@id, @room_type, @effective_from, @price_ore_per_month, @created_at)`,
    );
    this.insertTariffRow = db.prepare<[TariffRow & { created_at: number }]>(
      `INSERT INTO tariffs (id, organisation_id, effective_from, rate_ore_per_minute, rounding, created_at)
       VALUES (@id, @organisation_id, @effective_from, @rate_ore_per_minute, @rounding, @created_at)`,
    );
    this.selectVatRates = db.prepare<[], VatRateRow>(
      'SELECT id, effective_from, vat_rate_basis_points FROM vat_rates ORDER BY effective_from',
    );
    this.insertVatRateRow = db.prepare<[VatRateRow & { created_at: number }]>(
      `INSERT INTO vat_rates (id, effective_from, vat_rate_basis_points, created_at)
       VALUES (@id, @effective_from, @vat_rate_basis_points, @created_at)`,
    );
    this.insertAdjustmentRow = db.prepare<[Adjustment]>(
      `INSERT INTO adjustments (id, organisation_id, meeting_id, leg_id, amount_ore, reason, created_by, effective_at, created_at)
       VALUES (@id, @organisationId, @meetingId, @legId, @amountOre, @reason, @createdBy, @effectiveAt, @createdAt)`,
    );
    this.selectAdjustments = db.prepare<[string, number, number], AdjustmentRow>(
      `SELECT id, organisation_id, meeting_id, leg_id, amount_ore, reason, created_by, effective_at, created_at
       FROM adjustments WHERE organisation_id = ? AND effective_at >= ? AND effective_at < ?
       ORDER BY effective_at, id`,
    );
    this.selectOrganisation = db.prepare<[string], { id: string }>('SELECT id FROM organisations WHERE id = ?');
    this.selectMeetingAccount = db.prepare<[string], { organisationId: string }>(
      'SELECT organisation_id AS organisationId FROM meetings WHERE id = ?',
    );
    this.selectLegAccount = db.prepare<[string], { organisationId: string; meetingId: string }>(
      'SELECT m.organisation_id AS organisationId, m.id AS meetingId FROM legs l JOIN meetings m ON m.id = l.meeting_id WHERE l.id = ?',
    );
  }

  insertTariff(tariff: NewTariff, at: number): Tariff {
    const id = newId('tariff');
    this.insertTariffRow.run({
      id,
      organisation_id: tariff.organisationId,
      effective_from: tariff.effectiveFrom,
      rate_ore_per_minute: tariff.rateOrePerMinute,
      rounding: tariff.rounding,
      created_at: at,
    });
    return { id, ...tariff };
  }

  vatRates(): VatRate[] {
    return this.selectVatRates
      .all()
      .map((row) => ({ id: row.id, effectiveFrom: row.effective_from, basisPoints: row.vat_rate_basis_points }));
  }

  insertVatRate(rate: NewVatRate, at: number): VatRate {
    const id = newId('vat');
    this.insertVatRateRow.run({ id, effective_from: rate.effectiveFrom, vat_rate_basis_points: rate.basisPoints, created_at: at });
    return { id, ...rate };
  }

  insertRoomPrice(price: NewRoomPrice, at: number): RoomPrice {
    const id = newId('room-price');
    this.insertRoomPriceRow.run({
      id,
      room_type: price.roomType,
      effective_from: price.effectiveFrom,
      price_ore_per_month: price.priceOrePerMonth,
      created_at: at,
    });
    return { id, ...price };
  }

  insertAdjustment(adjustment: Omit<Adjustment, 'id'>): Adjustment {
    const record = { id: newId('adj'), ...adjustment };
    this.insertAdjustmentRow.run(record);
    return record;
  }

  adjustments(organisationId: string, range?: InstantRange): Adjustment[] {
    const { startsAt, endsAt } = range ?? { startsAt: Number.MIN_SAFE_INTEGER, endsAt: Number.MAX_SAFE_INTEGER };
    return this.selectAdjustments.all(organisationId, startsAt, endsAt).map((row) => ({
      id: row.id,
      organisationId: row.organisation_id,
      meetingId: row.meeting_id,
      legId: row.leg_id,
      amountOre: row.amount_ore,
      reason: row.reason,
      createdBy: row.created_by,
      effectiveAt: row.effective_at,
      createdAt: row.created_at,
    }));
  }

  organisationExists(organisationId: string): boolean {
    return this.selectOrganisation.get(organisationId) !== undefined;
  }

  meetingAccount(meetingId: string): { organisationId: string } | null {
    return this.selectMeetingAccount.get(meetingId) ?? null;
  }

  legAccount(legId: string): { organisationId: string; meetingId: string } | null {
    return this.selectLegAccount.get(legId) ?? null;
  }
}
