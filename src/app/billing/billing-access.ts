import { assertNever } from '../../domain/assert-never';
import type { Adjustment } from '../../domain/billing/adjustment';
import { isBillingRefusal, type BillingRefusal } from '../../domain/billing/billing-refusal';
import type { LocalDate } from '../../domain/billing/calendar';
import type { RoomPrice } from '../../domain/billing/room-prices';
import type { Tariff } from '../../domain/billing/tariff';
import type { VatRate } from '../../domain/billing/vat';
import { AdminError, notFound } from '../admin/admin-error';
import { canSeeOrganisation, type Principal } from '../admin/roles';
import type { AdjustmentRequest, BillingManagement, RoomPriceRequest, TariffRequest, VatRateRequest } from './billing-management';

/**
 * Billing settings over the admin API. The platform's operator sets tariffs,
 * VAT rates and room prices. A correction is made by whoever sells to the account: the
 * operator for any account, a reseller for the accounts it resells (never
 * its own, which the platform bills). An organisation's own admins and
 * finance read their tariffs and adjustments and change nothing. An account
 * outside the caller's scope does not exist for it (404).
 */
export interface BillingAccess {
  timeZone: string;
  allTariffs(): Promise<Tariff[]>;
  tariffsOf(principal: Principal, organisationId: string): Promise<Tariff[]>;
  /** Operators only (the route says so). */
  addTariff(request: TariffRequest): Promise<Tariff>;
  vatRates(): Promise<VatRate[]>;
  currentVatRate(): Promise<VatRate>;
  /** Operators only (the route says so). */
  addVatRate(request: VatRateRequest): Promise<VatRate>;
  roomPrices(): Promise<RoomPrice[]>;
  /** Operators only (the route says so). */
  addRoomPrice(request: RoomPriceRequest): Promise<RoomPrice>;
  adjustmentsOf(principal: Principal, organisationId: string, period?: { from: LocalDate; to: LocalDate }): Promise<Adjustment[]>;
  addAdjustment(principal: Principal, request: Omit<AdjustmentRequest, 'createdBy'>): Promise<Adjustment>;
}

export function createBillingAccess(deps: { billing: BillingManagement }): BillingAccess {
  const { billing } = deps;

  async function requireVisible(principal: Principal, organisationId: string): Promise<void> {
    if (!canSeeOrganisation(principal, organisationId) || !(await billing.organisationExists(organisationId))) {
      throw notFound('organisation');
    }
  }

  function requireSeller(principal: Principal, organisationId: string): void {
    switch (principal.role) {
      case 'operator':
        return;
      case 'reseller':
        if (organisationId !== principal.organisationId) return;
        throw new AdminError('forbidden', 'a reseller cannot correct its own account');
      case 'org-admin':
      case 'user':
      case 'finance':
        throw new AdminError('forbidden', `the ${principal.role} role may not correct charges`);
      default:
        return assertNever(principal.role);
    }
  }

  return {
    timeZone: billing.timeZone,

    allTariffs: (): Promise<Tariff[]> => billing.tariffs(null),

    async tariffsOf(principal: Principal, organisationId: string): Promise<Tariff[]> {
      await requireVisible(principal, organisationId);
      return billing.tariffs(organisationId);
    },

    async addTariff(request: TariffRequest): Promise<Tariff> {
      if (request.organisationId !== null && !(await billing.organisationExists(request.organisationId))) {
        throw new AdminError('invalid', 'no such organisation', 'organisationId');
      }
      return orRefuse(await billing.addTariff(request));
    },

    vatRates: () => billing.vatRates(),

    currentVatRate: () => billing.currentVatRate(),

    addVatRate: async (request: VatRateRequest): Promise<VatRate> => orRefuse(await billing.addVatRate(request)),

    roomPrices: () => billing.roomPrices(),

    addRoomPrice: async (request: RoomPriceRequest): Promise<RoomPrice> => orRefuse(await billing.addRoomPrice(request)),

    async adjustmentsOf(principal: Principal, organisationId: string, period?: { from: LocalDate; to: LocalDate }): Promise<Adjustment[]> {
      await requireVisible(principal, organisationId);
      return billing.adjustments(organisationId, period);
    },

    async addAdjustment(principal: Principal, request: Omit<AdjustmentRequest, 'createdBy'>): Promise<Adjustment> {
      await requireVisible(principal, request.organisationId);
      requireSeller(principal, request.organisationId);
      return orRefuse(await billing.addAdjustment({ ...request, createdBy: principal.userId }));
    },
  };
}

/**
 * The billing rules' refusals as the API states them, in one place. A meeting
 * or leg of another account reads like one that does not exist, so nothing
 * leaks across.
 */
function orRefuse<T>(outcome: T | BillingRefusal): T {
  if (!isBillingRefusal(outcome)) return outcome;
  switch (outcome.code) {
    case 'unknown-organisation':
      throw notFound('organisation');
    case 'unknown-meeting':
    case 'meeting-of-another-organisation':
      throw new AdminError('invalid', 'no such meeting in this organisation', outcome.field);
    case 'unknown-leg':
    case 'leg-of-another-organisation':
      throw new AdminError('invalid', 'no such leg in this organisation', outcome.field);
    case 'already-starts-then':
      throw new AdminError('conflict', outcome.message);
    case 'retroactive':
    case 'invalid-amount':
    case 'missing-reason':
    case 'not-sold-by-the-month':
      throw new AdminError('invalid', outcome.message, outcome.field);
    default:
      return assertNever(outcome.code);
  }
}
