/**
 * Kvorum's benchmarks (issue 7). Starts the ARI simulator with its load
 * generator and Kvorum as two separate processes on 127.0.0.1, drives
 * meetings of callers through them, and prints the results as Markdown
 * tables for docs/benchmarks.md.
 *
 *   npm run bench -- [--only latency,capacity,ledger,report,resync] [--quick]
 *                    [--runs 3] [--callers 1000,5000] [--window-s 30]
 *                    [--dials-per-second 50] [--profile-at 5000]
 *                    [--db-dir /dev/shm] [--profile-sim-dir DIR] [--json results.json]
 *                    [--media-servers 2,4] [--store sqlite|postgres]
 *
 * latency   p50/p99/max from the key that completes an input to the first ARI
 *           request answering it, at 100, 1,000, 5,000 and 10,000 concurrent
 *           callers (or --callers); --runs repeats every level and reports the
 *           spread between runs, and the ARI requests and events per call
 * capacity  raises the callers until p99 > 50 ms or errors appear; CPU per call,
 *           memory per connected caller
 * request   CPU, bytes and sockets per ARI request through the adapter, one
 *           request at a time (bench/request-cost.ts)
 * ledger    legs written per second with callers coming and going quickly
 * report    the monthly charge report over one million legs (bench/report-month.ts)
 * resync    start-to-ready with 1,000 live calls left by a crashed Kvorum
 * report-load  keypad latency at 1,000 callers without and with a 1M-leg report streaming (bench/report-under-load.ts);
 *           --report-client-nice N and --report-client-mb-s R: the downloading client's
 *           nice value and reading rate; --report-profile: a CPU profile of Kvorum while it streams
 * portal    each portal page, navigation to interactive, in chromium on 10,000 rooms and a
 *           year of meetings (bench/portal-pages.ts); --runs times each (at least 5); --store
 *           postgres puts Kvorum on a throwaway PostgreSQL instead of a SQLite file
 * cluster   10,000 callers (or --callers) over 2 and 4 simulated media servers (or --media-servers)
 *           driven by two Kvorum processes: joins on the server dialled and carried to another,
 *           CPU per call per process, keypad latency (bench/cluster-suite.ts)
 *
 * Every run is bounded (fixed windows, bounded waits) and stops by itself.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureLedgerThroughput } from './ledger-throughput';
import { runLevel, type LevelOptions, type LevelResult } from './level-run';
import { describeMachine, loadAverage } from './machine';
import {
  errorsOf,
  errorTable,
  latencyTable,
  profileTable,
  rampTable,
  resourceTable,
  spreadTable,
  startTable,
  table,
  trafficTable,
} from './markdown-tables';
import { targetLines } from './latency-targets';
import { runMonthlyReport } from './monthly-report';
import { runClusterSuite } from './cluster-suite';
import { clusterComparisonLines, clusterJoinTable, clusterProcessTable, clusterWindowTable } from './cluster-tables';
import { reportUnderLoadTable, runReportUnderLoad } from './report-under-load';
import { PORTAL_SIZE, portalPagesTable, runPortalPages } from './portal-pages';
import { measureRequestCosts } from './request-cost';
import { STORE_KINDS, STORE_NAMES, type StoreKind } from './throwaway-store';
import { runStartResync, type StartResult } from './start-resync';

const SUITES = ['latency', 'capacity', 'request', 'ledger', 'report', 'resync', 'report-load', 'portal', 'cluster'] as const;
type Suite = (typeof SUITES)[number];

const CAPACITY_LIMIT_P99_MS = 50;
const CAPACITY_TARGET_CALLERS = 5000;
const MEMORY_TARGET_KB = 50;
/** Issue 10 §6: what a report streaming may add to the keypad-answer p99 at 1,000 callers. */
const REPORT_LOAD_TARGET_MS = 2;
/** Issue 17: the Kvorum processes of the cluster suite. */
const CLUSTER_KVORUM_PROCESSES = 2;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'window-s': { type: 'string', default: '30' },
    'dials-per-second': { type: 'string', default: '50' },
    'profile-at': { type: 'string' },
    runs: { type: 'string', default: '1' },
    callers: { type: 'string' },
    'db-dir': { type: 'string' },
    'profile-sim-dir': { type: 'string' },
    json: { type: 'string' },
    'media-servers': { type: 'string', default: '2,4' },
    'report-client-nice': { type: 'string', default: '0' },
    'report-client-mb-s': { type: 'string' },
    'report-profile': { type: 'boolean', default: false },
    store: { type: 'string', default: 'sqlite' },
  },
});

const suites = parseSuites(values.only);
const store = parseStore(values.store);
const quick = values.quick;
const sizes = quick
  ? {
      latency: [20, 100],
      capacity: [200, 400],
      ledgerCallers: 200,
      reportLegs: 100_000,
      resyncCalls: 100,
      reportLoadCallers: 100,
      clusterCallers: [200],
    }
  : {
      latency: [100, 1000, 5000, 10_000],
      capacity: [2500, 5000, 7500, 10_000],
      ledgerCallers: 1000,
      reportLegs: 1_000_000,
      resyncCalls: 1000,
      reportLoadCallers: 1000,
      clusterCallers: [10_000],
    };
const windowMs = Number(values['window-s']) * 1000;
const dialsPerSecond = Number(values['dials-per-second']);
const profileAt = values['profile-at'] === undefined ? null : Number(values['profile-at']);
const runs = Math.max(1, Number(values.runs));
const latencyLevels = values.callers === undefined ? sizes.latency : values.callers.split(',').map(Number);

function parseSuites(only: string | undefined): Suite[] {
  if (only === undefined) return [...SUITES];
  const asked = only.split(',').map((name) => name.trim());
  const unknown = asked.filter((name) => !(SUITES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`unknown suite ${unknown.join(', ')}; choose from ${SUITES.join(', ')}`);
    process.exit(2);
  }
  return asked as Suite[];
}

function parseStore(name: string): StoreKind {
  if ((STORE_KINDS as readonly string[]).includes(name)) return name as StoreKind;
  console.error(`unknown store ${name}; choose from ${STORE_KINDS.join(', ')}`);
  process.exit(2);
}

/** Meetings of ten: two leaders who type a command every ~10 s; participants stay ~2 min, then call again. */
function levelOptions(callers: number, overrides: Partial<LevelOptions> = {}): LevelOptions {
  return {
    callers,
    meetingSize: 10,
    leadersPerMeeting: 2,
    dialsPerSecond,
    windowMs,
    commandIntervalMs: 10_000,
    meanHoldMs: 120_000,
    timeScale: 1,
    run: 1,
    databaseDirectory: values['db-dir'] ?? null,
    simulatorProfileDirectory: callers === profileAt ? (values['profile-sim-dir'] ?? null) : null,
    profilePath: callers === profileAt ? join(tmpdir(), `kvorum-${callers}-callers-${Date.now()}.cpuprofile`) : null,
    ...overrides,
  };
}

/** Every level run, in order; the first run of each size is reused by the suites after latency. */
const measuredLevels: LevelResult[] = [];
async function level(callers: number, run = 1): Promise<LevelResult> {
  const known = measuredLevels.find((result) => result.options.callers === callers);
  if (known && run === 1) return known;
  log(`level: ${callers} callers${run > 1 ? `, run ${run}` : ''} (load average ${loadAverage()})`);
  // Only the first run of a size is profiled: the profiler's own cost would blur the spread.
  const result = await runLevel(levelOptions(callers, run > 1 ? { run, profilePath: null } : {}));
  const latency = result.steady.latency;
  log(
    `  p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms over ${latency.count} inputs; ` +
      `CPU ${result.kvorum.cpuMsPerCall.toFixed(2)} ms/call; errors ${errorsOf(result)}`,
  );
  measuredLevels.push(result);
  return result;
}

function log(line: string): void {
  console.error(`[bench] ${line}`);
}

const output: string[] = [];
const raw: Record<string, unknown> = { machine: describeMachine(), startedAt: new Date().toISOString(), argv: process.argv.slice(2) };
const say = (text: string) => output.push(text, '');

const machine = describeMachine();
say(
  `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, Linux ${machine.kernel}; load average at start ${loadAverage()}.`,
);

if (suites.includes('latency')) {
  const measured: LevelResult[] = [];
  for (let run = 1; run <= runs; run += 1) {
    if (runs > 1) log(`latency run ${run} of ${runs}`);
    for (const callers of latencyLevels) measured.push(await level(callers, run));
  }
  say('### Response latency (measurement window)');
  say(latencyTable(measured));
  say('### Code entry during the ramp (the `#` of each code)');
  say(rampTable(measured));
  say(resourceTable(measured));
  say('### ARI traffic per call (ramp, window and hang-up)');
  say(trafficTable(measured));
  if (runs > 1) {
    say('### Spread between runs');
    say(spreadTable(measured));
  }
  say(targetLines(measured).join('\n'));
}

if (suites.includes('capacity')) {
  const measured: LevelResult[] = [];
  let lastGood: number | null = null;
  for (const callers of sizes.capacity) {
    const result = await level(callers);
    measured.push(result);
    const p99 = result.steady.latency.p99 ?? Number.POSITIVE_INFINITY;
    if (p99 > CAPACITY_LIMIT_P99_MS || errorsOf(result) > 0) break;
    lastGood = callers;
  }
  say('### Capacity');
  say(latencyTable(measured));
  say(errorTable(measured));
  say(resourceTable(measured));
  const memory = measured.at(-1)?.kvorum.rssPerCallerKb ?? Number.NaN;
  say(
    `Capacity: ${lastGood === null ? 'below the first step' : `${lastGood} concurrent callers`} with p99 ≤ ${CAPACITY_LIMIT_P99_MS} ms and no errors` +
      ` (steps ${sizes.capacity.join(', ')}). Target ≥ ${CAPACITY_TARGET_CALLERS}: ${lastGood !== null && lastGood >= CAPACITY_TARGET_CALLERS ? 'MET' : 'MISSED'}.`,
  );
  say(
    `Memory per connected caller at the last step: ${memory.toFixed(1)} KB RSS. Target < ${MEMORY_TARGET_KB} KB: ${memory < MEMORY_TARGET_KB ? 'MET' : 'MISSED'}.`,
  );
}

if (suites.includes('request')) {
  log('request: ARI requests one at a time through the adapter');
  const costs = await measureRequestCosts(quick ? 1000 : 5000);
  raw.requestCosts = costs;
  say('### One ARI request through the adapter (ari-client), one at a time');
  say(
    table(
      ['operation', 'requests', 'CPU µs / request', 'bytes written / request', 'sockets opened'],
      costs.map((cost) => [
        cost.operation,
        cost.requests,
        cost.cpuUsPerRequest.toFixed(0),
        cost.bytesPerRequest.toFixed(0),
        cost.socketsOpened,
      ]),
    ),
  );
}

if (suites.includes('ledger')) {
  log('ledger: durable writes on their own');
  const throughput = await measureLedgerThroughput(quick ? 2000 : 10_000);
  raw.ledgerThroughput = throughput;
  say('### Ledger on its own (open, enter, close: three durable writes per leg)');
  say(
    table(
      ['legs/s', 'writes', 'write p50 ms', 'write p99 ms', 'write max ms'],
      [
        [
          throughput.legsPerSecond.toFixed(0),
          throughput.writes,
          throughput.writeMs.p50.toFixed(2),
          throughput.writeMs.p99.toFixed(2),
          throughput.writeMs.max.toFixed(2),
        ],
      ],
    ),
  );
  log(`ledger: ${sizes.ledgerCallers} callers coming and going every ~10 s`);
  const churn = await runLevel(levelOptions(sizes.ledgerCallers, { meanHoldMs: 10_000, profilePath: null }));
  raw.ledgerChurn = churn;
  say('### Ledger under fast churn (participants stay ~10 s, then call again)');
  say(resourceTable([churn]));
  say(latencyTable([churn]));
  say(errorTable([churn]));
}

if (suites.includes('report')) {
  log(`report: ${sizes.reportLegs} legs (bench/report-month.ts)`);
  const printed = await runMonthlyReport(sizes.reportLegs);
  raw.report = printed;
  say('### Monthly charge report');
  say(['```', printed.trim(), '```'].join('\n'));
}

if (suites.includes('report-load')) {
  log(`report-load: ${sizes.reportLoadCallers} callers, quiet and with a ${sizes.reportLegs}-leg report streaming`);
  const client = {
    nice: Number(values['report-client-nice']),
    bytesPerSecond: values['report-client-mb-s'] === undefined ? null : Number(values['report-client-mb-s']) * 1e6,
  };
  const result = await runReportUnderLoad(
    sizes.reportLegs,
    client,
    (overrides) => levelOptions(sizes.reportLoadCallers, { profilePath: null, ...overrides }),
    values['report-profile'] ? join(tmpdir(), `kvorum-report-load-${Date.now()}.cpuprofile`) : null,
  );
  raw.reportLoad = result;
  say(`### Keypad answers while a month's report streams (${sizes.reportLoadCallers} callers)`);
  say(reportUnderLoadTable(result, REPORT_LOAD_TARGET_MS));
}

if (suites.includes('portal')) {
  const size = quick ? { ...PORTAL_SIZE, rooms: 1000, organisations: 20, meetings: 10_000 } : PORTAL_SIZE;
  const result = await runPortalPages(size, Math.max(5, runs), store, log);
  raw.portal = result;
  say(
    `### Portal pages on ${STORE_NAMES[result.store]} (${size.rooms} rooms in ${size.organisations} organisations, ${size.organisations * size.usersPerOrganisation} users, ` +
      `${size.meetings} meetings and ${result.legs} legs over a year; the operator, who sees them all, and the admin of one organisation for its usage and charges)`,
  );
  say(portalPagesTable(result));
  say(`Load average before ${result.loadAverageBefore}, after ${result.loadAverageAfter}.`);
}

if (suites.includes('cluster')) {
  const outcomes = await runClusterSuite({
    callers: values.callers === undefined ? sizes.clusterCallers : latencyLevels,
    mediaServers: values['media-servers'].split(',').map(Number),
    kvorumProcesses: CLUSTER_KVORUM_PROCESSES,
    levelOptions: (callers) => levelOptions(callers, { profilePath: null, simulatorProfileDirectory: null }),
    log,
  });
  raw.cluster = outcomes;
  say(
    `### Joins across media servers (${CLUSTER_KVORUM_PROCESSES} Kvorum processes; from the code's \`#\` to the call in the meeting's bridge)`,
  );
  say(clusterJoinTable(outcomes));
  say('### Kvorum processes of the cluster');
  say(clusterProcessTable(outcomes));
  say('### Keypad, errors and legs in the cluster');
  say(clusterWindowTable(outcomes));
  say(clusterComparisonLines(outcomes).join('\n'));
}

let start: StartResult | null = null;
if (suites.includes('resync')) {
  log(`resync: ${sizes.resyncCalls} live calls, Kvorum killed and started again`);
  start = await runStartResync(sizes.resyncCalls, dialsPerSecond);
  say('### Start and resync');
  say(startTable(start));
}

for (const result of measuredLevels) {
  if (result.profile === null) continue;
  say(`### CPU profile of Kvorum, ${result.options.callers} callers, ramp and measurement window (top self time, share of busy time)`);
  say(`Profile file: ${result.options.profilePath}`);
  say(profileTable(result.profile));
}

raw.levels = measuredLevels;
raw.start = start;
if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(raw, null, 2));
console.log(output.join('\n'));
