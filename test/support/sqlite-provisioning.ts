import { createCodeHasher } from '../../src/adapters/db/code-hash';
import { createCodeSeal } from '../../src/adapters/db/code-seal';
import type { Database } from '../../src/adapters/db/database';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';
import { createSqliteStores } from '../../src/adapters/db/sqlite-stores';
import {
  createConferenceProvisioning,
  type ConferenceProvisioning,
  type RoomChangeRequest,
} from '../../src/app/admin/conference-provisioning';
import { isRefusal, type ProvisioningRefusal } from '../../src/domain/provisioning/provisioning-refusal';
import { createSilentLogger, type Logger } from '../../src/logger';

/** Who a test's set-up is, in a room subscription's history. */
export const SET_UP: RoomChangeRequest = { by: 'test-set-up', bindingOverride: null };

const wrapped = new WeakMap<Database, SqliteSqlDatabase>();

/** The one SqlDatabase of a test's better-sqlite3 connection (one per connection: its transactions queue the others), or the one given. */
export function sqliteSql(db: Database | SqliteSqlDatabase): SqliteSqlDatabase {
  if (db instanceof SqliteSqlDatabase) return db;
  let sql = wrapped.get(db);
  if (sql === undefined) {
    sql = new SqliteSqlDatabase(db);
    wrapped.set(db, sql);
  }
  return sql;
}

/** Conference provisioning (the domain's rules over the app) on a real SQLite database, codes keyed with `codeSecret`. */
export function sqliteProvisioning(
  db: Database | SqliteSqlDatabase,
  codeSecret: string,
  options: { timeZone?: string; logger?: Logger } = {},
): ConferenceProvisioning {
  const stores = createSqliteStores(sqliteSql(db), createCodeHasher(codeSecret), createCodeSeal(codeSecret));
  return createConferenceProvisioning({
    ...stores,
    timeZone: options.timeZone ?? 'Europe/Oslo',
    logger: options.logger ?? createSilentLogger(),
  });
}

/** For set-ups that expect to succeed: the outcome, or a thrown error naming the refusal. */
export function provisioned<T>(outcome: T | ProvisioningRefusal | null): T {
  if (outcome === null) throw new Error('no such conference');
  if (isRefusal(outcome)) throw new Error(`refused: ${outcome.code} (${outcome.message})`);
  return outcome;
}

/** Provisioning for set-ups: every call is expected to succeed, and a refusal throws. */
export function sqliteConferences(db: Database | SqliteSqlDatabase, codeSecret: string) {
  const provisioning = sqliteProvisioning(db, codeSecret);
  return {
    create: async (input: Parameters<ConferenceProvisioning['create']>[0], at: number) =>
      provisioned(await provisioning.create(input, at, SET_UP.by)),
    // A set-up deletes whatever it made, inside a room's binding too.
    delete: async (id: string, at: number) => provisioned(await provisioning.delete(id, at, { ...SET_UP, bindingOverride: 'test set-up' })),
  };
}
