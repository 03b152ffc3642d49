import type { Adjustment } from '../../domain/billing/adjustment';
import type { NewRoomPrice, RoomPrice } from '../../domain/billing/room-prices';
import type { RoundingMode } from '../../domain/billing/rounding';
import type { RoomType } from '../../domain/room-types';
import type { NewTariff, Tariff } from '../../domain/billing/tariff';
import type { NewVatRate, VatRate } from '../../domain/billing/vat';
import type { BillingStore, InstantRange } from '../../app/ports/billing-store';
import { newId } from './new-id';
import type { SqlDatabase, SqlStatements } from './sql/sql-database';

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

/** Every tariff, by effective date: what the rater needs of the billing settings (and all it may assume exists). */
export async function readTariffs(db: SqlStatements): Promise<Tariff[]> {
  const rows = await db.all<TariffRow>(
    'SELECT id, organisation_id, effective_from, rate_ore_per_minute, rounding FROM tariffs ORDER BY effective_from, id',
  );
  return rows.map((row) => ({
    id: row.id,
    organisationId: row.organisation_id,
    effectiveFrom: row.effective_from,
    rateOrePerMinute: row.rate_ore_per_minute,
    rounding: row.rounding,
  }));
}

/** Every room price, by effective date: what the charge report needs of them. */
export async function readRoomPrices(db: SqlStatements): Promise<RoomPrice[]> {
  const rows = await db.all<RoomPriceRow>(
    'SELECT id, room_type, effective_from, price_ore_per_month FROM room_prices ORDER BY effective_from, room_type',
  );
  return rows.map((row) => ({
    id: row.id,
    roomType: row.room_type,
    effectiveFrom: row.effective_from,
    priceOrePerMonth: row.price_ore_per_month,
  }));
}

/** Every VAT rate, by effective date. */
export async function readVatRates(db: SqlStatements): Promise<VatRate[]> {
  const rows = await db.all<VatRateRow>('SELECT id, effective_from, vat_rate_basis_points FROM vat_rates ORDER BY effective_from');
  return rows.map((row) => ({ id: row.id, effectiveFrom: row.effective_from, basisPoints: row.vat_rate_basis_points }));
}

/**
 * Billing settings that people change: tariffs, VAT rates, room prices, adjustments. It
 * stores what it is given: the rules are the domain's (src/domain/billing).
 * Charges themselves are written only by the rater.
 */
export class BillingRepository implements BillingStore {
  constructor(private readonly db: SqlDatabase) {}

  tariffs(): Promise<Tariff[]> {
    return readTariffs(this.db);
  }

  async insertTariff(tariff: NewTariff, at: number): Promise<Tariff> {
    const id = newId('tariff');
    await this.db.run(
      `INSERT INTO tariffs (id, organisation_id, effective_from, rate_ore_per_minute, rounding, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, tariff.organisationId, tariff.effectiveFrom, tariff.rateOrePerMinute, tariff.rounding, at],
    );
    return { id, ...tariff };
  }

  vatRates(): Promise<VatRate[]> {
    return readVatRates(this.db);
  }

  async insertVatRate(rate: NewVatRate, at: number): Promise<VatRate> {
    const id = newId('vat');
    await this.db.run('INSERT INTO vat_rates (id, effective_from, vat_rate_basis_points, created_at) VALUES ($1, $2, $3, $4)', [
      id,
      rate.effectiveFrom,
      rate.basisPoints,
      at,
    ]);
    return { id, ...rate };
  }

  roomPrices(): Promise<RoomPrice[]> {
    return readRoomPrices(this.db);
  }

  async insertRoomPrice(price: NewRoomPrice, at: number): Promise<RoomPrice> {
    const id = newId('room-price');
    await this.db.run(
      'INSERT INTO room_prices (id, room_type, effective_from, price_ore_per_month, created_at) VALUES ($1, $2, $3, $4, $5)',
      [id, price.roomType, price.effectiveFrom, price.priceOrePerMonth, at],
    );
    return { id, ...price };
  }

  async insertAdjustment(adjustment: Omit<Adjustment, 'id'>): Promise<Adjustment> {
    const record = { id: newId('adj'), ...adjustment };
    await this.db.run(
      `INSERT INTO adjustments (id, organisation_id, meeting_id, leg_id, amount_ore, reason, created_by, effective_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        record.id,
        record.organisationId,
        record.meetingId,
        record.legId,
        record.amountOre,
        record.reason,
        record.createdBy,
        record.effectiveAt,
        record.createdAt,
      ],
    );
    return record;
  }

  async adjustments(organisationId: string, range?: InstantRange): Promise<Adjustment[]> {
    const { startsAt, endsAt } = range ?? { startsAt: Number.MIN_SAFE_INTEGER, endsAt: Number.MAX_SAFE_INTEGER };
    const rows = await this.db.all<AdjustmentRow>(
      `SELECT id, organisation_id, meeting_id, leg_id, amount_ore, reason, created_by, effective_at, created_at
       FROM adjustments WHERE organisation_id = $1 AND effective_at >= $2 AND effective_at < $3
       ORDER BY effective_at, id`,
      [organisationId, startsAt, endsAt],
    );
    return rows.map((row) => ({
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

  async organisationExists(organisationId: string): Promise<boolean> {
    return (await this.db.get('SELECT id FROM organisations WHERE id = $1', [organisationId])) !== undefined;
  }

  async meetingAccount(meetingId: string): Promise<{ organisationId: string } | null> {
    const row = await this.db.get<{ organisation_id: string }>('SELECT organisation_id FROM meetings WHERE id = $1', [meetingId]);
    return row === undefined ? null : { organisationId: row.organisation_id };
  }

  async legAccount(legId: string): Promise<{ organisationId: string; meetingId: string } | null> {
    const row = await this.db.get<{ organisation_id: string; meeting_id: string }>(
      'SELECT m.organisation_id, m.id AS meeting_id FROM legs l JOIN meetings m ON m.id = l.meeting_id WHERE l.id = $1',
      [legId],
    );
    return row === undefined ? null : { organisationId: row.organisation_id, meetingId: row.meeting_id };
  }
}
