import { BillingError } from '../../domain/billing/billing-error';
import type { RoundingMode } from '../../domain/billing/rounding';
import type { Tariff } from '../../domain/billing/tariff';
import type { Adjustment, BillingStore, InstantRange, NewAdjustment, NewTariff } from '../../app/ports/billing-store';
import type { Database } from './database';
import { newId } from './new-id';

interface TariffRow {
  id: string;
  organisation_id: string | null;
  effective_from: number;
  rate_ore_per_minute: number;
  rounding: RoundingMode;
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

/**
 * Billing settings that people change: tariffs, the VAT rate, adjustments.
 * Charges themselves are written only by the rater.
 */
export class BillingRepository implements BillingStore {
  private readonly selectTariffs;
  private readonly insertTariff;
  private readonly tariffAt;
  private readonly selectVat;
  private readonly updateVat;
  private readonly insertAdjustment;
  private readonly selectAdjustments;
  private readonly selectOrganisation;
  private readonly meetingOrganisation;
  private readonly legOrganisation;

  constructor(db: Database) {
    this.selectTariffs = db.prepare<[], TariffRow>(
      'SELECT id, organisation_id, effective_from, rate_ore_per_minute, rounding FROM tariffs ORDER BY effective_from, id',
    );
    this.insertTariff = db.prepare<[TariffRow & { created_at: number }]>(
      `INSERT INTO tariffs (id, organisation_id, effective_from, rate_ore_per_minute, rounding, created_at)
       VALUES (@id, @organisation_id, @effective_from, @rate_ore_per_minute, @rounding, @created_at)`,
    );
    this.tariffAt = db.prepare<[string, number], { id: string }>(
      "SELECT id FROM tariffs WHERE coalesce(organisation_id, '') = ? AND effective_from = ?",
    );
    this.selectVat = db.prepare<[], { vat_rate_basis_points: number }>('SELECT vat_rate_basis_points FROM billing_settings WHERE id = 1');
    this.updateVat = db.prepare<[number, number]>('UPDATE billing_settings SET vat_rate_basis_points = ?, updated_at = ? WHERE id = 1');
    this.insertAdjustment = db.prepare<[Adjustment]>(
      `INSERT INTO adjustments (id, organisation_id, meeting_id, leg_id, amount_ore, reason, created_by, effective_at, created_at)
       VALUES (@id, @organisationId, @meetingId, @legId, @amountOre, @reason, @createdBy, @effectiveAt, @createdAt)`,
    );
    this.selectAdjustments = db.prepare<[string, number, number], AdjustmentRow>(
      `SELECT id, organisation_id, meeting_id, leg_id, amount_ore, reason, created_by, effective_at, created_at
       FROM adjustments WHERE organisation_id = ? AND effective_at >= ? AND effective_at < ?
       ORDER BY effective_at, id`,
    );
    this.selectOrganisation = db.prepare<[string], { id: string }>('SELECT id FROM organisations WHERE id = ?');
    this.meetingOrganisation = db.prepare<[string], { organisation_id: string }>('SELECT organisation_id FROM meetings WHERE id = ?');
    this.legOrganisation = db.prepare<[string], { organisation_id: string; meeting_id: string }>(
      'SELECT m.organisation_id, m.id AS meeting_id FROM legs l JOIN meetings m ON m.id = l.meeting_id WHERE l.id = ?',
    );
  }

  tariffs(): Tariff[] {
    return this.selectTariffs.all().map((row) => ({
      id: row.id,
      organisationId: row.organisation_id,
      effectiveFrom: row.effective_from,
      rateOrePerMinute: row.rate_ore_per_minute,
      rounding: row.rounding,
    }));
  }

  /**
   * Adds a rate from `effectiveFrom` on. It may not start before `at` (now):
   * legs already rated keep their charges, and a retroactive rate would make
   * legs that are still open pay a price nobody had announced.
   */
  addTariff(tariff: NewTariff, at: number): Tariff {
    if (!Number.isSafeInteger(tariff.rateOrePerMinute) || tariff.rateOrePerMinute < 0) {
      throw new BillingError('invalid-amount', 'the rate must be a whole, non-negative number of øre per minute');
    }
    if (tariff.effectiveFrom < at) {
      throw new BillingError('retroactive-tariff', 'a tariff cannot take effect in the past');
    }
    if (tariff.organisationId !== null) this.requireOrganisation(tariff.organisationId);
    if (this.tariffAt.get(tariff.organisationId ?? '', tariff.effectiveFrom)) {
      throw new BillingError('tariff-exists', 'a tariff for this account already starts at that instant');
    }
    const id = newId('tariff');
    this.insertTariff.run({
      id,
      organisation_id: tariff.organisationId,
      effective_from: tariff.effectiveFrom,
      rate_ore_per_minute: tariff.rateOrePerMinute,
      rounding: tariff.rounding,
      created_at: at,
    });
    return { id, ...tariff };
  }

  /** VAT rate in basis points (2500 = 25 %). */
  vatRateBasisPoints(): number {
    const row = this.selectVat.get();
    if (!row) throw new Error('billing_settings row is missing: run the migrations');
    return row.vat_rate_basis_points;
  }

  setVatRate(basisPoints: number, at: number): void {
    if (!Number.isSafeInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
      throw new BillingError('invalid-amount', 'the VAT rate must be 0 to 10000 basis points');
    }
    this.updateVat.run(basisPoints, at);
  }

  /** Records a signed correction. A meeting or leg it refers to must be charged to the same account. */
  addAdjustment(adjustment: NewAdjustment, at: number): Adjustment {
    if (!Number.isSafeInteger(adjustment.amountOre) || adjustment.amountOre === 0) {
      throw new BillingError('invalid-amount', 'an adjustment is a whole, non-zero number of øre');
    }
    if (adjustment.reason.trim() === '' || adjustment.createdBy.trim() === '') {
      throw new BillingError('missing-reason', 'an adjustment needs a reason and who made it');
    }
    this.requireOrganisation(adjustment.organisationId);
    let meetingId = adjustment.meetingId ?? null;
    const legId = adjustment.legId ?? null;
    if (legId !== null) {
      const leg = this.legOrganisation.get(legId);
      if (!leg) throw new BillingError('unknown-leg', 'no leg in a meeting with that id');
      if (leg.organisation_id !== adjustment.organisationId) {
        throw new BillingError('leg-of-another-organisation', 'the leg was charged to another account');
      }
      if (meetingId !== null && meetingId !== leg.meeting_id) {
        throw new BillingError('unknown-meeting', 'the leg is not in that meeting');
      }
      meetingId = leg.meeting_id;
    } else if (meetingId !== null) {
      const meeting = this.meetingOrganisation.get(meetingId);
      if (!meeting) throw new BillingError('unknown-meeting', 'no meeting with that id');
      if (meeting.organisation_id !== adjustment.organisationId) {
        throw new BillingError('meeting-of-another-organisation', 'the meeting was charged to another account');
      }
    }
    const record: Adjustment = {
      id: newId('adj'),
      organisationId: adjustment.organisationId,
      meetingId,
      legId,
      amountOre: adjustment.amountOre,
      reason: adjustment.reason.trim(),
      createdBy: adjustment.createdBy.trim(),
      effectiveAt: adjustment.effectiveAt ?? at,
      createdAt: at,
    };
    this.insertAdjustment.run(record);
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

  private requireOrganisation(organisationId: string): void {
    if (!this.organisationExists(organisationId)) {
      throw new BillingError('unknown-organisation', 'no organisation with that id');
    }
  }
}
