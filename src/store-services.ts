import { BillingRepository } from './adapters/db/billing-repository';
import { createChargeRater } from './adapters/db/charges-rater';
import type { CodeHasher } from './adapters/db/code-hash';
import type { CodeSeal } from './adapters/db/code-seal';
import { newId } from './adapters/db/new-id';
import type { AccessNumbersRepository } from './adapters/db/access-numbers-repository';
import type { SqlDatabase } from './adapters/db/sql/sql-database';
import type { StoreLocation } from './adapters/db/sql/store-location';
import { createStores } from './adapters/db/stores';
import type { AdminStores } from './app/ports/admin-stores';
import type { ScryptParameters } from './app/admin/password-hashing';
import type { SignInStores } from './app/ports/sign-in-stores';
import { createWorkerReportRunner } from './adapters/worker/worker-report-runner';
import { createAdminServices, type AdminServices } from './app/admin/admin-services';
import { createBillingManagement, type BillingManagement } from './app/billing/billing-management';
import type { Clock } from './app/ports/clock-and-ids';
import type { LiveControl } from './app/ports/live-control';
import { createChargeReportService, type ChargeReportService } from './app/reports/charge-report-service';
import type { Logger } from './logger';

/** The app's services over the store, as the bridge's admin API and the command line use them. */
export interface StoreServices {
  admin: AdminServices;
  /** Tariffs, VAT rates and adjustments, without an API caller's scope (the command line's view). */
  billing: BillingManagement;
  chargeReports: ChargeReportService;
  /** The stores under the services, for the workers that run beside the admin API (the mail outbox). */
  stores: AdminStores & SignInStores;
  /** Ends the report workers (their jobs with them). */
  close(): Promise<void>;
}

/**
 * The one wiring of the services over the store (SQLite or PostgreSQL):
 * Kvorum, the command line and the HTTP tests share it. Reports and
 * statistics run in worker threads on read-only connections of their own to
 * the same store.
 */
export function createStoreServices(
  sql: SqlDatabase,
  deps: {
    /** Where `sql` is: the report workers open connections of their own to it. */
    store: StoreLocation;
    /** Keys the stored hashes of conference codes. */
    hashCode: CodeHasher;
    /** Seals the copies of booking codes the e-mails need. */
    seal: CodeSeal;
    /** Tells the mail worker there is mail to send. */
    mailQueued?: () => void;
    liveControl: LiveControl;
    clock: Pick<Clock, 'now'>;
    /** Calendar days of reports, tariffs and statistics are in this zone, e.g. Europe/Oslo. */
    timeZone: string;
    /** The most the charge reports stream per second (MB), all together; unset or 0 for no ceiling (tests). */
    reportMaxMbPerSecond?: number;
    logger: Logger;
    /** The cost of password hashes (default: the app's); tests lower it to run quickly. */
    passwordHashing?: ScryptParameters;
    /** The directory of access numbers, when the bridge reads the same one (default: one of the services' own). */
    accessNumbers?: AccessNumbersRepository;
  },
): StoreServices {
  const { clock, timeZone, logger } = deps;
  const rater = createChargeRater(sql, logger);
  const runner = createWorkerReportRunner({
    store: deps.store,
    timeZone,
    logger,
    bytesPerSecond: deps.reportMaxMbPerSecond ? deps.reportMaxMbPerSecond * 1e6 : undefined,
  });
  const chargeReports = createChargeReportService({ rater, runner, clock });
  const billing = createBillingManagement({ store: new BillingRepository(sql), timeZone, clock });
  const stores = createStores(sql, deps.hashCode, deps.seal, deps.accessNumbers);
  return {
    stores,
    admin: createAdminServices({
      stores,
      passwordHashing: deps.passwordHashing,
      liveControl: deps.liveControl,
      chargeReports,
      rater,
      runner,
      billing,
      clock,
      timeZone,
      ids: { next: newId },
      mailQueued: deps.mailQueued,
      logger,
    }),
    billing,
    chargeReports,
    close: () => runner.close(),
  };
}
