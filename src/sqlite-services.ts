import { BillingRepository } from './adapters/db/billing-repository';
import type { CodeHasher } from './adapters/db/code-hash';
import type { Database } from './adapters/db/database';
import { createSqliteChargeReportSource } from './adapters/db/reports-source';
import { createSqliteStores } from './adapters/db/sqlite-stores';
import { createAdminServices, type AdminServices } from './app/admin/admin-services';
import { createBillingManagement, type BillingManagement } from './app/billing/billing-management';
import type { Clock } from './app/ports/clock-and-ids';
import type { LiveControl } from './app/ports/live-control';
import { createChargeReportService, type ChargeReportService } from './app/reports/charge-report-service';
import type { Logger } from './logger';

/** The app's services over the SQLite database, as the bridge's admin API and the command line use them. */
export interface SqliteServices {
  admin: AdminServices;
  /** Tariffs, the VAT rate and adjustments, without an API caller's scope (the command line's view). */
  billing: BillingManagement;
  chargeReports: ChargeReportService;
}

/** The one wiring of the services over SQLite: Kvorum, the command line and the HTTP tests share it. */
export function createSqliteServices(
  db: Database,
  deps: {
    /** Keys the stored hashes of conference codes. */
    hashCode: CodeHasher;
    liveControl: LiveControl;
    clock: Pick<Clock, 'now'>;
    /** Calendar days of reports, tariffs and statistics are in this zone, e.g. Europe/Oslo. */
    timeZone: string;
    logger: Logger;
  },
): SqliteServices {
  const { clock, timeZone } = deps;
  const chargeReports = createChargeReportService({ source: createSqliteChargeReportSource(db, deps.logger), timeZone, now: clock.now });
  const billing = createBillingManagement({ store: new BillingRepository(db), timeZone, clock });
  return {
    admin: createAdminServices({
      stores: createSqliteStores(db, deps.hashCode),
      liveControl: deps.liveControl,
      chargeReports,
      billing,
      clock,
      timeZone,
    }),
    billing,
    chargeReports,
  };
}
