import { openDatabase, setBusyTimeout } from '../database';
import { migrate, type MigrationOutcome } from '../migrations';
import { PostgresSqlDatabase } from './postgres-sql-database';
import type { SqlDatabase } from './sql-database';
import { SqliteSqlDatabase } from './sqlite-sql-database';
import type { StoreLocation } from './store-location';

/**
 * Opens the store at `location`, migrated: the PostgreSQL at its URL, or
 * the SQLite file at its path (`:memory:` for one in memory). On SQLite,
 * `busyTimeoutMs` is set once the migrations ran: how long a statement
 * then waits for another process's lock (the bridge waits only a moment).
 */
export async function openSqlDatabase(location: StoreLocation, options: { busyTimeoutMs?: number } = {}): Promise<SqlDatabase> {
  if (location.kind === 'postgres') return PostgresSqlDatabase.open(location.url);
  const db = openDatabase(location.path);
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  if (options.busyTimeoutMs !== undefined) setBusyTimeout(db, options.busyTimeoutMs);
  return new SqliteSqlDatabase(db);
}

/** Brings the store at `location` to the newest migration, and says what was applied (`kvorum database migrate`). */
export async function migrateStore(location: StoreLocation): Promise<MigrationOutcome> {
  if (location.kind === 'postgres') return PostgresSqlDatabase.migrate(location.url);
  const db = openDatabase(location.path);
  try {
    return migrate(db);
  } finally {
    db.close();
  }
}
