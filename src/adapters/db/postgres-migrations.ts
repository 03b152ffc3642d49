import type pg from 'pg';
import { DEFAULT_SQL_DIR, MigrationError, readMigrations, type Migration, type MigrationOutcome } from './migrations';

/** Any number, the same in every Kvorum: the processes of a cluster that start at once migrate one after the other. */
const MIGRATION_LOCK = 4_817_017;

/**
 * Brings the PostgreSQL database up to the newest migration in `sqlDir`,
 * forward only: the files SQLite runs (`sql/NNNN_name.sql`, numbered without
 * holes), each as PostgreSQL reads it (migration-dialects.ts). PostgreSQL
 * has no `user_version`: the applied files are rows of `schema_migrations`.
 * Everything runs in one transaction under an advisory lock, so two
 * processes starting together never apply a file twice and a failing file
 * leaves nothing behind.
 */
export async function migratePostgres(pool: pg.Pool, sqlDir: string = DEFAULT_SQL_DIR): Promise<MigrationOutcome> {
  const migrations = readMigrations(sqlDir, 'postgres');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      file_name  TEXT NOT NULL,
      applied_at BIGINT NOT NULL)`);
    const fromVersion = await appliedVersion(client, migrations);
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

/**
 * The newest version applied, after checking that each applied number was
 * the file of that number here. A database made from another set of files
 * (the cluster-only `sql/postgres/` set of unreleased versions) is refused
 * rather than migrated on top of.
 */
async function appliedVersion(client: pg.PoolClient, migrations: readonly Migration[]): Promise<number> {
  const result = await client.query<{ version: number; file_name: string }>(
    'SELECT version, file_name FROM schema_migrations ORDER BY version',
  );
  for (const row of result.rows) {
    const known = migrations[row.version - 1];
    if (known !== undefined && known.fileName !== row.file_name) {
      throw new MigrationError(
        'unknown-schema',
        `the PostgreSQL database records migration ${row.version} as ${row.file_name}, but this Kvorum's is ${known.fileName}: ` +
          'it was made by another set of migrations (an unreleased Kvorum made its cluster tables from sql/postgres/); ' +
          'start on an empty database',
      );
    }
  }
  return result.rows.at(-1)?.version ?? 0;
}
