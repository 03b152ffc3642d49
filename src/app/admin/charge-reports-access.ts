import type { ChargeReport } from '../reports/charge-report';
import type { ChargeReportRequest, ChargeReportService } from '../reports/charge-report-service';
import { assertNever } from '../../domain/assert-never';
import { AdminError, notFound } from './admin-error';
import { canSeeOrganisation, type Principal } from './roles';

/**
 * Charge reports as finance and admins may read them: only of organisations
 * in the caller's scope. Without an account, an operator gets every account
 * with activity and an organisation's own staff get their organisation.
 */
export interface ChargeReportsAccess {
  build(principal: Principal, request: ChargeReportRequest): ChargeReport;
}

export function createChargeReportsAccess(deps: { reports: ChargeReportService }): ChargeReportsAccess {
  const { reports } = deps;

  function accountFor(principal: Principal, requested: string | null): string | null {
    if (requested !== null) {
      if (!canSeeOrganisation(principal, requested)) throw notFound('organisation');
      return requested;
    }
    switch (principal.role) {
      case 'operator':
        return null;
      case 'reseller':
        throw new AdminError('invalid', 'name the account: a reseller serves several', 'account');
      case 'org-admin':
      case 'finance':
      case 'user':
        return principal.organisationId;
      default:
        return assertNever(principal.role);
    }
  }

  return {
    build(principal: Principal, request: ChargeReportRequest): ChargeReport {
      const outcome = reports.build({ ...request, organisationId: accountFor(principal, request.organisationId) });
      switch (outcome.kind) {
        case 'report':
          return outcome.report;
        case 'unknown-account':
          throw notFound('organisation');
        default:
          return assertNever(outcome);
      }
    },
  };
}
