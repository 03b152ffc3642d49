import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';
import { renderMigration } from './migration-dialects';
import type { SqlDialect } from './sql/sql-database';

/** The project's `sql/` folder, wherever the process was started from. */
export const DEFAULT_SQL_DIR = fileURLToPath(new URL('../../../sql', import.meta.url));

export type MigrationErrorCode =
  'bad-file-name' | 'bad-file-content' | 'duplicate-number' | 'missing-number' | 'database-newer' | 'unknown-schema' | 'migration-failed';

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface Migration {
  version: number;
  fileName: string;
  /** The file as `dialect` runs it (migration-dialects.ts). */
  sql: string;
}

export interface MigrationOutcome {
  fromVersion: number;
  toVersion: number;
  applied: string[];
}

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_-]+\.sql$/;

/**
 * Reads `sql/NNNN_name.sql` in order, each as `dialect` runs it: one set of
 * files for both stores. Numbers must run 1, 2, 3 … without duplicates or
 * holes: `PRAGMA user_version` records only the highest applied number, so a
 * hole filled in later would silently never be applied.
 */
export function readMigrations(sqlDir: string, dialect: SqlDialect = 'sqlite'): Migration[] {
  const migrations: Migration[] = [];
  for (const fileName of readdirSync(sqlDir)
    .filter((name) => name.endsWith('.sql'))
    .sort()) {
    const match = MIGRATION_FILE.exec(fileName);
    if (!match?.[1]) {
      throw new MigrationError('bad-file-name', `migration file ${fileName} is not named NNNN_name.sql`);
    }
    migrations.push({
      version: Number(match[1]),
      fileName,
      sql: rendered(readFileSync(join(sqlDir, fileName), 'utf8'), dialect, fileName),
    });
  }
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && previous.version === migration.version) {
      throw new MigrationError(
        'duplicate-number',
        `migrations ${previous.fileName} and ${migration.fileName} share number ${migration.version}`,
      );
    }
    if (migration.version !== index + 1) {
      throw new MigrationError('missing-number', `migration number ${index + 1} is missing before ${migration.fileName}`);
    }
  });
  return migrations;
}

function rendered(text: string, dialect: SqlDialect, fileName: string): string {
  try {
    return renderMigration(text, dialect, fileName);
  } catch (error) {
    throw new MigrationError('bad-file-content', error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * Brings the SQLite database up to the newest migration in `sqlDir`, forward only.
 * Each migration runs in its own transaction together with its version bump,
 * so a failing one leaves the database at the previous version. `applied`
 * lists what this call applied: none of what another connection applied
 * while it waited for the write lock.
 */
export function migrate(db: Database, sqlDir: string = DEFAULT_SQL_DIR): MigrationOutcome {
  const migrations = readMigrations(sqlDir);
  const latest = migrations.length;
  const fromVersion = currentVersion(db);
  if (fromVersion > latest) {
    throw new MigrationError(
      'database-newer',
      `the database is at version ${fromVersion} but this Kvorum knows only up to ${latest}: upgrade Kvorum`,
    );
  }
  const applied: string[] = [];
  // BEGIN IMMEDIATE, and the version read again under the write lock: processes that share the
  // file and start together (README, "Several media servers") apply each migration once between them.
  const apply = db.transaction((migration: Migration): boolean => {
    if (currentVersion(db) >= migration.version) return false;
    db.exec(migration.sql);
    db.pragma(`user_version = ${migration.version}`);
    return true;
  });
  for (const migration of migrations.slice(fromVersion)) {
    let ran: boolean;
    try {
      ran = apply.immediate(migration);
    } catch (error) {
      throw new MigrationError('migration-failed', `migration ${migration.fileName} failed: ${String(error)}`, {
        cause: error,
      });
    }
    if (ran) applied.push(migration.fileName);
  }
  return { fromVersion, toVersion: currentVersion(db), applied };
}

/** How a database's schema compares with the migrations this Kvorum knows. */
export type SchemaStatus = { kind: 'current'; version: number } | { kind: 'older' | 'newer'; version: number; expected: number };

/** Reads the database's schema version without changing anything. */
export function schemaStatus(db: Database, sqlDir: string = DEFAULT_SQL_DIR): SchemaStatus {
  const expected = readMigrations(sqlDir).length;
  const version = currentVersion(db);
  if (version === expected) return { kind: 'current', version };
  return { kind: version < expected ? 'older' : 'newer', version, expected };
}

function currentVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
