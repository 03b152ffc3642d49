import { createCodeHasher, type CodeHasher } from '../adapters/db/code-hash';
import { createCodeSeal, type CodeSeal } from '../adapters/db/code-seal';
import { type Database, openDatabase } from '../adapters/db/database';
import { migrate } from '../adapters/db/migrations';
import { SqliteSqlDatabase } from '../adapters/db/sql/sqlite-sql-database';
import type { LiveControl } from '../app/ports/live-control';
import { type CliConfig, loadCliConfig, loadCodeSecret } from '../config';
import { createLogger } from '../logger';
import { createSqliteServices, type SqliteServices } from '../sqlite-services';
import type { CliContext } from './command-group';

/** The command line's configuration comes from the same environment as the bridge's. */
export { loadCliConfig };

/** Opens and migrates the configured database, runs `work` with it, and closes it. */
async function withDatabase<T>(config: CliConfig, work: (db: Database) => T | Promise<T>): Promise<T> {
  const db = openDatabase(config.databasePath);
  try {
    migrate(db);
    return await work(db);
  } finally {
    db.close();
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
  work: (services: SqliteServices) => T | Promise<T>,
): Promise<T> {
  const secret = options.hashesCodes ? loadCodeSecret(context.env) : null;
  const hashCode = secret !== null ? createCodeHasher(secret) : codesNotHashed;
  const seal = secret !== null ? createCodeSeal(secret) : codesNotSealed;
  const logger = createLogger(config.logLevel, { write: (line: string) => context.err(line.trimEnd()) });
  return withDatabase(config, async (db) => {
    const services = createSqliteServices(new SqliteSqlDatabase(db), {
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
