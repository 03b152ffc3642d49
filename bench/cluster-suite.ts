/**
 * The cluster suite of `npm run bench -- --only cluster` (issue 17): every
 * number of callers on every number of media servers, with the same Kvorum
 * processes, on one throwaway PostgreSQL (a fresh database per level) from
 * Debian's package, as the tests start it. A level that fails (a bounded
 * wait ran out, a process did not start) is reported as failed, not dropped.
 */
import { PostgresServer } from '../test/support/postgres-server';
import { runClusterLevel, type ClusterLevelResult } from './cluster-level';
import type { LevelOptions } from './level-run';
import { loadAverage } from './machine';

export interface ClusterLevelFailure {
  callers: number;
  mediaServers: number;
  kvorumProcesses: number;
  loadAverageBefore: string;
  failure: string;
}

export type ClusterOutcome = ClusterLevelResult | ClusterLevelFailure;

export async function runClusterSuite(plan: {
  callers: number[];
  mediaServers: number[];
  kvorumProcesses: number;
  levelOptions: (callers: number) => LevelOptions;
  log: (line: string) => void;
}): Promise<ClusterOutcome[]> {
  if (!PostgresServer.available()) throw new Error("the cluster suite needs Debian's postgresql package (see README, Tests)");
  const postgres = await PostgresServer.start();
  const outcomes: ClusterOutcome[] = [];
  try {
    for (const callers of plan.callers) {
      for (const mediaServers of plan.mediaServers) {
        const shape = { callers, mediaServers, kvorumProcesses: plan.kvorumProcesses };
        const loadAverageBefore = loadAverage();
        plan.log(
          `cluster: ${callers} callers on ${mediaServers} media servers, ${plan.kvorumProcesses} Kvorum processes (load average ${loadAverageBefore})`,
        );
        try {
          const result = await runClusterLevel({ ...shape, level: plan.levelOptions(callers), postgres });
          const { sameServer, crossServer } = result.ramp.joins;
          plan.log(
            `  joins p50 same server ${sameServer.p50?.toFixed(1)} ms, across ${crossServer.p50?.toFixed(1)} ms; ` +
              `keypad p99 ${result.steady.latency.p99?.toFixed(1)} ms; ${result.ramp.failed} of ${result.ramp.dialled} not admitted, ${result.ramp.refused} refused (shed)`,
          );
          outcomes.push(result);
        } catch (error) {
          const failure = error instanceof Error ? error.message : String(error);
          plan.log(`  failed: ${failure}`);
          outcomes.push({ ...shape, loadAverageBefore, failure });
        }
      }
    }
  } finally {
    await postgres.stop();
  }
  return outcomes;
}
