import { openDatabase } from '../database';
import { migrate } from '../migrations';
import { PostgresSqlDatabase } from './postgres-sql-database';
import type { SqlDatabase } from './sql-database';
import { SqliteSqlDatabase } from './sqlite-sql-database';

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * Opens the store at `location`, migrated: the PostgreSQL at a `postgres://`
 * (or `postgresql://`) URL, otherwise the SQLite file at that path
 * (KVORUM_DB_PATH), or an in-memory SQLite for `:memory:`.
 */
export async function openSqlDatabase(location: string): Promise<SqlDatabase> {
  if (POSTGRES_URL.test(location)) return PostgresSqlDatabase.open(location);
  const db = openDatabase(location);
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteSqlDatabase(db);
}
