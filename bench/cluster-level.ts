/**
 * One level of the cluster benchmark (issue 17): a simulated cluster of
 * media servers and the internal trunk between them (one simulator process,
 * the calls spread over the servers as the edge does), Kvorum processes that
 * each drive a share of the servers under their leases, and a throwaway
 * PostgreSQL that holds every store, which they all share (README,
 * "Several media servers").
 * The callers behave as in the latency levels (`LevelOptions`).
 */
import type { PostgresServer } from '../test/support/postgres-server';
import { PostgresSqlDatabase } from '../src/adapters/db/sql/postgres-sql-database';
import { BENCH_CODE_SECRET, provisionBenchRooms } from './bench-database';
import { startKvorumProcess, type KvorumProcess, type KvorumWarnings } from './kvorum-process';
import { rampPlan, steadyPlan, waitUntil, type LevelOptions } from './level-run';
import type { RampResult, SteadyResult } from './load-protocol';
import { loadAverage } from './machine';
import { cpuTimeMs } from './proc-stats';
import { startSimLoad, type SimLoad } from './sim-load-client';

/** Test data: seals the tickets of carried calls between the benchmark's processes. */
const BENCH_CARRY_SECRET = 'kvorum-benchmark-carry-secret-0123456789';
const PROCESS_START_TIMEOUT_MS = 60_000;
const SETTLE_TIMEOUT_MS = 60_000;

export interface ClusterLevelOptions {
  /** The callers and how they behave. */
  level: LevelOptions;
  mediaServers: number;
  kvorumProcesses: number;
  postgres: PostgresServer;
}

export interface ClusterProcessResult {
  processId: string;
  /** The media servers it drives (every `kvorumProcesses`-th, so the edge gives each process the same share of calls). */
  servers: string[];
  /** Its CPU time from the start of the ramp until everybody hung up, per call that arrived on its servers. */
  cpuMsPerCall: number;
  /** Its CPU time per wall-clock time (1.0 = one core busy) during the ramp and during the window. */
  rampCpuShare: number;
  windowCpuShare: number;
  rssLoadedKb: number;
  warnings: KvorumWarnings;
}

export interface ClusterLevelResult {
  callers: number;
  mediaServers: number;
  kvorumProcesses: number;
  loadAverageBefore: string;
  ramp: RampResult;
  steady: SteadyResult;
  /** Calls dialled during the ramp and again during the window. */
  callsHandled: number;
  processes: ClusterProcessResult[];
  /** The simulator process (every server, the trunk and the callers), in cores. */
  simulator: { rampCpuShare: number; windowCpuShare: number };
  /** Legs written, by the media server they were on (a carried call's leg is on the conference's server). */
  legsByServer: Record<string, number>;
  /** Legs still open once everybody had hung up and the wait for them ran out. */
  legsLeftOpen: number;
}

interface Running {
  processId: string;
  servers: string[];
  kvorum: KvorumProcess;
}

export async function runClusterLevel(options: ClusterLevelOptions): Promise<ClusterLevelResult> {
  const { level } = options;
  const serverIds = Array.from({ length: options.mediaServers }, (_, index) => `ast-${index + 1}`);
  const databaseUrl = await options.postgres.database();
  const store = await PostgresSqlDatabase.open(databaseUrl);
  await provisionBenchRooms(store, Math.ceil(level.callers / level.meetingSize));
  const sim = await startSimLoad(level.timeScale, level.simulatorProfileDirectory, serverIds);
  const loadAverageBefore = loadAverage();
  const running: Running[] = [];
  try {
    // Started together, as `docker compose up` starts them, on the one database.
    const started = await Promise.allSettled(
      Array.from({ length: options.kvorumProcesses }, (_, index) =>
        startProcess(
          sim,
          `kvorum-${index + 1}`,
          serverIds.filter((_, server) => server % options.kvorumProcesses === index),
          databaseUrl,
        ),
      ),
    );
    for (const outcome of started) if (outcome.status === 'fulfilled') running.push(outcome.value);
    const refused = started.find((outcome) => outcome.status === 'rejected');
    if (refused !== undefined) throw refused.reason;

    {
      const openLegs = async () =>
        (await store.get<{ open: number }>('SELECT count(*) AS open FROM legs WHERE left_at IS NULL'))?.open ?? 0;
      const cpu = () => running.map(({ kvorum }) => kvorum.cpuTimeMs());
      const cpuAtStart = cpu();
      const simCpuAtStart = cpuTimeMs(sim.pid);
      const rampStarted = performance.now();
      const ramp = await sim.send(
        { kind: 'ramp', plan: rampPlan(level) },
        'ramped',
        (level.callers / level.dialsPerSecond) * 1000 + SETTLE_TIMEOUT_MS,
      );
      const rampMs = performance.now() - rampStarted;
      const cpuAfterRamp = cpu();
      const simCpuAfterRamp = cpuTimeMs(sim.pid);
      const rssLoadedKb = running.map(({ kvorum }) => kvorum.residentKb());

      const windowStarted = performance.now();
      const steady = await sim.send({ kind: 'steady', plan: steadyPlan(level) }, 'steady-done', level.windowMs + SETTLE_TIMEOUT_MS);
      const windowMs = performance.now() - windowStarted;
      const cpuAfterWindow = cpu();
      const simCpuAfterWindow = cpuTimeMs(sim.pid);

      await sim.send({ kind: 'hang-up-all' }, 'hung-up', SETTLE_TIMEOUT_MS);
      await waitUntil(async () => (await openLegs()) === 0, SETTLE_TIMEOUT_MS);
      const cpuAtEnd = cpu();
      const legsLeftOpen = await openLegs();
      const legsByServer = Object.fromEntries(
        (
          await store.all<{ server: string | null; legs: number }>(
            'SELECT media_server_id AS server, count(*) AS legs FROM legs GROUP BY media_server_id',
          )
        ).map((row) => [row.server ?? '(none)', row.legs]),
      );
      const callsHandled = ramp.dialled + steady.callsChurned;
      await Promise.all(running.map(({ kvorum }) => kvorum.stop()));

      return {
        callers: level.callers,
        mediaServers: options.mediaServers,
        kvorumProcesses: options.kvorumProcesses,
        loadAverageBefore,
        ramp,
        steady,
        callsHandled,
        processes: running.map(({ processId, servers, kvorum }, index) => ({
          processId,
          servers,
          // The edge spreads the calls evenly: a process's share is its share of the servers.
          cpuMsPerCall: (cpuAtEnd[index]! - cpuAtStart[index]!) / Math.max(1, (callsHandled * servers.length) / options.mediaServers),
          rampCpuShare: (cpuAfterRamp[index]! - cpuAtStart[index]!) / rampMs,
          windowCpuShare: (cpuAfterWindow[index]! - cpuAfterRamp[index]!) / windowMs,
          rssLoadedKb: rssLoadedKb[index]!,
          warnings: kvorum.warnings(),
        })),
        simulator: {
          rampCpuShare: (simCpuAfterRamp - simCpuAtStart) / rampMs,
          windowCpuShare: (simCpuAfterWindow - simCpuAfterRamp) / windowMs,
        },
        legsByServer,
        legsLeftOpen,
      };
    }
  } finally {
    await Promise.all(running.map(({ kvorum }) => kvorum.stop()));
    await sim.close();
    await store.close();
  }
}

async function startProcess(sim: SimLoad, processId: string, servers: string[], databaseUrl: string): Promise<Running> {
  const mediaServers = sim.mediaServers.filter((server) => servers.includes(server.id)).map(({ id, url }) => ({ id, ariUrl: url }));
  const kvorum = await startKvorumProcess({
    ariUrl: mediaServers[0]?.ariUrl ?? sim.url,
    ariUser: sim.username,
    ariPassword: sim.password,
    database: { url: databaseUrl },
    codeSecret: BENCH_CODE_SECRET,
    readyTimeoutMs: PROCESS_START_TIMEOUT_MS,
    env: {
      KVORUM_PROCESS_ID: processId,
      KVORUM_MEDIA_SERVERS: JSON.stringify(mediaServers),
      KVORUM_CARRY_SECRET: BENCH_CARRY_SECRET,
    },
  });
  return { processId, servers, kvorum };
}
