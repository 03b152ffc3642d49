import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChargeRater } from '../src/adapters/db/charges-rater';
import { openDatabase } from '../src/adapters/db/database';
import { migrate } from '../src/adapters/db/migrations';
import { TokensRepository } from '../src/adapters/db/tokens-repository';
import { UsersRepository } from '../src/adapters/db/users-repository';
import { issueToken } from '../src/app/admin/tokens-service';
import { createSilentLogger } from '../src/logger';
import { writeMonthOfLegs } from '../test/support/month-of-legs';
import { createBenchDatabase } from './bench-database';
import { topSelfTime, type SelfTimeRow } from './cpu-profile-summary';
import type { KvorumProcess } from './kvorum-process';
import { runLevel, type LevelOptions, type LevelResult } from './level-run';
import { profileTable, table } from './markdown-tables';
import { threadTimes, type ThreadTimes } from './proc-stats';
import type { DownloadAnswer, DownloadCommand } from './report-download-process';
import { sqliteSql } from '../test/support/store-provisioning';

/**
 * Keypad answers while finance downloads a month's charge report (issue 10
 * §6): the same level of callers twice on a database that also holds March
 * 2025 with `legs` rated legs, once quiet and once with the report of the
 * month with every leg line (CSV, all accounts, about 217 MB for a million
 * legs) downloaded again and again over the admin API for the whole
 * measurement window by a client process of its own (its niceness and
 * reading rate are options: a finance client is normally on another
 * machine). The report is made in Kvorum's report worker; the difference in
 * keypad-answer p99 is what the report costs the callers. Both runs also
 * say where the CPU went during the window, thread by thread, and how long
 * Kvorum's and the simulator's main threads waited for a CPU.
 */
export interface ReportUnderLoad {
  legs: number;
  client: ReportClient;
  /** KVORUM_REPORT_MAX_MB_PER_S as Kvorum got it from this environment (null: unset, Kvorum's default). */
  ceilingMbPerSecond: string | null;
  quiet: LevelResult;
  streaming: LevelResult;
  /** Top self time of Kvorum's process during the streaming window, if it was profiled. */
  profile: SelfTimeRow[] | null;
}

/** How the bench's finance client downloads. */
export interface ReportClient {
  /** Its nice value: 0 competes with Kvorum and the simulator for the CPU as an equal; 19 takes what they leave. */
  nice: number;
  /** The most it reads per second, as a network link would let it; null: as fast as it can. */
  bytesPerSecond: number | null;
}

const REPO = fileURLToPath(new URL('..', import.meta.url));
const DOWNLOAD_PROCESS = fileURLToPath(new URL('./report-download-process.ts', import.meta.url));
const STOP_TIMEOUT_MS = 30_000;

const REPORT_PATH = '/api/v1/reports/charges?from=2025-03-01&to=2025-03-31&legs=true';
const RSS_SAMPLE_MS = 250;

/** `profilePath`: record a CPU profile of Kvorum during the streaming window there (its p99 then includes the profiler's cost). */
export async function runReportUnderLoad(
  legs: number,
  client: ReportClient,
  level: (overrides: Partial<LevelOptions>) => LevelOptions,
  profilePath: string | null = null,
): Promise<ReportUnderLoad> {
  const template = await monthTemplate(legs);
  try {
    const conferences = (options: LevelOptions) => Math.ceil(options.callers / options.meetingSize);
    const on = async (overrides: Partial<LevelOptions>) => {
      const options = level(overrides);
      return runLevel({ ...options, database: await createBenchDatabase(conferences(options), { template: template.path }) });
    };
    const quiet = await on({ alongside: (kvorum, simulatorPid) => measuring(kvorum, simulatorPid, null) });
    let profile: SelfTimeRow[] | null = null;
    const streaming = await on({
      alongside: (kvorum, simulatorPid) => {
        const downloads = reportsStreaming(kvorum, template.token, client);
        const profiling = profilePath === null ? null : kvorum.startProfile();
        const measured = measuring(kvorum, simulatorPid, downloads.pid);
        return {
          stop: async () => {
            const figures = await measured.stop();
            if (profiling !== null && profilePath !== null) {
              await profiling;
              const recorded = await kvorum.stopProfile();
              writeFileSync(profilePath, JSON.stringify(recorded));
              profile = topSelfTime(recorded, REPO, 15);
            }
            return { ...figures, ...(await downloads.stop()) };
          },
        };
      },
    });
    return { legs, client, ceilingMbPerSecond: process.env.KVORUM_REPORT_MAX_MB_PER_S ?? null, quiet, streaming, profile };
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
      level.steady.unanswered +
        level.steady.admissionFailures +
        level.steady.refused +
        level.steady.unexpectedHangups +
        level.kvorum.warnings.errors,
      ((figures.rssMaxKb ?? Number.NaN) / 1024).toFixed(0),
      figures.reports ?? 0,
      ((figures.bytes ?? 0) / 1e6).toFixed(0),
      level.loadAverageBefore,
    ];
  };
  const share = (value: number | undefined) => `${(100 * (value ?? Number.NaN)).toFixed(0)} %`;
  const cpuRow = (name: string, level: LevelResult) => {
    const figures = level.alongside ?? {};
    return [
      name,
      share(figures.kvorumMainCpu),
      share(figures.kvorumMainWait),
      share(level.kvorum.windowLoopBusy),
      share(figures.reportWorkerCpu),
      share(figures.kvorumOtherCpu),
      share(figures.simulatorCpu),
      share(figures.simulatorMainWait),
      level.steady.simLoopDelay.p99.toFixed(2),
      share(figures.clientCpu),
    ];
  };
  const difference = (result.streaming.steady.latency.p99 ?? Number.NaN) - (result.quiet.steady.latency.p99 ?? Number.NaN);
  const rate =
    result.client.bytesPerSecond === null ? 'as fast as it can' : `at most ${(result.client.bytesPerSecond / 1e6).toFixed(1)} MB/s`;
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
    `Kvorum's report ceiling: KVORUM_REPORT_MAX_MB_PER_S ${result.ceilingMbPerSecond ?? 'unset (its default)'}. ` +
      `The client ran at nice ${result.client.nice}, reading ${rate}. Where the CPU went during the window (share of one core; ` +
      `"wait" is time the thread was ready but another had the CPU):`,
    '',
    table(
      [
        'run',
        'Kvorum main CPU',
        'Kvorum main wait',
        'Kvorum loop busy',
        'report worker CPU',
        'Kvorum other threads CPU',
        'simulator CPU',
        'simulator main wait',
        'simulator loop delay p99 ms',
        'client CPU',
      ],
      [cpuRow('quiet', result.quiet), cpuRow('report streaming', result.streaming)],
    ),
    '',
    ...(result.profile === null
      ? []
      : ['CPU profile of Kvorum during the streaming window (top self time):', '', profileTable(result.profile), '']),
    `p99 with the report − without: ${difference.toFixed(2)} ms. Target < ${targetMs} ms: ${difference < targetMs ? 'MET' : 'MISSED'}.`,
  ].join('\n');
}

/** March 2025 with `legs` rated legs and an operator's token, checkpointed, to copy for each run. */
async function monthTemplate(legs: number): Promise<{ path: string; token: string; remove(): void }> {
  const directory = mkdtempSync(join(tmpdir(), 'kvorum-bench-month-'));
  const path = join(directory, 'month.db');
  const db = openDatabase(path);
  try {
    migrate(db);
    const sql = sqliteSql(db);
    await writeMonthOfLegs(sql, { legs, accounts: 100, year: 2025, month: 3, timeZone: 'Europe/Oslo' });
    await createChargeRater(sql, createSilentLogger()).rateClosedLegs(Date.parse('2025-04-01T00:00:00Z'));
    const operator = await new UsersRepository(sql).create(
      { organisationId: 'org-0', name: 'Finance run', email: null, role: 'operator' },
      0,
    );
    const { secret } = await issueToken(
      new TokensRepository(sql),
      { userId: operator.id, name: 'bench', issuedBy: { via: 'command-line' } },
      0,
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { path, token: secret, remove: () => rmSync(directory, { recursive: true, force: true }) };
  } finally {
    db.close();
  }
}

/**
 * Kvorum's resident memory, sampled during the window (its largest value),
 * and each process's threads' CPU and run-queue wait over the window as a
 * share of it. Kvorum's report workers are the threads at nice 19 (they
 * lower themselves; nothing else in Kvorum does).
 */
function measuring(kvorum: KvorumProcess, simulatorPid: number, clientPid: number | null): { stop(): Promise<Record<string, number>> } {
  let rssMaxKb = kvorum.residentKb();
  const timer = setInterval(() => (rssMaxKb = Math.max(rssMaxKb, kvorum.residentKb())), RSS_SAMPLE_MS);
  const snapshot = () => ({
    at: performance.now(),
    kvorum: threadTimes(kvorum.pid),
    simulator: threadTimes(simulatorPid),
    client: clientPid === null ? [] : threadTimes(clientPid),
  });
  const before = snapshot();
  return {
    stop: async () => {
      clearInterval(timer);
      const after = snapshot();
      const windowMs = after.at - before.at;
      const used = (process: 'kvorum' | 'simulator' | 'client', which: (thread: ThreadTimes) => boolean, field: 'runMs' | 'waitMs') =>
        after[process]
          .filter(which)
          .reduce((sum, thread) => sum + thread[field] - (before[process].find((old) => old.tid === thread.tid)?.[field] ?? 0), 0) /
        windowMs;
      const kvorumMain = (thread: ThreadTimes) => thread.tid === kvorum.pid;
      const reportWorker = (thread: ThreadTimes) => thread.nice >= 19;
      const all = () => true;
      return {
        rssMaxKb,
        kvorumMainCpu: used('kvorum', kvorumMain, 'runMs'),
        kvorumMainWait: used('kvorum', kvorumMain, 'waitMs'),
        reportWorkerCpu: used('kvorum', reportWorker, 'runMs'),
        kvorumOtherCpu: used('kvorum', (thread) => !kvorumMain(thread) && !reportWorker(thread), 'runMs'),
        simulatorCpu: used('simulator', all, 'runMs'),
        simulatorMainWait: used('simulator', (thread) => thread.tid === simulatorPid, 'waitMs'),
        clientCpu: used('client', all, 'runMs'),
      };
    },
  };
}

/** The month's report, downloaded in full again and again by a client process until stopped; the last one is cut off. */
function reportsStreaming(
  kvorum: KvorumProcess,
  token: string,
  client: ReportClient,
): { pid: number; stop(): Promise<Record<string, number>> } {
  const child = fork(DOWNLOAD_PROCESS, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const send = (command: DownloadCommand) => child.send(command);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the report client exited (${code}) before it answered`))),
  );
  exited.catch(() => undefined);
  const answered = new Promise<DownloadAnswer>((resolve) =>
    child.on('message', (answer: DownloadAnswer) => {
      if (answer.kind === 'ready') send({ kind: 'start', url: `http://127.0.0.1:${kvorum.httpPort}${REPORT_PATH}`, token, ...client });
      else resolve(answer);
    }),
  );
  return {
    pid: child.pid ?? -1,
    stop: async () => {
      send({ kind: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        const answer = await Promise.race([answered, exited]);
        if (answer.kind !== 'downloaded') throw new Error(`the report client answered ${answer.kind}`);
        if (answer.failure !== null) throw new Error(`the report client failed: ${answer.failure}`);
        return { reports: answer.reports, bytes: answer.bytes };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
