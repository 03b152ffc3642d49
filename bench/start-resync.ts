import type { LatencySummary } from '../simulator';
import { BENCH_CODE_SECRET, createBenchDatabase } from './bench-database';
import { startKvorumProcess } from './kvorum-process';
import { loadAverage } from './machine';
import { startSimLoad } from './sim-load-client';

export interface StartResult {
  loadAverageBefore: string;
  liveCalls: number;
  /** Start to /readyz 200 with no calls in the simulator. */
  emptyReadyMs: number;
  /** Start to /readyz 200 after a crash, with `liveCalls` calls still up in the simulator. */
  loadedReadyMs: number;
  /** Leaders (of `leadersProbed`) whose keypad command was answered after the restart. */
  leadersAnswered: number;
  leadersProbed: number;
  probeLatency: LatencySummary;
}

const MEETING_SIZE = 10;
const TIMEOUT_MS = 120_000;

/**
 * Start and resync: Kvorum starts with no calls (baseline), takes `liveCalls`
 * callers into meetings, and is killed (a crash: SIGKILL). The calls stay up
 * in the simulator, as on Asterisk. A new Kvorum starts on the same database;
 * we time start-to-ready, then every leader presses `#2` to see whether the
 * new process has taken the calls over.
 */
export async function runStartResync(liveCalls: number, dialsPerSecond: number): Promise<StartResult> {
  const database = await createBenchDatabase(Math.ceil(liveCalls / MEETING_SIZE));
  const sim = await startSimLoad(1);
  const loadAverageBefore = loadAverage();
  const start = () =>
    startKvorumProcess({
      ariUrl: sim.url,
      ariUser: sim.username,
      ariPassword: sim.password,
      database: { path: database.path },
      codeSecret: BENCH_CODE_SECRET,
      readyTimeoutMs: TIMEOUT_MS,
    });
  try {
    const first = await start();
    try {
      const ramp = await sim.send(
        {
          kind: 'ramp',
          plan: {
            callers: liveCalls,
            meetingSize: MEETING_SIZE,
            leadersPerMeeting: 2,
            dialsPerSecond,
            promptListenMs: 2500,
            admissionTimeoutMs: 10_000,
          },
        },
        'ramped',
        (liveCalls / dialsPerSecond) * 1000 + TIMEOUT_MS,
      );
      if (ramp.admitted < liveCalls) throw new Error(`only ${ramp.admitted} of ${liveCalls} callers got in before the crash`);
    } finally {
      await first.kill();
    }
    const second = await start();
    try {
      const probe = await sim.send({ kind: 'probe-leaders', command: '#2', timeoutMs: 3000 }, 'probed', TIMEOUT_MS);
      await sim.send({ kind: 'hang-up-all' }, 'hung-up', TIMEOUT_MS);
      return {
        loadAverageBefore,
        liveCalls,
        emptyReadyMs: first.readyMs,
        loadedReadyMs: second.readyMs,
        leadersAnswered: probe.latency.count,
        leadersProbed: probe.leaders,
        probeLatency: probe.latency,
      };
    } finally {
      await second.stop();
    }
  } finally {
    await sim.close();
    database.remove();
  }
}
