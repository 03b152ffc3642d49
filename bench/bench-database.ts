import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conferencesOn, sqliteSql } from '../test/support/store-provisioning';
import { openDatabase, type Database } from '../src/adapters/db/database';
import { migrate } from '../src/adapters/db/migrations';
import { OrganisationsRepository } from '../src/adapters/db/organisations-repository';
import type { SqlDatabase } from '../src/adapters/db/sql/sql-database';
import { leaderCode, participantCode, requiresAdmission } from './bench-codes';

/** Secret for the code hashes of the benchmark's throw-away databases. */
export const BENCH_CODE_SECRET = 'kvorum-benchmark-secret-0123456789';

export interface BenchDatabase {
  path: string;
  /** A read-only connection for counting legs while Kvorum writes (WAL). */
  openReader(): Database;
  remove(): void;
}

/**
 * `conferences` rooms of one organisation in the (migrated) store `sql`,
 * made with the repositories Kvorum itself uses; codes, and which rooms
 * require admission, follow `bench-codes.ts`.
 */
export async function provisionBenchRooms(sql: SqlDatabase, conferences: number): Promise<void> {
  const now = Date.now();
  const organisation = await new OrganisationsRepository(sql).create({ name: 'Benchmark AS', billingReference: '999999999' }, now);
  const repository = conferencesOn(sql, BENCH_CODE_SECRET);
  for (let conference = 0; conference < conferences; conference += 1) {
    await repository.create(
      {
        organisationId: organisation.id,
        name: `Bench room ${conference}`,
        // No join/leave tones: every arrival would otherwise play to the whole room.
        joinLeaveTones: false,
        admissionRequired: requiresAdmission(conference),
        codes: { kind: 'pair', leader: leaderCode(conference), participant: participantCode(conference) },
      },
      now,
    );
  }
}

/**
 * A fresh database in a new folder under `parentDirectory` with `conferences` conferences of one
 * organisation (`provisionBenchRooms`), before Kvorum starts (faster than
 * the CLI for thousands).
 * `template`: start from a copy of that (checkpointed) database, e.g. one
 * holding a month of a million legs.
 */
export async function createBenchDatabase(
  conferences: number,
  options: { template?: string; parentDirectory?: string } = {},
): Promise<BenchDatabase> {
  const directory = mkdtempSync(join(options.parentDirectory ?? tmpdir(), 'kvorum-bench-'));
  const path = join(directory, 'kvorum.db');
  if (options.template !== undefined) copyFileSync(options.template, path);
  const db = openDatabase(path);
  try {
    migrate(db);
    // Each room is its own transaction: without a flush to disk each, a throwaway database fills in seconds.
    db.pragma('synchronous = OFF');
    await provisionBenchRooms(sqliteSql(db), conferences);
  } finally {
    db.close();
  }
  return {
    path,
    openReader: () => {
      const reader = openDatabase(path);
      reader.pragma('query_only = ON');
      return reader;
    },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
