import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { MigrationError, readMigrations, type MigrationOutcome } from './migrations';

/** The project's `sql/postgres/` folder: the tables a cluster shares in PostgreSQL. */
export const DEFAULT_POSTGRES_SQL_DIR = fileURLToPath(new URL('../../../sql/postgres', import.meta.url));

/** Any number, the same in every Kvorum: the processes of a cluster that start at once migrate one after the other. */
const MIGRATION_LOCK = 4_817_017;

/**
 * Brings the PostgreSQL database up to the newest migration in `sqlDir`,
 * forward only, with the file rules of SQLite's (`sql/NNNN_name.sql`,
 * numbered without holes). PostgreSQL has no `user_version`: the applied
 * numbers are rows of `schema_migrations`. Everything runs in one
 * transaction under an advisory lock, so two processes starting together
 * never apply a file twice and a failing file leaves nothing behind.
 */
export async function migratePostgres(pool: pg.Pool, sqlDir: string = DEFAULT_POSTGRES_SQL_DIR): Promise<MigrationOutcome> {
  const migrations = readMigrations(sqlDir);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      file_name  TEXT NOT NULL,
      applied_at BIGINT NOT NULL)`);
    const fromVersion = await appliedVersion(client);
    if (fromVersion > migrations.length) {
      throw new MigrationError(
        'database-newer',
        `the PostgreSQL database is at version ${fromVersion} but this Kvorum knows only up to ${migrations.length}: upgrade Kvorum`,
      );
    }
    const applied: string[] = [];
    for (const migration of migrations.slice(fromVersion)) {
      try {
        await client.query(migration.sql);
      } catch (error) {
        throw new MigrationError('migration-failed', `migration ${migration.fileName} failed: ${String(error)}`, { cause: error });
      }
      await client.query('INSERT INTO schema_migrations (version, file_name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.fileName,
        Date.now(),
      ]);
      applied.push(migration.fileName);
    }
    await client.query('COMMIT');
    return { fromVersion, toVersion: fromVersion + applied.length, applied };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function appliedVersion(client: pg.PoolClient): Promise<number> {
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return result.rows[0]?.version ?? 0;
}
