import type { LatencySummary } from '../simulator';
import type { ClusterLevelResult } from './cluster-level';
import type { ClusterOutcome } from './cluster-suite';
import type { JoinFigures } from './load-protocol';
import { table } from './markdown-tables';

const ms = (value: number | null) => (value === null ? '–' : value.toFixed(1));
const summary = (latency: LatencySummary) => (latency.count === 0 ? '–' : `${ms(latency.p50)} / ${ms(latency.p99)} / ${ms(latency.max)}`);
const measured = (outcomes: ClusterOutcome[]) => outcomes.filter((outcome): outcome is ClusterLevelResult => !('failure' in outcome));

/** Kvorum's errors, and what callers met: not admitted, refused at the door, unanswered keys, hung up by the bridge, legs never closed. */
export function clusterErrorsOf(result: ClusterLevelResult): number {
  return (
    result.ramp.failed +
    result.ramp.refused +
    result.steady.refused +
    result.steady.admissionFailures +
    result.steady.unanswered +
    result.steady.unexpectedHangups +
    result.legsLeftOpen +
    result.processes.reduce((sum, process) => sum + process.warnings.errors, 0)
  );
}

function joinCells(joins: JoinFigures): (string | number)[] {
  return [
    joins.sameServer.count,
    summary(joins.sameServer),
    joins.crossServer.count,
    summary(joins.crossServer),
    `${joins.failedOnServerDialled} / ${joins.failedAfterCarry}`,
    Object.entries(joins.failures)
      .map(([what, callers]) => `${callers} ${what}`)
      .join('<br>') || '–',
  ];
}

const JOIN_HEADER = [
  'joins on the server dialled',
  'p50 / p99 / max ms',
  'joins carried to another server',
  'p50 / p99 / max ms',
  'failed: on the server dialled / after the carry',
  'what the failed callers met',
];

/** From the code's `#` to the call in the meeting's bridge, during the ramp (each caller's first call) and the window (callers calling again). */
export function clusterJoinTable(outcomes: ClusterOutcome[]): string {
  return table(
    ['callers', 'media servers', 'phase', ...JOIN_HEADER, 'load avg before'],
    measured(outcomes).flatMap((result) => [
      [result.callers, result.mediaServers, 'ramp', ...joinCells(result.ramp.joins), result.loadAverageBefore],
      [result.callers, result.mediaServers, 'window', ...joinCells(result.steady.joins), ''],
    ]),
  );
}

/** Each Kvorum process: CPU per call that arrived on its servers, cores busy, memory, what it logged. */
export function clusterProcessTable(outcomes: ClusterOutcome[]): string {
  return table(
    [
      'callers',
      'media servers',
      'process',
      'drives',
      'CPU ms / call',
      'CPU ramp / window (cores)',
      'RSS loaded MB',
      'errors logged',
      'warnings logged',
    ],
    measured(outcomes).flatMap((result) =>
      result.processes.map((process) => [
        result.callers,
        result.mediaServers,
        process.processId,
        process.servers.join(', '),
        process.cpuMsPerCall.toFixed(2),
        `${process.rampCpuShare.toFixed(2)} / ${process.windowCpuShare.toFixed(2)}`,
        (process.rssLoadedKb / 1024).toFixed(0),
        process.warnings.errors,
        process.warnings.count === 0 ? '0' : `${process.warnings.count} (${process.warnings.messages.join('; ').replaceAll('|', '\\|')})`,
      ]),
    ),
  );
}

/** The keypad while the meetings run, what went wrong, and where the legs were written; a failed level says why. */
export function clusterWindowTable(outcomes: ClusterOutcome[]): string {
  return table(
    [
      'callers',
      'media servers',
      'admitted in ramp',
      'keypad inputs in window',
      'keypad p50 / p99 / max ms',
      'unanswered inputs',
      'refused (shed) ramp / window',
      'unexpected hang-ups',
      'legs left open',
      'errors',
      'simulator CPU ramp / window (cores)',
      'legs by server',
      'load avg before',
    ],
    outcomes.map((outcome) => {
      if ('failure' in outcome) {
        return [
          outcome.callers,
          outcome.mediaServers,
          `FAILED: ${outcome.failure.replaceAll('|', '\\|')}`,
          ...Array<string>(9).fill('–'),
          outcome.loadAverageBefore,
        ];
      }
      return [
        outcome.callers,
        outcome.mediaServers,
        `${outcome.ramp.admitted} of ${outcome.ramp.dialled}`,
        outcome.steady.inputs,
        summary(outcome.steady.latency),
        outcome.steady.unanswered,
        `${outcome.ramp.refused} / ${outcome.steady.refused}`,
        outcome.steady.unexpectedHangups,
        outcome.legsLeftOpen,
        clusterErrorsOf(outcome),
        `${outcome.simulator.rampCpuShare.toFixed(2)} / ${outcome.simulator.windowCpuShare.toFixed(2)}`,
        Object.entries(outcome.legsByServer)
          .map(([server, legs]) => `${server} ${legs}`)
          .join('<br>'),
        outcome.loadAverageBefore,
      ];
    }),
  );
}

/** For each number of callers measured on more than one number of servers: what the next servers changed. */
export function clusterComparisonLines(outcomes: ClusterOutcome[]): string[] {
  const results = measured(outcomes);
  const lines: string[] = [];
  for (const callers of new Set(results.map((result) => result.callers))) {
    const bySize = results.filter((result) => result.callers === callers).sort((a, b) => a.mediaServers - b.mediaServers);
    for (const [index, larger] of bySize.entries()) {
      const smaller = bySize[index - 1];
      if (smaller === undefined) continue;
      const cpu = (result: ClusterLevelResult) =>
        result.processes.reduce((sum, process) => sum + process.cpuMsPerCall * process.servers.length, 0) / result.mediaServers;
      lines.push(
        `${callers} callers, ${smaller.mediaServers} → ${larger.mediaServers} media servers: Kvorum CPU per call ${cpu(smaller).toFixed(2)} → ${cpu(larger).toFixed(2)} ms; ` +
          `joins carried ${share(smaller)} → ${share(larger)} of all; carried join p50 ${ms(smaller.ramp.joins.crossServer.p50)} → ${ms(larger.ramp.joins.crossServer.p50)} ms, ` +
          `p99 ${ms(smaller.ramp.joins.crossServer.p99)} → ${ms(larger.ramp.joins.crossServer.p99)} ms; ` +
          `same-server join p50 ${ms(smaller.ramp.joins.sameServer.p50)} → ${ms(larger.ramp.joins.sameServer.p50)} ms; ` +
          `errors ${clusterErrorsOf(smaller)} → ${clusterErrorsOf(larger)}.`,
      );
    }
  }
  return lines;
}

function share(result: ClusterLevelResult): string {
  const { sameServer, crossServer } = result.ramp.joins;
  return `${((crossServer.count / Math.max(1, sameServer.count + crossServer.count)) * 100).toFixed(0)} %`;
}
