import type { ChargeReportQuery } from '../reports/charge-report-query';
import type { ChargeReportService } from '../reports/charge-report-service';
import type { ReportChunks } from '../ports/report-runner';
import { assertNever } from '../../domain/assert-never';
import { AdminError, notFound } from './admin-error';
import { canSeeOrganisation, type Principal } from './roles';

/**
 * Charge reports as finance and admins may read them: only of organisations
 * in the caller's scope. Without an account, an operator gets every account
 * with activity and an organisation's own staff get their organisation.
 */
export interface ChargeReportsAccess {
  /** The report, streamed as it is made off the event loop. */
  open(principal: Principal, query: ChargeReportQuery): Promise<ReportChunks>;
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
    async open(principal: Principal, query: ChargeReportQuery): Promise<ReportChunks> {
      const request = { ...query.request, organisationId: accountFor(principal, query.request.organisationId) };
      const run = await reports.run({ ...query, request });
      switch (run.kind) {
        case 'report':
          return run.chunks;
        case 'unknown-account':
          throw notFound('organisation');
        default:
          return assertNever(run);
      }
    },
  };
}
