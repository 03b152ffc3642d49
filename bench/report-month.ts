/**
 * Benchmark: the monthly charge report over one million legs.
 *
 *   npx tsx bench/report-month.ts [--legs 1000000] [--accounts 100] [--warm-runs 5] [--keep]
 *
 * Generates March 2025 (Europe/Oslo, with the spring DST change) into a temp
 * database: accounts, meetings of 2–14 callers, legs that waited for the
 * leader, legs past midnight and past the month end, 2 % estimated after a
 * crash. Rates every leg, then times the report of the month for all
 * accounts: meeting lines only (CSV), and with every leg line (CSV and JSON).
 * "cold" is the first report on a freshly opened connection (SQLite's page
 * cache empty; the OS file cache is not dropped); "warm" is the median of the
 * following runs. Each figure is wall-clock ms with the process's CPU ms in
 * brackets: on a shared machine the CPU time is the steadier of the two. Output is generated in full and discarded (bytes counted).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../src/adapters/db/database';
import { migrate } from '../src/adapters/db/migrations';
import { createChargeRater } from '../src/adapters/db/charges-rater';
import { chargeReportReads, sqliteRowStream } from '../src/adapters/db/reports-source';
import { SqliteSqlDatabase } from '../src/adapters/db/sql/sqlite-sql-database';
import { createChargeReportBuilder } from '../src/app/reports/charge-report-builder';
import { writeChargeReport } from '../src/app/reports/write-charge-report';
import type { ChargeReportFormat } from '../src/app/reports/charge-report-query';
import { createSilentLogger } from '../src/logger';
import { writeMonthOfLegs } from '../test/support/month-of-legs';

const TIME_ZONE = 'Europe/Oslo';

const { values } = parseArgs({
  options: {
    legs: { type: 'string', default: '1000000' },
    accounts: { type: 'string', default: '100' },
    'warm-runs': { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});
const legTarget = Number(values.legs);
const accountCount = Number(values.accounts);
const warmRuns = Number(values['warm-runs']);

/** Wall-clock and CPU time (user + system) of `work`: on a shared machine the CPU time is the steadier figure. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; result: T }> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: (used.user + used.system) / 1000, result };
}

/** Builds and writes the whole monthly report; returns the bytes it produced. */
async function monthlyReport(db: Database, format: ChargeReportFormat, includeLegs: boolean): Promise<number> {
  const reads = { dialect: 'sqlite' as const, statements: new SqliteSqlDatabase(db), stream: sqliteRowStream(db) };
  const builder = createChargeReportBuilder({ ...chargeReportReads(reads), timeZone: TIME_ZONE });
  const outcome = await builder.build(
    {
      from: { year: 2025, month: 3, day: 1 },
      to: { year: 2025, month: 3, day: 31 },
      organisationId: null,
      includeLegs,
      unmaskedCallers: false,
    },
    Date.parse('2025-04-02T00:00:00Z'),
  );
  if (outcome.kind !== 'report') throw new Error('no report');
  let bytes = 0;
  await writeChargeReport(outcome.report, format, (chunk) => (bytes += Buffer.byteLength(chunk)));
  return bytes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const directory = mkdtempSync(join(tmpdir(), 'kvorum-report-bench-'));
const path = join(directory, 'kvorum.db');
try {
  let db = openDatabase(path);
  migrate(db);
  const generation = await timed(() =>
    writeMonthOfLegs(new SqliteSqlDatabase(db), { legs: legTarget, accounts: accountCount, year: 2025, month: 3, timeZone: TIME_ZONE }),
  );
  console.log(
    `generated ${generation.result.legs} legs in ${generation.result.meetings} meetings of ${accountCount} accounts ` +
      `in ${(generation.ms / 1000).toFixed(1)} s`,
  );
  const rating = await timed(() =>
    createChargeRater(new SqliteSqlDatabase(db), createSilentLogger()).rateClosedLegs(Date.parse('2025-04-01T00:00:00Z')),
  );
  console.log(`rated ${rating.result.rated} legs in ${(rating.ms / 1000).toFixed(1)} s`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`database ${(statSync(path).size / 1e6).toFixed(0)} MB`);

  const cases: [string, ChargeReportFormat, boolean][] = [
    ['meetings, CSV', 'csv', false],
    ['meetings + legs, CSV', 'csv', true],
    ['meetings + legs, JSON', 'json', true],
  ];
  console.log(`\nmonthly report, all accounts    cold ms (cpu)    warm ms (cpu), median of ${warmRuns}    output`);
  for (const [name, format, includeLegs] of cases) {
    db.close();
    db = openDatabase(path);
    const cold = await timed(() => monthlyReport(db, format, includeLegs));
    const warm: Array<{ ms: number; cpuMs: number }> = [];
    for (let run = 0; run < warmRuns; run += 1) warm.push(await timed(() => monthlyReport(db, format, includeLegs)));
    const figures = (wall: number, cpu: number) => `${wall.toFixed(0).padStart(6)} (${cpu.toFixed(0).padStart(5)})`;
    console.log(
      `${name.padEnd(30)} ${figures(cold.ms, cold.cpuMs)}    ${figures(median(warm.map((run) => run.ms)), median(warm.map((run) => run.cpuMs)))}` +
        `                  ${(cold.result / 1e6).toFixed(1)} MB`,
    );
  }
  db.close();
} finally {
  if (values.keep) console.log(`\nkept ${path}`);
  else rmSync(directory, { recursive: true, force: true });
}
