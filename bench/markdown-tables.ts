import type { LatencySummary } from '../simulator';
import type { SelfTimeRow } from './cpu-profile-summary';
import type { LevelResult } from './level-run';
import type { StartResult } from './start-resync';

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const percent = (share: number) => `${(share * 100).toFixed(0)} %`;
const ms = (value: number | null) => (value === null ? '–' : value.toFixed(2));

/**
 * Problems that end the capacity search: anything a caller would notice, and
 * faults the bridge logged at error level. Warnings are shown, not counted:
 * the bridge warns about things it rides out (a slow ARI request, a memo write
 * on a channel that was hanging up).
 */
export function errorsOf(level: LevelResult): number {
  return (
    level.ramp.failed +
    level.steady.admissionFailures +
    level.steady.unanswered +
    level.steady.unexpectedHangups +
    level.kvorum.warnings.errors
  );
}

export function latencyTable(levels: LevelResult[]): string {
  return table(
    ['callers', 'meetings', 'inputs in window', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'sim loop p99 ms', 'load avg before'],
    levels.map((level) => [
      level.options.callers,
      Math.ceil(level.options.callers / level.options.meetingSize),
      level.steady.inputs,
      ms(level.steady.latency.p50),
      ms(level.steady.latency.p99),
      ms(level.steady.latency.max),
      errorsOf(level),
      ms(level.steady.simLoopDelay.p99),
      level.loadAverageBefore,
    ]),
  );
}

export function rampTable(levels: LevelResult[]): string {
  return table(
    ['callers', 'dials/s', 'admitted', 'failed', 'code `#` p50 ms', 'p99 ms', 'max ms'],
    levels.map((level) => [
      level.options.callers,
      level.options.dialsPerSecond,
      level.ramp.admitted,
      level.ramp.failed,
      ms(level.ramp.latency.p50),
      ms(level.ramp.latency.p99),
      ms(level.ramp.latency.max),
    ]),
  );
}

export function resourceTable(levels: LevelResult[]): string {
  return table(
    [
      'callers',
      'calls handled',
      'CPU ms / call',
      'Kvorum CPU ramp / window (cores)',
      'Kvorum event loop busy ramp / window',
      'simulator CPU ramp / window (cores)',
      'RSS base MB',
      'RSS loaded MB',
      'RSS KB / caller',
      'heap+external KB / caller',
      'legs opened/s',
      'legs closed/s',
      'warnings and errors logged',
    ],
    levels.map((level) => [
      level.options.callers,
      level.kvorum.callsHandled,
      level.kvorum.cpuMsPerCall.toFixed(2),
      `${level.kvorum.rampCpuShare.toFixed(2)} / ${level.kvorum.windowCpuShare.toFixed(2)}`,
      `${percent(level.kvorum.rampLoopBusy)} / ${percent(level.kvorum.windowLoopBusy)}`,
      `${level.simulator.rampCpuShare.toFixed(2)} / ${level.simulator.windowCpuShare.toFixed(2)}`,
      (level.kvorum.rssBaselineKb / 1024).toFixed(0),
      (level.kvorum.rssLoadedKb / 1024).toFixed(0),
      level.kvorum.rssPerCallerKb.toFixed(1),
      level.kvorum.heapPerCallerKb.toFixed(1),
      level.ledger.legsOpenedPerSecond.toFixed(1),
      level.ledger.legsClosedPerSecond.toFixed(1),
      level.kvorum.warnings.count === 0 ? '0' : `${level.kvorum.warnings.count} (${level.kvorum.warnings.messages.join('; ')})`,
    ]),
  );
}

export function errorTable(levels: LevelResult[]): string {
  return table(
    [
      'callers',
      'ramp failed',
      'admission failures',
      'unanswered inputs',
      'unexpected hang-ups',
      'connected at end',
      'Kvorum errors',
      'Kvorum warnings',
    ],
    levels.map((level) => [
      level.options.callers,
      level.ramp.failed,
      level.steady.admissionFailures,
      level.steady.unanswered,
      level.steady.unexpectedHangups,
      level.steady.connectedAtEnd,
      level.kvorum.warnings.errors,
      level.kvorum.warnings.count - level.kvorum.warnings.errors,
    ]),
  );
}

export function profileTable(rows: SelfTimeRow[]): string {
  return table(
    ['self ms', 'share', 'function', 'where'],
    rows.map((row) => [
      row.selfMs.toFixed(0),
      `${(row.share * 100).toFixed(1)} %`,
      `\`${row.functionName}\``,
      row.location || '(native / VM)',
    ]),
  );
}

export function startTable(result: StartResult): string {
  return table(
    ['live calls in the simulator', 'start → ready ms', 'leaders answered after restart', 'answer p50 / p99 ms', 'load avg before'],
    [
      [0, result.emptyReadyMs.toFixed(0), '–', '–', result.loadAverageBefore],
      [
        result.liveCalls,
        result.loadedReadyMs.toFixed(0),
        `${result.leadersAnswered} of ${result.leadersProbed}`,
        latencyPair(result.probeLatency),
        '',
      ],
    ],
  );
}

function latencyPair(latency: LatencySummary): string {
  return latency.count === 0 ? '–' : `${ms(latency.p50)} / ${ms(latency.p99)}`;
}
