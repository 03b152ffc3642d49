import { type Database, openDatabase } from '../adapters/db/database';
import { migrate } from '../adapters/db/migrations';
import { type CliConfig, loadCliConfig } from '../config';

/** The command line's configuration comes from the same environment as the bridge's. */
export { loadCliConfig };

/** Opens and migrates the configured database, runs `work` with it, and closes it. */
export async function withDatabase<T>(config: CliConfig, work: (db: Database) => T | Promise<T>): Promise<T> {
  const db = openDatabase(config.databasePath);
  try {
    migrate(db);
    return await work(db);
  } finally {
    db.close();
  }
}
