import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LatencySummary } from '../simulator';
import { BENCH_CODE_SECRET, createBenchDatabase, type BenchDatabase } from './bench-database';
import { topSelfTime, type SelfTimeRow } from './cpu-profile-summary';
import { startKvorumProcess, type HeapFigures, type KvorumProcess, type KvorumWarnings, type EventLoopTime } from './kvorum-process';
import type { LoadPlan, SteadyPlan, SteadyResult } from './load-protocol';
import { loadAverage } from './machine';
import { cpuTimeMs } from './proc-stats';
import { startSimLoad } from './sim-load-client';
import type { Traffic } from './traffic-counter';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const KB = 1024;

/** One load level: how many callers, how they behave, and whether to profile Kvorum through ramp and window. */
export interface LevelOptions {
  callers: number;
  meetingSize: number;
  leadersPerMeeting: number;
  dialsPerSecond: number;
  windowMs: number;
  commandIntervalMs: number;
  meanHoldMs: number;
  timeScale: number;
  /** Which repetition of this level this is (1 for the first), for the tables. */
  run: number;
  /** Where the level's database lives; null for the OS temp folder. A tmpfs here takes the disk's fsync out of the figures. */
  databaseDirectory: string | null;
  /** Where the simulator process (simulator and load generator) writes a CPU profile of the level; null for none. */
  simulatorProfileDirectory: string | null;
  /** Write the CPU profile of ramp and window here (a .cpuprofile file) and summarise it. */
  profilePath: string | null;
  /** Run on this database instead of a fresh one with just the conferences (the level removes it afterwards). */
  database?: BenchDatabase;
  /** Work that runs alongside the callers during the measurement window (a report streaming); its figures go in the result. */
  alongside?: (kvorum: KvorumProcess, simulatorPid: number) => { stop(): Promise<Record<string, number>> };
}

export interface LevelResult {
  options: LevelOptions;
  loadAverageBefore: string;
  ramp: { ms: number; admitted: number; failed: number; refused: number; latency: LatencySummary };
  steady: SteadyResult;
  kvorum: {
    cpuMsPerCall: number;
    /** CPU time used during the window per wall-clock time: 1.0 = one core busy. */
    windowCpuShare: number;
    rampCpuShare: number;
    /** Share of wall time the event loop was busy (CPU and synchronous disk waits), ramp and window. */
    rampLoopBusy: number;
    windowLoopBusy: number;
    callsHandled: number;
    rssPerCallerKb: number;
    heapPerCallerKb: number;
    baseline: HeapFigures;
    loaded: HeapFigures;
    rssBaselineKb: number;
    rssLoadedKb: number;
    warnings: KvorumWarnings;
    /** When the first warning came, from the start of the ramp (s); null without warnings. */
    firstWarningAfterS: number | null;
  };
  /** The simulator process (simulator and load generator), in cores, for comparison. */
  simulator: { rampCpuShare: number; windowCpuShare: number };
  ledger: { legsOpenedPerSecond: number; legsClosedPerSecond: number };
  /** ARI requests and events from the start of the ramp until everybody hung up (divide by `kvorum.callsHandled` for per call). */
  traffic: Traffic;
  profile: SelfTimeRow[] | null;
  /** What the work alongside the window reported, if any. */
  alongside: Record<string, number> | null;
}

const PROCESS_START_TIMEOUT_MS = 60_000;
const SETTLE_TIMEOUT_MS = 60_000;

/**
 * Runs one level in fresh processes on a fresh database: ramp up to
 * `callers`, measure memory, run the window (leaders type commands,
 * participants come and go), measure latency, CPU and the ledger, then hang
 * everybody up and stop both processes.
 */
export async function runLevel(options: LevelOptions): Promise<LevelResult> {
  const database =
    options.database ??
    (await createBenchDatabase(Math.ceil(options.callers / options.meetingSize), {
      parentDirectory: options.databaseDirectory ?? undefined,
    }));
  const sim = await startSimLoad(options.timeScale, options.simulatorProfileDirectory);
  const loadAverageBefore = loadAverage();
  try {
    const kvorum = await startKvorumProcess({
      ariUrl: sim.url,
      ariUser: sim.username,
      ariPassword: sim.password,
      database: { path: database.path },
      codeSecret: BENCH_CODE_SECRET,
      readyTimeoutMs: PROCESS_START_TIMEOUT_MS,
    });
    const reader = database.openReader();
    try {
      const countLegs = reader.prepare<[], { legs: number; closed: number; open: number }>(
        'SELECT count(*) AS legs, count(left_at) AS closed, count(*) - count(left_at) AS open FROM legs',
      );
      const baseline = await kvorum.heapAfterGc();
      const rssBaselineKb = kvorum.residentKb();
      const cpuAtStart = kvorum.cpuTimeMs();
      const simCpuAtStart = cpuTimeMs(sim.pid);
      if (options.profilePath !== null) await kvorum.startProfile();
      const loopAtStart = await kvorum.eventLoopTime();
      const rampStarted = performance.now();
      const rampStartedAt = Date.now();

      const ramp = await sim.send(
        { kind: 'ramp', plan: rampPlan(options) },
        'ramped',
        (options.callers / options.dialsPerSecond) * 1000 + SETTLE_TIMEOUT_MS,
      );
      const rampMs = performance.now() - rampStarted;
      const cpuAfterRamp = kvorum.cpuTimeMs();
      const simCpuAfterRamp = cpuTimeMs(sim.pid);
      const loopAfterRamp = await kvorum.eventLoopTime();
      const loaded = await kvorum.heapAfterGc();
      const rssLoadedKb = kvorum.residentKb();

      const legsBefore = countLegs.get();
      const cpuBeforeWindow = kvorum.cpuTimeMs();
      const simCpuBeforeWindow = cpuTimeMs(sim.pid);
      const loopBeforeWindow = await kvorum.eventLoopTime();
      const windowStarted = performance.now();
      const alongside = options.alongside?.(kvorum, sim.pid);
      const steady = await sim.send({ kind: 'steady', plan: steadyPlan(options) }, 'steady-done', options.windowMs + SETTLE_TIMEOUT_MS);
      const windowMs = performance.now() - windowStarted;
      const alongsideFigures = (await alongside?.stop()) ?? null;
      const cpuAfterWindow = kvorum.cpuTimeMs();
      const simCpuAfterWindow = cpuTimeMs(sim.pid);
      const legsAfter = countLegs.get();
      const loopAfterWindow = await kvorum.eventLoopTime();
      let profile: SelfTimeRow[] | null = null;
      if (options.profilePath !== null) {
        const recorded = await kvorum.stopProfile();
        writeFileSync(options.profilePath, JSON.stringify(recorded));
        profile = topSelfTime(recorded, REPO, 15);
      }

      await sim.send({ kind: 'hang-up-all' }, 'hung-up', SETTLE_TIMEOUT_MS);
      await waitUntil(() => countLegs.get()?.open === 0, SETTLE_TIMEOUT_MS);
      const cpuAtEnd = kvorum.cpuTimeMs();
      const { traffic } = await sim.send({ kind: 'traffic' }, 'traffic', SETTLE_TIMEOUT_MS);
      const warnings = kvorum.warnings();
      await kvorum.stop();

      const callsHandled = ramp.dialled + steady.callsChurned;
      const connected = Math.max(1, ramp.admitted);
      return {
        options,
        loadAverageBefore,
        ramp: { ms: ramp.ms, admitted: ramp.admitted, failed: ramp.failed, refused: ramp.refused, latency: ramp.latency },
        steady,
        kvorum: {
          cpuMsPerCall: (cpuAtEnd - cpuAtStart) / callsHandled,
          windowCpuShare: (cpuAfterWindow - cpuBeforeWindow) / windowMs,
          rampCpuShare: (cpuAfterRamp - cpuAtStart) / rampMs,
          rampLoopBusy: busyShare(loopAtStart, loopAfterRamp),
          windowLoopBusy: busyShare(loopBeforeWindow, loopAfterWindow),
          callsHandled,
          rssPerCallerKb: (rssLoadedKb - rssBaselineKb) / connected,
          heapPerCallerKb: (loaded.heapUsed + loaded.external - baseline.heapUsed - baseline.external) / KB / connected,
          baseline,
          loaded,
          rssBaselineKb,
          rssLoadedKb,
          warnings,
          firstWarningAfterS: warnings.firstAt === null ? null : (warnings.firstAt - rampStartedAt) / 1000,
        },
        simulator: {
          rampCpuShare: (simCpuAfterRamp - simCpuAtStart) / rampMs,
          windowCpuShare: (simCpuAfterWindow - simCpuBeforeWindow) / windowMs,
        },
        ledger: {
          legsOpenedPerSecond: ((legsAfter?.legs ?? 0) - (legsBefore?.legs ?? 0)) / (options.windowMs / 1000),
          legsClosedPerSecond: ((legsAfter?.closed ?? 0) - (legsBefore?.closed ?? 0)) / (options.windowMs / 1000),
        },
        traffic,
        profile,
        alongside: alongsideFigures,
      };
    } finally {
      reader.close();
      await kvorum.stop();
    }
  } finally {
    await sim.close();
    database.remove();
  }
}

/** How the level's callers arrive and type their codes. */
export function rampPlan(options: LevelOptions): LoadPlan {
  return {
    callers: options.callers,
    meetingSize: options.meetingSize,
    leadersPerMeeting: options.leadersPerMeeting,
    dialsPerSecond: options.dialsPerSecond,
    promptListenMs: 2500 * options.timeScale,
    admissionTimeoutMs: 10_000,
  };
}

/** What the level's callers do during the measurement window. */
export function steadyPlan(options: LevelOptions): SteadyPlan {
  return { windowMs: options.windowMs, commandIntervalMs: options.commandIntervalMs, meanHoldMs: options.meanHoldMs, drainMs: 2000 };
}

function busyShare(from: EventLoopTime, to: EventLoopTime): number {
  const active = to.active - from.active;
  const idle = to.idle - from.idle;
  return active / Math.max(1, active + idle);
}

export async function waitUntil(holds: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await holds()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
