import type { Clock } from '../ports/clock-and-ids';
import type { LiveControl } from '../ports/live-control';
import { createBillingAccess } from '../billing/billing-access';
import type { BillingManagement } from '../billing/billing-management';
import type { ChargeReportService } from '../reports/charge-report-service';
import type { ConferenceStore, OrganisationStore, TokenStore, UsageStore, UserStore } from '../ports/admin-stores';
import { createAuthenticator } from './authenticator';
import { createChargeReportsAccess } from './charge-reports-access';
import { createConferencesService } from './conferences-service';
import { createLiveService } from './live-service';
import { createOrganisationsService } from './organisations-service';
import { createStatisticsService } from './statistics-service';
import { createTokensService } from './tokens-service';
import { createUsersService } from './users-service';

export interface AdminStores {
  organisations: OrganisationStore;
  users: UserStore;
  tokens: TokenStore;
  conferences: ConferenceStore;
  usage: UsageStore;
}

/** Everything the admin API does, each service enforcing roles and scope. */
export function createAdminServices(deps: {
  stores: AdminStores;
  liveControl: LiveControl;
  /** The billing's charge reports, served to callers within their scope. */
  chargeReports: ChargeReportService;
  /** Tariffs, the VAT rate and adjustments. */
  billing: BillingManagement;
  clock: Pick<Clock, 'now'>;
  /** Days in the statistics are calendar days in this zone, e.g. Europe/Oslo. */
  timeZone: string;
}) {
  const { stores, liveControl, chargeReports, clock, timeZone } = deps;
  const users = createUsersService({ users: stores.users, clock });
  return {
    authenticator: createAuthenticator({ tokens: stores.tokens, organisations: stores.organisations, clock }),
    organisations: createOrganisationsService({ organisations: stores.organisations, clock }),
    users,
    tokens: createTokensService({ tokens: stores.tokens, users, clock }),
    conferences: createConferencesService({ conferences: stores.conferences, users: stores.users, liveControl, clock }),
    live: createLiveService({ conferences: stores.conferences, liveControl }),
    statistics: createStatisticsService({
      usage: stores.usage,
      organisations: stores.organisations,
      chargeReports,
      timeZone,
      clock,
    }),
    chargeReports: createChargeReportsAccess({ reports: chargeReports }),
    billing: createBillingAccess({ billing: deps.billing }),
  };
}

export type AdminServices = ReturnType<typeof createAdminServices>;
