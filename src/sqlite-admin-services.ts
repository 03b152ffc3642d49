import { createSqliteStores } from './adapters/db/sqlite-stores';
import { BillingRepository } from './adapters/db/billing-repository';
import type { ConferencesRepository } from './adapters/db/conferences-repository';
import type { Database } from './adapters/db/database';
import { createSqliteChargeReportSource } from './adapters/db/reports-source';
import { createAdminServices, type AdminServices } from './app/admin/admin-services';
import { createBillingManagement } from './app/billing/billing-management';
import type { Clock } from './app/ports/clock-and-ids';
import type { LiveControl } from './app/ports/live-control';
import { createChargeReportService } from './app/reports/charge-report-service';
import type { Logger } from './logger';

/** The admin API's services over the SQLite database: the one wiring Kvorum and the HTTP tests share. */
export function createSqliteAdminServices(
  db: Database,
  deps: {
    conferences: ConferencesRepository;
    liveControl: LiveControl;
    clock: Pick<Clock, 'now'>;
    /** Calendar days of reports, tariffs and statistics are in this zone, e.g. Europe/Oslo. */
    timeZone: string;
    logger: Logger;
  },
): AdminServices {
  const { clock, timeZone } = deps;
  return createAdminServices({
    stores: createSqliteStores(db, deps.conferences),
    liveControl: deps.liveControl,
    chargeReports: createChargeReportService({ source: createSqliteChargeReportSource(db, deps.logger), timeZone, now: clock.now }),
    billing: createBillingManagement({ store: new BillingRepository(db), timeZone, clock }),
    clock,
    timeZone,
  });
}
