/**
 * Soak run: keeps simulated calls coming and going against Kvorum for a set
 * time while faults are injected, then ends every call, stops Kvorum with
 * SIGTERM and audits the ledger.
 *
 *   npm run soak -- [--minutes 3] [--calls-per-second 10] [--conferences 20] [--fault-every-seconds 10]
 *
 * The ARI simulator runs in this process; Kvorum runs as its own process
 * (`node --import tsx src/main.ts`), so its memory figures are its own. A
 * one-line preload answers memory questions over the IPC channel.
 *
 * "Lost" in the report means a leg without a plausible end: still open after
 * the stop, ending before it began, or ending after the caller was known to
 * be gone (beyond the reconnect slack). Legs that Kvorum closed with reason
 * `lost` (a call given up after a fault, or estimated after a gap) are
 * counted apart: they are closed, with an end no later than the truth.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from '../simulator';
import type { SimCaller, Simulator } from '../simulator/types';
import { conferencesOn, sqliteSql } from '../test/support/store-provisioning';
import { soundOf } from '../test/support/heard';
import { openDatabase } from '../src/adapters/db/database';
import { SqlLedger, type LegRecord } from '../src/adapters/db/sql-ledger';
import { migrate } from '../src/adapters/db/migrations';
import { OrganisationsRepository } from '../src/adapters/db/organisations-repository';
import { SqliteSqlDatabase } from '../src/adapters/db/sql/sqlite-sql-database';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    'calls-per-second': { type: 'string', default: '10' },
    conferences: { type: 'string', default: '20' },
    'fault-every-seconds': { type: 'string', default: '10' },
  },
});
const MINUTES = Number(values.minutes);
const CALLS_PER_SECOND = Number(values['calls-per-second']);
const CONFERENCES = Number(values.conferences);
const FAULT_EVERY_MS = Number(values['fault-every-seconds']) * 1000;
if (!(MINUTES > 0) || !(CALLS_PER_SECOND > 0) || !(CONFERENCES >= 1) || !(FAULT_EVERY_MS > 0)) {
  console.error('usage: npm run soak -- [--minutes N] [--calls-per-second R] [--conferences C] [--fault-every-seconds S]');
  process.exit(2);
}

const ACCESS_NUMBER = '4721000000';
const CODE_SECRET = 'soak-secret-0123456789abcdef';
/** Simulated prompts run 20× faster than on a phone: a 2 s prompt takes 100 ms. */
const TIME_SCALE = 0.05;
const CHECKPOINT_INTERVAL_MS = 2_000;
const REQUEST_TIMEOUT_MS = 1_000;
/** A hang-up in a gap closes at the gap's start: up to an outage plus detection earlier than the truth. */
const PLAUSIBLE_EARLY_MS = 5_000;
const PLAUSIBLE_LATE_MS = REQUEST_TIMEOUT_MS * 3;
const MEMORY_PROBE = `data:text/javascript,${encodeURIComponent(
  'process.on("message",()=>process.send(process.memoryUsage()));process.channel.unref();',
)}`;

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
}

interface Conference {
  leaderCode: string;
  participantCode: string;
}

const counters = new Map<string, number>();
function count(name: string, by = 1): void {
  counters.set(name, (counters.get(name) ?? 0) + by);
}

/** When the simulated caller hung up (or was hung up), by channel: the truth the ledger is checked against. */
const goneAt = new Map<string, number>();
const liveCallers = new Set<SimCaller>();

function random<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function randomMs(min: number, max: number): number {
  return min + Math.random() * (max - min);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kvorum-soak-'));
  const dbPath = join(dir, 'kvorum.db');
  const conferences = await createConferences(dbPath);
  const sim = await startSimulator({ timeScale: TIME_SCALE });
  const kvorum = startKvorum(sim, dbPath);
  const logCounts = countLogs(kvorum);
  await waitFor(() => sim.connectedApps().includes(sim.app), 'Kvorum connects', 20_000);
  const memoryAtStart = await memoryOf(kvorum);
  let peakRss = memoryAtStart.rss;
  const startedAt = Date.now();
  const endsAt = startedAt + MINUTES * 60_000;
  console.log(`soak: ${MINUTES} min, ${CALLS_PER_SECOND} calls/s, ${CONFERENCES} conferences, a fault every ${FAULT_EVERY_MS / 1000} s`);

  const scripts: Array<Promise<void>> = [];
  const faults = setInterval(() => injectFault(sim), FAULT_EVERY_MS);
  const sampler = setInterval(() => {
    void memoryOf(kvorum).then((memory) => {
      peakRss = Math.max(peakRss, memory.rss);
      const elapsed = Math.round((Date.now() - startedAt) / 1000);
      console.log(
        `  ${elapsed}s: ${counters.get('calls') ?? 0} calls, ${liveCallers.size} up, Kvorum rss ${mb(memory.rss)} heap ${mb(memory.heapUsed)}`,
      );
    });
  }, 15_000);
  while (Date.now() < endsAt) {
    scripts.push(callScript(sim, random(conferences)).catch((error: unknown) => count(`script error: ${String(error)}`)));
    await delay(randomMs(0, 2000 / CALLS_PER_SECOND));
  }
  clearInterval(faults);
  clearInterval(sampler);
  sim.faults.clear();

  // Everyone still connected hangs up; scripts finish; Kvorum catches up (and reconnects if a fault is still on).
  await waitFor(() => sim.connectedApps().includes(sim.app), 'Kvorum reconnects for the end', 30_000);
  for (const caller of liveCallers) void hangUp(caller);
  await Promise.all(scripts);
  await delay(REQUEST_TIMEOUT_MS * 3);
  const memoryAtEnd = await memoryOf(kvorum);
  const openBeforeStop = (await readLegs(dbPath)).filter((leg) => leg.leftAt === null).length;
  const exit = await stop(kvorum);
  const legs = await readLegs(dbPath);
  await sim.close();

  report({ startedAt, legs, openBeforeStop, exit, memoryAtStart, memoryAtEnd, peakRss, logCounts });
  rmSync(dir, { recursive: true, force: true });
}

async function createConferences(dbPath: string): Promise<Conference[]> {
  const db = openDatabase(dbPath);
  try {
    migrate(db);
    const organisationId = (await new OrganisationsRepository(sqliteSql(db)).create({ name: 'Soak', billingReference: '-' }, Date.now()))
      .id;
    const repository = conferencesOn(db, CODE_SECRET);
    const conferences: Conference[] = [];
    for (let i = 0; i < CONFERENCES; i += 1) {
      const { codes } = await repository.create({ organisationId, name: `Soak ${i}`, codes: { kind: 'pair' } }, Date.now());
      if (codes.kind !== 'pair') throw new Error('asked for a pair of codes');
      conferences.push({ leaderCode: codes.leader, participantCode: codes.participant });
    }
    return conferences;
  } finally {
    db.close();
  }
}

function startKvorum(sim: Simulator, dbPath: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', '--import', MEMORY_PROBE, 'src/main.ts'], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      KVORUM_ARI_URL: sim.url,
      KVORUM_ARI_USER: sim.username,
      KVORUM_ARI_PASSWORD: sim.password,
      KVORUM_ARI_APP: sim.app,
      KVORUM_ARI_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      KVORUM_DB_PATH: dbPath,
      KVORUM_CODE_SECRET: CODE_SECRET,
      KVORUM_HTTP_HOST: '127.0.0.1',
      KVORUM_HTTP_PORT: '0',
      KVORUM_LOG_LEVEL: 'warn',
      KVORUM_CHECKPOINT_INTERVAL_MS: String(CHECKPOINT_INTERVAL_MS),
      // Scaled like the simulator's prompts, so calls move at the same pace.
      KVORUM_FIRST_DIGIT_TIMEOUT_MS: '2000',
      KVORUM_INTER_DIGIT_TIMEOUT_MS: '1000',
      // The soak dials from a handful of numbers: the guessing limits are not what it measures.
      KVORUM_MAX_FAILED_CODES_PER_CALLER: '1000000',
      KVORUM_SPIKE_FAILED_CODES_PER_ACCESS_NUMBER: '1000000',
      KVORUM_SPIKE_FAILED_CODES_SERVICE: '1000000',
      KVORUM_MAX_CODE_ENTRY_CALLS_PER_ACCESS_NUMBER: '1000000',
      KVORUM_MAX_CODE_ENTRY_CALLS_PER_CALLER: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
}

/** Kvorum's warnings and errors by message (it logs JSON lines at level warn and above). */
function countLogs(kvorum: ChildProcess): Map<string, number> {
  const counts = new Map<string, number>();
  let pending = '';
  kvorum.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { level: number; msg: string };
        const key = `${entry.level >= 50 ? 'error' : 'warn'}: ${entry.msg}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      } catch {
        counts.set(`unparsed: ${line.slice(0, 80)}`, (counts.get(`unparsed: ${line.slice(0, 80)}`) ?? 0) + 1);
      }
    }
  });
  return counts;
}

function memoryOf(kvorum: ChildProcess): Promise<Memory> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Kvorum did not report its memory')), 5_000);
    kvorum.once('message', (memory) => {
      clearTimeout(timer);
      resolve(memory as Memory);
    });
    kvorum.send('memory');
  });
}

async function stop(kvorum: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    kvorum.once('exit', (code, signal) => resolve({ code, signal })),
  );
  kvorum.kill('SIGTERM');
  return exited;
}

/**
 * One caller: dials, types a code (a leader's, a participant's or a wrong
 * one), stays a while pressing keys, and hangs up, unless Kvorum sends them
 * away first. Every wait is bounded; an outcome the script did not expect is
 * counted, not thrown.
 */
async function callScript(sim: Simulator, conference: Conference): Promise<void> {
  count('calls');
  const kind = random([
    'leader',
    'participant',
    'participant',
    'participant',
    'participant',
    'wrong-code',
    'hang-up-while-typing',
  ] as const);
  const caller = sim.dial(ACCESS_NUMBER, { callerId: String(4790000000 + Math.floor(Math.random() * 10_000)) });
  liveCallers.add(caller);
  try {
    const prompted = await outcome(caller.waitForMedia(soundOf({ key: 'code.enter' }), 10_000));
    if (!prompted) {
      count(caller.state === 'hungup' ? 'outcome: refused (Kvorum not connected)' : 'outcome: no code prompt');
      return;
    }
    switch (kind) {
      case 'hang-up-while-typing':
        await caller.press(conference.participantCode.slice(0, 3));
        count('outcome: hung up while typing');
        return;
      case 'wrong-code':
        await caller.press('000000#');
        await outcome(caller.waitForMedia(soundOf({ key: 'code.invalid' }), 5_000));
        count('outcome: wrong code');
        return;
      case 'leader':
      case 'participant': {
        await caller.press(`${kind === 'leader' ? conference.leaderCode : conference.participantCode}#`);
        const admitted = await outcome(caller.waitUntil((c) => c.bridgeType() !== null || c.state === 'hungup', 'be admitted', 10_000));
        if (!admitted || caller.state === 'hungup') {
          count(caller.state === 'hungup' ? 'outcome: sent away (locked, ended or fault)' : 'outcome: not admitted in time');
          return;
        }
        count(`outcome: admitted as ${kind}`);
        await stay(caller, kind);
        return;
      }
      default:
        return kind satisfies never;
    }
  } finally {
    await hangUp(caller);
  }
}

async function stay(caller: SimCaller, kind: 'leader' | 'participant'): Promise<void> {
  const until = Date.now() + randomMs(2_000, 30_000);
  while (Date.now() < until && !isGone(caller)) {
    await delay(randomMs(500, 5_000));
    if (isGone(caller)) break;
    const keys = kind === 'leader' ? random(['*5', '#2', '*6', '*7', '#9', '*5', '#2', '##']) : random(['1', '*5', '#2', '9#', 'A']);
    count('keypad presses');
    await caller.press(keys);
  }
}

/** Read afresh each time: the simulator changes it behind the script's back. */
function isGone(caller: SimCaller): boolean {
  return caller.state === 'hungup';
}

async function hangUp(caller: SimCaller): Promise<void> {
  liveCallers.delete(caller);
  if (caller.state !== 'hungup') await caller.hangUp();
  if (!goneAt.has(caller.channelId)) goneAt.set(caller.channelId, Date.now());
}

async function outcome(wait: Promise<void>): Promise<boolean> {
  try {
    await wait;
    return true;
  } catch {
    return false;
  }
}

const FAULTS: Array<{ name: string; inject: (sim: Simulator) => void }> = [
  { name: 'event sockets dropped', inject: (sim) => sim.faults.dropWebSockets() },
  { name: 'connections refused for 1.5 s', inject: (sim) => sim.faults.refuseConnections(1_500) },
  { name: 'playbacks delayed 300 ms (20 requests)', inject: (sim) => sim.faults.delayRequests({ path: /\/play/ }, 300, 20) },
  { name: 'bridge joins hung (2 requests)', inject: (sim) => sim.faults.hangRequests({ method: 'POST', path: /\/addChannel/ }, 2) },
  { name: 'a channel gone on its next mute', inject: (sim) => sim.faults.goneOnNext({ method: 'POST', path: /\/mute/ }) },
  { name: 'a channel gone on its next play', inject: (sim) => sim.faults.goneOnNext({ method: 'POST', path: /\/channels\/[^/]+\/play/ }) },
  { name: 'undeclared event sent', inject: (sim) => sim.faults.sendUnknownEvent() },
];

function injectFault(sim: Simulator): void {
  const fault = random(FAULTS);
  count(`fault: ${fault.name}`);
  count('faults');
  fault.inject(sim);
}

async function readLegs(dbPath: string): Promise<LegRecord[]> {
  const db = new SqliteSqlDatabase(openDatabase(dbPath));
  try {
    return await new SqlLedger(db).legs();
  } finally {
    await db.close();
  }
}

async function waitFor(holds: () => boolean, description: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${description}`);
    await delay(20);
  }
}

/** Why a leg's end is not plausible, or null when it is. */
function implausible(leg: LegRecord): string | null {
  if (leg.leftAt === null) return 'still open';
  if (leg.leftAt < leg.calledAt || (leg.enteredAt !== null && leg.leftAt < leg.enteredAt)) return 'ends before it began';
  const truth = goneAt.get(leg.channelId);
  if (truth === undefined) return null;
  if (leg.leftAt > truth + PLAUSIBLE_LATE_MS) return 'ends after the caller was gone';
  if (leg.endReason === 'caller-hung-up' && leg.leftAt < truth - PLAUSIBLE_EARLY_MS) return 'hang-up recorded long before it happened';
  return null;
}

function report(figures: {
  startedAt: number;
  legs: LegRecord[];
  openBeforeStop: number;
  exit: { code: number | null; signal: string | null };
  memoryAtStart: Memory;
  memoryAtEnd: Memory;
  peakRss: number;
  logCounts: Map<string, number>;
}): void {
  const { legs } = figures;
  const problems = legs.flatMap((leg) => {
    const why = implausible(leg);
    return why === null ? [] : [`${leg.legId} (${leg.endReason ?? 'open'}): ${why}`];
  });
  const byReason = new Map<string, number>();
  for (const leg of legs) byReason.set(leg.endReason ?? 'open', (byReason.get(leg.endReason ?? 'open') ?? 0) + 1);
  const deviations = legs.flatMap((leg) => {
    const truth = goneAt.get(leg.channelId);
    return truth === undefined || leg.leftAt === null || leg.endReason !== 'caller-hung-up' ? [] : [leg.leftAt - truth];
  });
  const sorted = [...deviations].sort((a, b) => a - b);

  console.log('\n=== soak report ===');
  console.log(`duration                 ${Math.round((Date.now() - figures.startedAt) / 1000)} s`);
  console.log(`calls handled            ${counters.get('calls') ?? 0}`);
  for (const [name, value] of [...counters].filter(([name]) => name.startsWith('outcome:')).sort())
    console.log(`  ${name.padEnd(50)} ${value}`);
  console.log(`keypad presses           ${counters.get('keypad presses') ?? 0}`);
  console.log(`faults injected          ${counters.get('faults') ?? 0}`);
  for (const [name, value] of [...counters].filter(([name]) => name.startsWith('fault:')).sort())
    console.log(`  ${name.padEnd(50)} ${value}`);
  const scriptErrors = [...counters].filter(([name]) => name.startsWith('script error'));
  console.log(`script errors            ${scriptErrors.reduce((sum, [, value]) => sum + value, 0)}`);
  for (const [name, value] of scriptErrors) console.log(`  ${name} ${value}`);
  console.log(`Kvorum log, warn/error by message:`);
  for (const [name, value] of [...figures.logCounts].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(60)} ${value}`);
  console.log(`legs opened              ${legs.length}`);
  console.log(`  open before the stop   ${figures.openBeforeStop}`);
  console.log(`  open after the stop    ${legs.filter((leg) => leg.leftAt === null).length}`);
  console.log(`  closed                 ${legs.filter((leg) => leg.leftAt !== null).length}`);
  for (const [reason, value] of [...byReason].sort()) console.log(`    ${reason.padEnd(22)} ${value}`);
  console.log(`  estimated ends         ${legs.filter((leg) => leg.estimated).length}`);
  console.log(`  LOST (no plausible end) ${problems.length}`);
  for (const problem of problems.slice(0, 20)) console.log(`    ${problem}`);
  if (sorted.length > 0) {
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    console.log(`hang-up recorded vs true hang-up (ms): min ${sorted[0]} p50 ${at(0.5)} p99 ${at(0.99)} max ${sorted.at(-1)}`);
  }
  console.log(`Kvorum exit              code ${figures.exit.code} signal ${figures.exit.signal}`);
  console.log(
    `Kvorum memory at start   rss ${mb(figures.memoryAtStart.rss)} heap ${mb(figures.memoryAtStart.heapUsed)} / ${mb(figures.memoryAtStart.heapTotal)}`,
  );
  console.log(
    `Kvorum memory at end     rss ${mb(figures.memoryAtEnd.rss)} heap ${mb(figures.memoryAtEnd.heapUsed)} / ${mb(figures.memoryAtEnd.heapTotal)}`,
  );
  console.log(`Kvorum peak rss sampled  ${mb(figures.peakRss)}`);
  process.exitCode = problems.length === 0 && figures.exit.code === 0 ? 0 : 1;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

await main();
