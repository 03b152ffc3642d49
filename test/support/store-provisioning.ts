import { createCodeHasher } from '../../src/adapters/db/code-hash';
import { createCodeSeal } from '../../src/adapters/db/code-seal';
import type { Database } from '../../src/adapters/db/database';
import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';
import { createStores } from '../../src/adapters/db/stores';
import {
  createConferenceProvisioning,
  type ConferenceProvisioning,
  type RoomChangeRequest,
} from '../../src/app/admin/conference-provisioning';
import type { NewConference } from '../../src/domain/provisioning/conference-rules';
import { isRefusal, type ProvisioningRefusal } from '../../src/domain/provisioning/provisioning-refusal';
import { createSilentLogger, type Logger } from '../../src/logger';

/** Who a test's set-up is, in a room subscription's history. */
export const SET_UP: RoomChangeRequest = { by: 'test-set-up', bindingOverride: null };

const wrapped = new WeakMap<Database, SqliteSqlDatabase>();

/** The one SqlDatabase of a test's better-sqlite3 connection (one per connection: its transactions queue the others), or the one given. */
export function sqliteSql(db: Database): SqliteSqlDatabase;
export function sqliteSql(db: Database | SqlDatabase): SqlDatabase;
export function sqliteSql(db: Database | SqlDatabase): SqlDatabase {
  if ('dialect' in db) return db;
  let sql = wrapped.get(db);
  if (sql === undefined) {
    sql = new SqliteSqlDatabase(db);
    wrapped.set(db, sql);
  }
  return sql;
}

/** Conference provisioning (the domain's rules over the app) on a real SQLite database, codes keyed with `codeSecret`. */
export function provisioningOn(
  db: Database | SqlDatabase,
  codeSecret: string,
  options: { timeZone?: string; logger?: Logger } = {},
): ConferenceProvisioning {
  const stores = createStores(sqliteSql(db), createCodeHasher(codeSecret), createCodeSeal(codeSecret));
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
export function conferencesOn(db: Database | SqlDatabase, codeSecret: string) {
  const provisioning = provisioningOn(db, codeSecret);
  return {
    create: async (input: Parameters<ConferenceProvisioning['create']>[0], at: number) =>
      provisioned(await provisioning.create(input, at, SET_UP.by)),
    // A set-up deletes whatever it made, inside a room's binding too.
    delete: async (id: string, at: number) => provisioned(await provisioning.delete(id, at, { ...SET_UP, bindingOverride: 'test set-up' })),
  };
}

/** The better-sqlite3 connection under a store a test knows is SQLite (to fill it, or to make it fail). */
export function sqliteConnectionOf(sql: SqlDatabase): Database {
  if (!(sql instanceof SqliteSqlDatabase)) throw new Error(`this test needs Kvorum on SQLite, not ${sql.dialect}`);
  return sql.connection;
}

/** A room as the cluster tests set one up: a conference of a new organisation, Acme, with the codes asked for. */
export async function acmeRoom(sql: SqlDatabase, codeSecret: string, codes: NewConference['codes'], name = 'Weekly sync') {
  const organisation = await new OrganisationsRepository(sql).create({ name: 'Acme', billingReference: '987654321' }, Date.now());
  return await conferencesOn(sql, codeSecret).create({ name, organisationId: organisation.id, codes }, Date.now());
}
