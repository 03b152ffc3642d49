import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

/** How long a writer waits for another connection's lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the SQLite database at `path`, or an in-memory
 * one for `:memory:`. Run `migrate` on it before use.
 */
export function openDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  // WAL lets reports and backups read while the bridge writes legs.
  db.pragma('journal_mode = WAL');
  // FULL makes each committed ledger write survive a power cut, not only a crash
  // of the app; legs are written at human rates, so the extra fsync is cheap.
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  return db;
}
