import { assertNever } from '../../domain/assert-never';
import { BillingError } from '../../domain/billing/billing-error';
import type { LocalDate } from '../../domain/billing/calendar';
import type { Tariff } from '../../domain/billing/tariff';
import { AdminError, notFound } from '../admin/admin-error';
import { canSeeOrganisation, type Principal } from '../admin/roles';
import type { AdjustmentRequest, BillingManagement, TariffRequest } from './billing-management';
import type { Adjustment } from '../ports/billing-store';

/**
 * Billing settings over the admin API. The platform's operator sets tariffs
 * and the VAT rate. A correction is made by whoever sells to the account: the
 * operator for any account, a reseller for the accounts it resells (never
 * its own, which the platform bills). An organisation's own admins and
 * finance read their tariffs and adjustments and change nothing. An account
 * outside the caller's scope does not exist for it (404).
 */
export interface BillingAccess {
  timeZone: string;
  allTariffs(): Tariff[];
  tariffsOf(principal: Principal, organisationId: string): Tariff[];
  /** Operators only (the route says so). */
  addTariff(request: TariffRequest): Tariff;
  vatRateBasisPoints(): number;
  /** Operators only (the route says so); answers with the rate now stored. */
  setVatRate(basisPoints: number): number;
  adjustmentsOf(principal: Principal, organisationId: string, period?: { from: LocalDate; to: LocalDate }): Adjustment[];
  addAdjustment(principal: Principal, request: Omit<AdjustmentRequest, 'createdBy'>): Adjustment;
}

export function createBillingAccess(deps: { billing: BillingManagement }): BillingAccess {
  const { billing } = deps;

  function requireVisible(principal: Principal, organisationId: string): void {
    if (!canSeeOrganisation(principal, organisationId) || !billing.organisationExists(organisationId)) {
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

    allTariffs: (): Tariff[] => billing.tariffs(null),

    tariffsOf(principal: Principal, organisationId: string): Tariff[] {
      requireVisible(principal, organisationId);
      return billing.tariffs(organisationId);
    },

    addTariff(request: TariffRequest): Tariff {
      if (request.organisationId !== null && !billing.organisationExists(request.organisationId)) {
        throw new AdminError('invalid', 'no such organisation', 'organisationId');
      }
      return refusals(() => billing.addTariff(request));
    },

    vatRateBasisPoints: () => billing.vatRateBasisPoints(),

    setVatRate: (basisPoints: number): number => refusals(() => billing.setVatRate(basisPoints)),

    adjustmentsOf(principal: Principal, organisationId: string, period?: { from: LocalDate; to: LocalDate }): Adjustment[] {
      requireVisible(principal, organisationId);
      return billing.adjustments(organisationId, period);
    },

    addAdjustment(principal: Principal, request: Omit<AdjustmentRequest, 'createdBy'>): Adjustment {
      requireVisible(principal, request.organisationId);
      requireSeller(principal, request.organisationId);
      return refusals(() => billing.addAdjustment({ ...request, createdBy: principal.userId }));
    },
  };
}

/**
 * The store's refusals as the API states them. A meeting or leg of another
 * account reads like one that does not exist, so nothing leaks across.
 */
function refusals<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof BillingError)) throw error;
    switch (error.code) {
      case 'unknown-organisation':
        throw notFound('organisation');
      case 'unknown-meeting':
      case 'meeting-of-another-organisation':
        throw new AdminError('invalid', 'no such meeting in this organisation', 'meetingId');
      case 'unknown-leg':
      case 'leg-of-another-organisation':
        throw new AdminError('invalid', 'no such leg in this organisation', 'legId');
      case 'retroactive-tariff':
        throw new AdminError('invalid', error.message, 'effectiveFrom');
      case 'tariff-exists':
        throw new AdminError('conflict', error.message);
      case 'invalid-amount':
      case 'missing-reason':
        throw new AdminError('invalid', error.message);
      default:
        return assertNever(error.code);
    }
  }
}
