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
    level.ramp.refused +
    level.steady.refused +
    level.steady.admissionFailures +
    level.steady.unanswered +
    level.steady.unexpectedHangups +
    level.kvorum.warnings.errors
  );
}

/** The first columns of a level's row: its size, and which run it was when the levels were repeated. */
function levelHeader(levels: LevelResult[]): string[] {
  return repeated(levels) ? ['callers', 'run'] : ['callers'];
}

function levelCells(levels: LevelResult[], level: LevelResult): (string | number)[] {
  return repeated(levels) ? [level.options.callers, level.options.run] : [level.options.callers];
}

function repeated(levels: LevelResult[]): boolean {
  return levels.some((level) => level.options.run > 1);
}

export function latencyTable(levels: LevelResult[]): string {
  return table(
    [...levelHeader(levels), 'meetings', 'inputs in window', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'sim loop p99 ms', 'load avg before'],
    levels.map((level) => [
      ...levelCells(levels, level),
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
    [...levelHeader(levels), 'dials/s', 'admitted', 'failed', 'code `#` p50 ms', 'p99 ms', 'max ms'],
    levels.map((level) => [
      ...levelCells(levels, level),
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
      ...levelHeader(levels),
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
      ...levelCells(levels, level),
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
      'refused (shed) ramp / window',
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
      `${level.ramp.refused} / ${level.steady.refused}`,
      level.steady.admissionFailures,
      level.steady.unanswered,
      level.steady.unexpectedHangups,
      level.steady.connectedAtEnd,
      level.kvorum.warnings.errors,
      level.kvorum.warnings.count - level.kvorum.warnings.errors,
    ]),
  );
}

/** Requests and events per call handled, and the operations behind them (each at least 0.05 per call). */
export function trafficTable(levels: LevelResult[]): string {
  return table(
    [
      ...levelHeader(levels),
      'requests / call',
      'events / call',
      'event KB / call',
      'requests by operation, per call',
      'events by type, per call',
    ],
    levels.map((level) => {
      const calls = Math.max(1, level.kvorum.callsHandled);
      const { requests, events, eventBytes } = level.traffic;
      return [
        ...levelCells(levels, level),
        (sum(requests) / calls).toFixed(2),
        (sum(events) / calls).toFixed(2),
        (eventBytes / 1024 / calls).toFixed(2),
        perCall(requests, calls),
        perCall(events, calls),
      ];
    }),
  );
}

/** Per size: the lowest and highest of each figure over the runs (the spread is part of the result). */
export function spreadTable(levels: LevelResult[]): string {
  const sizes = [...new Set(levels.map((level) => level.options.callers))];
  const range = (values: number[], digits = 2) => `${Math.min(...values).toFixed(digits)} – ${Math.max(...values).toFixed(digits)}`;
  return table(
    ['callers', 'runs', 'p50 ms', 'p99 ms', 'max ms', 'code `#` p99 ms', 'CPU ms / call', 'sim loop p99 ms', 'load avg (1 min) before'],
    sizes.map((callers) => {
      const runs = levels.filter((level) => level.options.callers === callers);
      const of = (pick: (level: LevelResult) => number | null) => runs.map((level) => pick(level) ?? Number.NaN);
      return [
        callers,
        runs.length,
        range(of((level) => level.steady.latency.p50)),
        range(of((level) => level.steady.latency.p99)),
        range(of((level) => level.steady.latency.max)),
        range(of((level) => level.ramp.latency.p99)),
        range(of((level) => level.kvorum.cpuMsPerCall)),
        range(of((level) => level.steady.simLoopDelay.p99)),
        range(of((level) => Number(level.loadAverageBefore.split(',')[0]))),
      ];
    }),
  );
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

function perCall(counts: Record<string, number>, calls: number): string {
  return (
    Object.entries(counts)
      .map(([name, count]) => [name, count / calls] as const)
      .filter(([, rate]) => rate >= 0.05)
      .sort((a, b) => b[1] - a[1])
      .map(([name, rate]) => `${name.replaceAll('|', '\\|')} ${rate.toFixed(2)}`)
      .join('<br>') || '–'
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
