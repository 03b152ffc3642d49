import type { LevelResult } from './level-run';
import { errorsOf } from './markdown-tables';

/** Issue 16's targets; each must hold in every run of its level. */
const TARGETS: Array<{ callers: number; what: string; holds: (level: LevelResult) => boolean }> = [
  { callers: 1000, what: 'keypad p99 < 5 ms', holds: (level) => below(level.steady.latency.p99, 5) },
  { callers: 5000, what: 'keypad p99 < 10 ms', holds: (level) => below(level.steady.latency.p99, 10) },
  { callers: 5000, what: 'code `#` p99 < 10 ms during the ramp', holds: (level) => below(level.ramp.latency.p99, 10) },
  { callers: 1000, what: 'CPU per call ≤ 6.7 ms (half of 13.4)', holds: (level) => level.kvorum.cpuMsPerCall <= 6.7 },
  {
    callers: 10_000,
    what: 'keypad p99 < 50 ms and no errors',
    holds: (level) => below(level.steady.latency.p99, 50) && errorsOf(level) === 0,
  },
];

/** One line per target whose level was measured, and one for request timeouts over every level. */
export function targetLines(levels: LevelResult[]): string[] {
  const lines = TARGETS.flatMap(({ callers, what, holds }) => {
    const runs = levels.filter((level) => level.options.callers === callers);
    if (runs.length === 0) return [];
    const met = runs.filter(holds).length;
    return [
      `- ${callers.toLocaleString('en')} callers, ${what}: ${met === runs.length ? 'MET' : 'MISSED'} in ${met} of ${runs.length} runs`,
    ];
  });
  const timeouts = levels.filter((level) => level.kvorum.warnings.messages.some((message) => message.includes('timed out')));
  lines.push(
    `- no request timeouts at any level: ${timeouts.length === 0 ? 'MET' : `MISSED (${timeouts.map((level) => level.options.callers).join(', ')})`}`,
  );
  return lines;
}

function below(value: number | null, limit: number): boolean {
  return value !== null && value < limit;
}
