import { createCodeHasher, type CodeHasher } from '../adapters/db/code-hash';
import { createCodeSeal, type CodeSeal } from '../adapters/db/code-seal';
import { openSqlDatabase } from '../adapters/db/sql/open-sql-database';
import type { SqlDatabase } from '../adapters/db/sql/sql-database';
import { storeLocationOf, type StoreLocation } from '../adapters/db/sql/store-location';
import type { LiveControl } from '../app/ports/live-control';
import { type CliConfig, loadCliConfig, loadCodeSecret } from '../config';
import { createLogger } from '../logger';
import { createStoreServices, type StoreServices } from '../store-services';
import type { CliContext } from './command-group';

/** The command line's configuration comes from the same environment as the bridge's. */
export { loadCliConfig };

/** Opens and migrates the configured store (KVORUM_DATABASE_URL, else KVORUM_DB_PATH), runs `work` with it, and closes it. */
async function withStore<T>(config: CliConfig, work: (sql: SqlDatabase, store: StoreLocation) => T | Promise<T>): Promise<T> {
  const store = storeLocationOf(config);
  const sql = await openSqlDatabase(store);
  try {
    return await work(sql, store);
  } finally {
    await sql.close();
  }
}

/** The command line runs no bridge: it never sees a meeting in progress. */
const NO_LIVE_MEETINGS: LiveControl = {
  list: () => [],
  get: () => null,
  command: () => 'no-live-meeting',
  onChange: () => () => undefined,
};

/** For the commands that never look a code up or store one: they need no code secret. */
const codesNotHashed: CodeHasher = () => {
  throw new Error('this command does not hash conference codes');
};

const codesNotSealed: CodeSeal = {
  seal: () => {
    throw new Error('this command does not seal booking codes');
  },
  open: () => {
    throw new Error('this command does not open booking codes');
  },
};

/**
 * Runs `work` with the app's services on the configured database: the same
 * services and rules as the admin API, used as the operator. Only commands
 * that store or look up codes (`hashesCodes`) need KVORUM_CODE_SECRET.
 * Log lines (the rater's, say) go to standard error.
 */
export function withServices<T>(
  context: CliContext,
  config: CliConfig,
  options: { hashesCodes: boolean },
  work: (services: StoreServices) => T | Promise<T>,
): Promise<T> {
  const secret = options.hashesCodes ? loadCodeSecret(context.env) : null;
  const hashCode = secret !== null ? createCodeHasher(secret) : codesNotHashed;
  const seal = secret !== null ? createCodeSeal(secret) : codesNotSealed;
  const logger = createLogger(config.logLevel, { write: (line: string) => context.err(line.trimEnd()) });
  return withStore(config, async (sql, store) => {
    const services = createStoreServices(sql, {
      store,
      hashCode,
      seal,
      liveControl: NO_LIVE_MEETINGS,
      clock: { now: context.now },
      timeZone: config.timeZone,
      reportMaxMbPerSecond: config.reportMaxMbPerSecond,
      logger,
    });
    try {
      return await work(services);
    } finally {
      await services.close();
    }
  });
}
