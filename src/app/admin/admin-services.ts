import type { Clock, Ids } from '../ports/clock-and-ids';
import { createBookingsService, type BookingsService } from '../bookings/bookings-service';
import { createLicensingService, type LicensingService } from '../licensing/licensing-service';
import type { LiveControl } from '../ports/live-control';
import { createBillingAccess, type BillingAccess } from '../billing/billing-access';
import type { BillingManagement } from '../billing/billing-management';
import type { ChargeReportService } from '../reports/charge-report-service';
import type { ChargeRater } from '../ports/charge-rater';
import type { ReportRunner } from '../ports/report-runner';
import type { AdminStores } from '../ports/admin-stores';
import { createAccessNumbersService, invitationAccessNumbers, type AccessNumbersService } from './access-numbers-service';
import { createAuthenticator, principalsOver, type Authenticator } from './authenticator';
import { DEFAULT_ACCOUNT_LOCKOUT_LIMITS } from '../../domain/access/failed-authentications';
import { DEFAULT_SESSION_LIMITS } from '../../domain/access/session-expiry';
import type { SignInStores } from '../ports/sign-in-stores';
import { createPasswordHasher, type ScryptParameters } from './password-hashing';
import { createPasswordsService, type PasswordsService } from './passwords-service';
import { createSessionsService, type SessionsService } from './sessions-service';
import { createChargeReportsAccess, type ChargeReportsAccess } from './charge-reports-access';
import { createConferenceProvisioning } from './conference-provisioning';
import { createConferencesService, type ConferencesService } from './conferences-service';
import { createLiveService, type LiveService } from './live-service';
import { createOrganisationsService, type OrganisationsService } from './organisations-service';
import { createStatisticsService, type StatisticsService } from './statistics-service';
import { createTokensService, type TokensService } from './tokens-service';
import { createUsersService, type UsersService } from './users-service';
import type { Logger } from '../../logger';

/** Everything the admin API does, each service enforcing roles and scope. */
export interface AdminServices {
  authenticator: Authenticator;
  /** People signing in to the portal with e-mail and password. */
  sessions: SessionsService;
  passwords: PasswordsService;
  organisations: OrganisationsService;
  users: UsersService;
  tokens: TokensService;
  conferences: ConferencesService;
  accessNumbers: AccessNumbersService;
  live: LiveService;
  statistics: StatisticsService;
  chargeReports: ChargeReportsAccess;
  billing: BillingAccess;
  bookings: BookingsService;
  licensing: LicensingService;
}

export function createAdminServices(deps: {
  stores: AdminStores & SignInStores;
  /** The cost of password hashes (default DEFAULT_SCRYPT_PARAMETERS); tests lower it to run quickly. */
  passwordHashing?: ScryptParameters;
  liveControl: LiveControl;
  /** The billing's charge reports, served to callers within their scope. */
  chargeReports: ChargeReportService;
  /** Statistics, like reports, are made off the event loop after the closed legs are rated. */
  rater: ChargeRater;
  runner: ReportRunner;
  /** Tariffs, the VAT rate and adjustments. */
  billing: BillingManagement;
  clock: Pick<Clock, 'now'>;
  /** Days in the statistics, licences and room bindings are calendar days in this zone, e.g. Europe/Oslo. */
  timeZone: string;
  ids: Ids;
  /** Tells the mail worker there is mail to send (nothing when no worker runs, as on the command line). */
  mailQueued?: () => void;
  logger: Logger;
}): AdminServices {
  const { stores, liveControl, chargeReports, clock, timeZone } = deps;
  const licensing = createLicensingService({
    licences: stores.licences,
    users: stores.users,
    organisations: stores.organisations,
    clock,
    timeZone,
  });
  const users = createUsersService({
    users: stores.users,
    clock,
    timeZone,
  });
  const hasher = createPasswordHasher(deps.passwordHashing);
  return {
    authenticator: createAuthenticator({ tokens: stores.tokens, organisations: stores.organisations, clock }),
    sessions: createSessionsService({
      stores,
      hasher,
      principalOf: principalsOver(stores.organisations),
      lockout: DEFAULT_ACCOUNT_LOCKOUT_LIMITS,
      limits: DEFAULT_SESSION_LIMITS,
      clock,
      logger: deps.logger,
    }),
    passwords: createPasswordsService({ passwords: stores.passwords, users, hasher, clock }),
    organisations: createOrganisationsService({ organisations: stores.organisations, clock }),
    users,
    tokens: createTokensService({ tokens: stores.tokens, users, clock }),
    conferences: createConferencesService({
      provisioning: createConferenceProvisioning({
        conferences: stores.conferences,
        organisations: stores.organisations,
        users: stores.users,
        timeZone,
        logger: deps.logger,
      }),
      liveControl,
      clock,
    }),
    accessNumbers: createAccessNumbersService({ accessNumbers: stores.accessNumbers, clock }),
    live: createLiveService({ conferences: stores.conferences, liveControl }),
    statistics: createStatisticsService({
      organisations: stores.organisations,
      conferences: stores.conferences,
      rater: deps.rater,
      runner: deps.runner,
      clock,
    }),
    chargeReports: createChargeReportsAccess({ reports: chargeReports }),
    billing: createBillingAccess({ billing: deps.billing }),
    bookings: createBookingsService({
      bookings: stores.bookings,
      outbox: stores.outbox,
      conferences: stores.conferences,
      users: stores.users,
      accessNumbers: invitationAccessNumbers(stores.accessNumbers),
      planOfOwner: (ownerUserId) => licensing.planOfOwner(ownerUserId),
      clock,
      ids: deps.ids,
      mailQueued: deps.mailQueued,
    }),
    licensing,
  };
}
