import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChargeRater } from '../src/adapters/db/charges-rater';
import { openDatabase } from '../src/adapters/db/database';
import { migrate } from '../src/adapters/db/migrations';
import { TokensRepository } from '../src/adapters/db/tokens-repository';
import { UsersRepository } from '../src/adapters/db/users-repository';
import { issueToken } from '../src/app/admin/tokens-service';
import { createSilentLogger } from '../src/logger';
import { writeMonthOfLegs } from '../test/support/month-of-legs';
import { createBenchDatabase } from './bench-database';
import type { KvorumProcess } from './kvorum-process';
import { runLevel, type LevelOptions, type LevelResult } from './level-run';
import { table } from './markdown-tables';

/**
 * Keypad answers while finance downloads a month's charge report (issue 10
 * §6): the same level of callers twice on a database that also holds March
 * 2025 with `legs` rated legs, once quiet and once with the report of the
 * month with every leg line (CSV, all accounts, about 217 MB for a million
 * legs) downloaded again and again over the admin API for the whole
 * measurement window, read as fast as the client can. The report is made in
 * Kvorum's report worker; the difference in keypad-answer p99 is what the
 * report costs the callers.
 */
export interface ReportUnderLoad {
  legs: number;
  quiet: LevelResult;
  streaming: LevelResult;
}

const REPORT_PATH = '/api/v1/reports/charges?from=2025-03-01&to=2025-03-31&legs=true';
const RSS_SAMPLE_MS = 250;

export async function runReportUnderLoad(
  legs: number,
  level: (overrides: Partial<LevelOptions>) => LevelOptions,
): Promise<ReportUnderLoad> {
  const template = monthTemplate(legs);
  try {
    const conferences = (options: LevelOptions) => Math.ceil(options.callers / options.meetingSize);
    const on = (overrides: Partial<LevelOptions>) => {
      const options = level(overrides);
      return runLevel({ ...options, database: createBenchDatabase(conferences(options), { template: template.path }) });
    };
    const quiet = await on({ alongside: (kvorum) => residentMemory(kvorum) });
    const streaming = await on({ alongside: (kvorum) => reportsStreaming(kvorum, template.token) });
    return { legs, quiet, streaming };
  } finally {
    template.remove();
  }
}

/** The two runs side by side, and the difference the report makes to p99. */
export function reportUnderLoadTable(result: ReportUnderLoad, targetMs: number): string {
  const row = (name: string, level: LevelResult) => {
    const figures = level.alongside ?? {};
    return [
      name,
      level.options.callers,
      level.steady.inputs,
      (level.steady.latency.p50 ?? Number.NaN).toFixed(2),
      (level.steady.latency.p99 ?? Number.NaN).toFixed(2),
      (level.steady.latency.max ?? Number.NaN).toFixed(2),
      level.steady.unanswered + level.steady.admissionFailures + level.steady.unexpectedHangups + level.kvorum.warnings.errors,
      ((figures.rssMaxKb ?? Number.NaN) / 1024).toFixed(0),
      figures.reports ?? 0,
      ((figures.bytes ?? 0) / 1e6).toFixed(0),
      level.loadAverageBefore,
    ];
  };
  const difference = (result.streaming.steady.latency.p99 ?? Number.NaN) - (result.quiet.steady.latency.p99 ?? Number.NaN);
  return [
    table(
      [
        'run',
        'callers',
        'inputs',
        'p50 ms',
        'p99 ms',
        'max ms',
        'errors',
        'Kvorum RSS max MB',
        'reports done',
        'MB streamed',
        'load avg before',
      ],
      [row('quiet', result.quiet), row(`report of ${result.legs.toLocaleString('en')} legs streaming`, result.streaming)],
    ),
    '',
    `p99 with the report − without: ${difference.toFixed(2)} ms. Target < ${targetMs} ms: ${difference < targetMs ? 'MET' : 'MISSED'}.`,
  ].join('\n');
}

/** March 2025 with `legs` rated legs and an operator's token, checkpointed, to copy for each run. */
function monthTemplate(legs: number): { path: string; token: string; remove(): void } {
  const directory = mkdtempSync(join(tmpdir(), 'kvorum-bench-month-'));
  const path = join(directory, 'month.db');
  const db = openDatabase(path);
  try {
    migrate(db);
    writeMonthOfLegs(db, { legs, accounts: 100, year: 2025, month: 3, timeZone: 'Europe/Oslo' });
    createChargeRater(db, createSilentLogger()).rateClosedLegs(Date.parse('2025-04-01T00:00:00Z'));
    const operator = new UsersRepository(db).create({ organisationId: 'org-0', name: 'Finance run', email: null, role: 'operator' }, 0);
    const { secret } = issueToken(new TokensRepository(db), { userId: operator.id, name: 'bench', issuedBy: { via: 'command-line' } }, 0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { path, token: secret, remove: () => rmSync(directory, { recursive: true, force: true }) };
  } finally {
    db.close();
  }
}

/** Kvorum's resident memory, sampled during the window: its largest value. */
function residentMemory(kvorum: KvorumProcess): { stop(): Promise<Record<string, number>> } {
  let rssMaxKb = kvorum.residentKb();
  const timer = setInterval(() => (rssMaxKb = Math.max(rssMaxKb, kvorum.residentKb())), RSS_SAMPLE_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      return { rssMaxKb };
    },
  };
}

/** The month's report, downloaded in full again and again until stopped; the last one is cut off. */
function reportsStreaming(kvorum: KvorumProcess, token: string): { stop(): Promise<Record<string, number>> } {
  const memory = residentMemory(kvorum);
  const abort = new AbortController();
  let reports = 0;
  let bytes = 0;
  const downloading = (async () => {
    while (!abort.signal.aborted) {
      const response = await fetch(`http://127.0.0.1:${kvorum.httpPort}${REPORT_PATH}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal,
      });
      if (response.status !== 200 || response.body === null) throw new Error(`the report answered ${response.status}`);
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
      reports += 1;
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  return {
    stop: async () => {
      abort.abort();
      await downloading;
      return { ...(await memory.stop()), reports, bytes };
    },
  };
}
