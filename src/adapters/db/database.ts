import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY, unless told otherwise. */
const TOOL_BUSY_TIMEOUT_MS = 5_000;

/**
 * The bridge's wait for a lock held by another process (the command line, a
 * migration). SQLite waits by sleeping in the calling thread, which in Node
 * is the event loop: no keypad answer, prompt or ARI heartbeat runs
 * meanwhile. So the bridge waits at most this long; the ledger keeps a
 * refused batch and retries it with backoff (write-behind-ledger.ts), and an
 * admin request gets an error instead of freezing every call.
 */
export const BRIDGE_BUSY_TIMEOUT_MS = 25;

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
  setBusyTimeout(db, TOOL_BUSY_TIMEOUT_MS);
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Opens an existing database for reading only (a report worker, a backup):
 * nothing is created, migrated or written, not even the journal mode.
 * Fails when there is no database at `path`.
 */
export function openReadOnlyDatabase(path: string): Database {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  setBusyTimeout(db, TOOL_BUSY_TIMEOUT_MS);
  return db;
}

export function setBusyTimeout(db: Database, ms: number): void {
  db.pragma(`busy_timeout = ${ms}`);
}
