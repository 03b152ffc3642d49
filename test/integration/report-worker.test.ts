import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChargeRater } from '../../src/adapters/db/charges-rater';
import { openDatabase, type Database } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import { chargeReportReads, sqliteRowStream } from '../../src/adapters/db/reports-source';
import { sqliteSql } from '../support/store-provisioning';
import { UsageRepository } from '../../src/adapters/db/usage-repository';
import { createWorkerReportRunner } from '../../src/adapters/worker/worker-report-runner';
import { organisationStatistics } from '../../src/app/admin/organisation-statistics';
import type { ChargeReportJob, ReportChunks } from '../../src/app/ports/report-runner';
import { createChargeReportBuilder } from '../../src/app/reports/charge-report-builder';
import { writeToString } from '../../src/app/reports/text-sink';
import { writeChargeReport } from '../../src/app/reports/write-charge-report';
import { createSilentLogger } from '../../src/logger';
import { writeMonthOfLegs } from '../support/month-of-legs';

/**
 * Reports made in worker threads (what the admin API and the command line
 * use) on their own read-only connections: the same bytes as the report made
 * in this thread, and workers that come back for the next job whatever the
 * reader did.
 */
const TIME_ZONE = 'Europe/Oslo';
const NOW = Date.parse('2025-04-02T08:00:00Z');
const MARCH = { from: { year: 2025, month: 3, day: 1 }, to: { year: 2025, month: 3, day: 31 } };

let directory: string;
let databasePath: string;
let db: Database;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'kvorum-report-worker-'));
  databasePath = join(directory, 'kvorum.db');
  db = openDatabase(databasePath);
  migrate(db);
  // About 2 MB of CSV with leg lines: many chunks, more than a worker may send ahead of its reader.
  await writeMonthOfLegs(sqliteSql(db), { legs: 10_000, accounts: 4, year: 2025, month: 3, timeZone: TIME_ZONE });
  db.prepare(
    `INSERT INTO adjustments (id, organisation_id, meeting_id, leg_id, amount_ore, reason, created_by, effective_at, created_at)
     VALUES ('adj-1', 'org-1', 'mtg-3', NULL, -1234, 'echo, "credited"; sorry', 'finance', ?, ?)`,
  ).run(Date.parse('2025-03-20T10:00:00Z'), Date.parse('2025-03-20T10:00:00Z'));
  await createChargeRater(sqliteSql(db), createSilentLogger()).rateClosedLegs(NOW);
});
afterAll(() => {
  db.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The reads of a report made in this thread, on the test's own connection. */
const readsHere = () => chargeReportReads({ dialect: 'sqlite', statements: sqliteSql(db), stream: sqliteRowStream(db) });

const inThisThread = async (job: ChargeReportJob): Promise<string> => {
  const outcome = await createChargeReportBuilder({ ...readsHere(), timeZone: TIME_ZONE }).build(job.request, job.generatedAt);
  if (outcome.kind !== 'report') throw new Error(outcome.kind);
  return writeToString((sink) => writeChargeReport(outcome.report, job.format, sink, { separator: job.separator }));
};

const job = (
  overrides: Partial<ChargeReportJob['request']> = {},
  format: 'csv' | 'json' = 'csv',
  separator: ',' | ';' = ',',
): ChargeReportJob => ({
  request: { ...MARCH, organisationId: null, includeLegs: true, unmaskedCallers: false, ...overrides },
  format,
  separator,
  generatedAt: NOW,
});

async function readAll(chunks: ReportChunks): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

const store = () => ({ kind: 'sqlite' as const, path: databasePath });
const runner = () => createWorkerReportRunner({ store: store(), timeZone: TIME_ZONE, logger: createSilentLogger() });

describe('reports made in a worker thread', () => {
  it('are byte for byte the report made in this thread: CSV and JSON, with legs or not, masked or not, either separator', async () => {
    const reports = runner();
    try {
      const jobs = [
        job(),
        job({ includeLegs: false }),
        job({ unmaskedCallers: true }, 'csv', ';'),
        job({ organisationId: 'org-1' }, 'json'),
        job({}, 'json'),
      ];
      for (const each of jobs) {
        const run = await reports.chargeReport(each);
        if (run.kind !== 'report') throw new Error(run.kind);
        const text = await readAll(run.chunks);
        expect(text.length, JSON.stringify(each)).toBeGreaterThan(1000);
        expect(text === (await inThisThread(each)), JSON.stringify(each)).toBe(true);
      }
    } finally {
      await reports.close();
    }
  });

  it('under a byte-rate ceiling shared by two reports at once, are still byte for byte the report; a reader that stops frees its worker', async () => {
    // 8 MB/s for both: two reports of about 2 MB share it; one worker each.
    const reports = createWorkerReportRunner({ store: store(), timeZone: TIME_ZONE, logger: createSilentLogger(), bytesPerSecond: 8e6 });
    try {
      const [csv, json] = [job(), job({}, 'json')];
      const runs = await Promise.all([reports.chargeReport(csv), reports.chargeReport(json)]);
      const texts = await Promise.all(
        runs.map((run) => {
          if (run.kind !== 'report') throw new Error(run.kind);
          return readAll(run.chunks);
        }),
      );
      expect(texts[0] === (await inThisThread(csv))).toBe(true);
      expect(texts[1] === (await inThisThread(json))).toBe(true);

      const abandoned = await reports.chargeReport(job());
      if (abandoned.kind !== 'report') throw new Error(abandoned.kind);
      const iterator = abandoned.chunks[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      await iterator.return?.();
      const again = await reports.chargeReport(job({ organisationId: 'org-1' }));
      if (again.kind !== 'report') throw new Error(again.kind);
      expect((await readAll(again.chunks)) === (await inThisThread(job({ organisationId: 'org-1' })))).toBe(true);
    } finally {
      await reports.close();
    }
  });

  it('answer an unknown account as such, before any byte', async () => {
    const reports = runner();
    try {
      expect(await reports.chargeReport(job({ organisationId: 'org-nope' }))).toEqual({ kind: 'unknown-account' });
    } finally {
      await reports.close();
    }
  });

  it('give the statistics computed in this thread', async () => {
    const reports = runner();
    try {
      const statisticsJob = { organisationId: 'org-2', conferenceId: null, ...MARCH, at: NOW };
      const expected = await organisationStatistics(
        {
          usage: new UsageRepository(sqliteSql(db)),
          reports: createChargeReportBuilder({ ...readsHere(), timeZone: TIME_ZONE }),
          timeZone: TIME_ZONE,
        },
        statisticsJob,
      );
      expect(expected.totals.meetingsHeld).toBeGreaterThan(10);
      expect(await reports.statistics(statisticsJob)).toEqual(expected);
    } finally {
      await reports.close();
    }
  });

  it('free their worker when the reader stops early, for the next job', async () => {
    // One worker: the next job can only run if the abandoned report let it go.
    const reports = createWorkerReportRunner({ store: store(), timeZone: TIME_ZONE, logger: createSilentLogger(), maxWorkers: 1 });
    try {
      const run = await reports.chargeReport(job());
      if (run.kind !== 'report') throw new Error(run.kind);
      const iterator = run.chunks[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      // The worker is now held back by the reader, partway through the report.
      await iterator.return?.();
      const statistics = await reports.statistics({ organisationId: 'org-0', conferenceId: null, ...MARCH, at: NOW });
      expect(statistics.organisationId).toBe('org-0');
    } finally {
      await reports.close();
    }
  });

  it('fail a report whose lines do not add up, as a fault, and take the next job', async () => {
    const reports = createWorkerReportRunner({ store: store(), timeZone: TIME_ZONE, logger: createSilentLogger(), maxWorkers: 1 });
    const meeting = db
      .prepare<[], { meeting_id: string }>("SELECT meeting_id FROM meeting_charge_totals WHERE organisation_id = 'org-3' LIMIT 1")
      .get();
    const skew = db.prepare<[number, string]>('UPDATE meeting_charge_totals SET amount_ore = amount_ore + ? WHERE meeting_id = ?');
    skew.run(1, meeting?.meeting_id ?? '');
    try {
      const run = await reports.chargeReport(job({ organisationId: 'org-3' }));
      if (run.kind !== 'report') throw new Error(run.kind);
      await expect(readAll(run.chunks)).rejects.toThrow(/the leg lines \(\d+ øre\) do not add up to their total/);
      skew.run(-1, meeting?.meeting_id ?? '');
      const again = await reports.chargeReport(job({ organisationId: 'org-3' }));
      if (again.kind !== 'report') throw new Error(again.kind);
      expect(await readAll(again.chunks)).toBe(await inThisThread(job({ organisationId: 'org-3' })));
    } finally {
      await reports.close();
    }
  });
});
