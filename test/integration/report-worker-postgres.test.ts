import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChargeRater } from '../../src/adapters/db/charges-rater';
import { openDatabase } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import type { StoreLocation } from '../../src/adapters/db/sql/store-location';
import { PostgresSqlDatabase } from '../../src/adapters/db/sql/postgres-sql-database';
import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';
import { createWorkerReportRunner } from '../../src/adapters/worker/worker-report-runner';
import type { ChargeReportJob, ReportChunks, ReportRunner } from '../../src/app/ports/report-runner';
import { createSilentLogger } from '../../src/logger';
import { writeMonthOfLegs } from '../support/month-of-legs';
import { PostgresServer } from '../support/postgres-server';

/**
 * A report worker with a postgres:// store connects to PostgreSQL itself and
 * streams the month from a cursor in one snapshot: the same bytes, line for
 * line, as the report of the same month on SQLite.
 */
const TIME_ZONE = 'Europe/Oslo';
const NOW = Date.parse('2025-04-02T08:00:00Z');
const MARCH = { from: { year: 2025, month: 3, day: 1 }, to: { year: 2025, month: 3, day: 31 } };

/** The same month on a store: legs (more than a cursor fetches at once), a correction, all rated. */
async function month(db: SqlDatabase): Promise<void> {
  await writeMonthOfLegs(db, { legs: 5_000, accounts: 3, year: 2025, month: 3, timeZone: TIME_ZONE });
  await db.run(
    `INSERT INTO adjustments (id, organisation_id, meeting_id, leg_id, amount_ore, reason, created_by, effective_at, created_at)
     VALUES ('adj-1', 'org-1', 'mtg-3', NULL, -1234, 'echo, "credited"; sorry', 'finance', $1, $1)`,
    [Date.parse('2025-03-20T10:00:00Z')],
  );
  await createChargeRater(db, createSilentLogger()).rateClosedLegs(NOW);
}

const job = (overrides: Partial<ChargeReportJob['request']> = {}, format: 'csv' | 'json' = 'csv'): ChargeReportJob => ({
  request: { ...MARCH, organisationId: null, includeLegs: true, unmaskedCallers: false, ...overrides },
  format,
  separator: ',',
  generatedAt: NOW,
});

async function readAll(chunks: ReportChunks): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

async function report(runner: ReportRunner, each: ChargeReportJob): Promise<string> {
  const run = await runner.chargeReport(each);
  if (run.kind !== 'report') throw new Error(run.kind);
  return readAll(run.chunks);
}

// Without PostgreSQL the suite is skipped, visibly; CI (which installs it) fails instead, as describeEachStore does.
describe.skipIf(!PostgresServer.available() && !process.env.CI)('reports made in a worker thread on PostgreSQL', () => {
  let server: PostgresServer;
  let directory: string;
  let stores: { sqlite: StoreLocation; postgres: StoreLocation };

  beforeAll(async () => {
    server = await PostgresServer.start();
    const url = await server.database();
    const postgres = await PostgresSqlDatabase.open(url);
    directory = mkdtempSync(join(tmpdir(), 'kvorum-report-worker-pg-'));
    const path = join(directory, 'kvorum.db');
    const file = openDatabase(path);
    migrate(file);
    const sqlite = new SqliteSqlDatabase(file);
    try {
      await month(postgres);
      await month(sqlite);
    } finally {
      await postgres.close();
      await sqlite.close();
    }
    stores = { sqlite: { kind: 'sqlite', path }, postgres: { kind: 'postgres', url } };
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  const runners = () => ({
    sqlite: createWorkerReportRunner({ store: stores.sqlite, timeZone: TIME_ZONE, logger: createSilentLogger() }),
    postgres: createWorkerReportRunner({ store: stores.postgres, timeZone: TIME_ZONE, logger: createSilentLogger(), maxWorkers: 1 }),
  });

  it('are byte for byte the report of the same month on SQLite, CSV and JSON, with legs or not', async () => {
    const { sqlite, postgres } = runners();
    try {
      for (const each of [job(), job({ includeLegs: false }), job({ organisationId: 'org-1' }, 'json'), job({}, 'json')]) {
        const text = await report(postgres, each);
        expect(text.length, JSON.stringify(each)).toBeGreaterThan(1000);
        expect(text === (await report(sqlite, each)), JSON.stringify(each)).toBe(true);
      }
    } finally {
      await Promise.all([sqlite.close(), postgres.close()]);
    }
  });

  it('give up a cursor whose reader stopped, answer an unknown account and give the same statistics', async () => {
    const { sqlite, postgres } = runners();
    try {
      const run = await postgres.chargeReport(job());
      if (run.kind !== 'report') throw new Error(run.kind);
      const iterator = run.chunks[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      await iterator.return?.();
      // One worker: it took the next job, so the abandoned one let its connection go.
      expect(await postgres.chargeReport(job({ organisationId: 'org-nope' }))).toEqual({ kind: 'unknown-account' });
      const statisticsJob = { organisationId: 'org-2', conferenceId: null, ...MARCH, at: NOW };
      const statistics = await postgres.statistics(statisticsJob);
      expect(statistics.totals.meetingsHeld).toBeGreaterThan(10);
      expect(statistics).toEqual(await sqlite.statistics(statisticsJob));
    } finally {
      await Promise.all([sqlite.close(), postgres.close()]);
    }
  });
});
