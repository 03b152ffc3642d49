import { type Database, openDatabase } from '../adapters/db/database';
import { migrate } from '../adapters/db/migrations';
import { type Config, loadConfig } from '../config';

/**
 * The configuration from the environment. The command line never talks to
 * Asterisk, so it does not demand the ARI password that the bridge needs.
 */
export function loadCliConfig(env: Record<string, string | undefined>): Config {
  return loadConfig({ ...env, KVORUM_ARI_PASSWORD: env.KVORUM_ARI_PASSWORD || 'not-used-by-the-command-line' });
}

/** Opens and migrates the configured database, runs `work` with it, and closes it. */
export async function withDatabase<T>(config: Config, work: (db: Database) => T | Promise<T>): Promise<T> {
  const db = openDatabase(config.databasePath);
  try {
    migrate(db);
    return await work(db);
  } finally {
    db.close();
  }
}
