import type { CommandGroup } from '../../src/cli/command-group';
import { runCli } from '../../src/cli/run-cli';

export interface CliOutcome {
  exitCode: number;
  /** Every line printed, each ending in a line feed, as a terminal would show them. */
  stdout: string;
  stderr: string;
}

/** Runs `kvorum <args>` in this process with the given environment and clock, keeping what it printed. */
export async function runCliCaptured(
  args: readonly string[],
  groups: Readonly<Record<string, CommandGroup>>,
  env: Record<string, string | undefined>,
  now: () => number = () => Date.now(),
): Promise<CliOutcome> {
  const outcome = { stdout: '', stderr: '' };
  const exitCode = await runCli(args, groups, {
    env,
    out: (text) => (outcome.stdout += `${text}\n`),
    err: (text) => (outcome.stderr += `${text}\n`),
    now,
  });
  return { exitCode, ...outcome };
}

/** The lines printed, joined as one text without the line end after the last. */
export function withoutLastLineEnd(printed: string): string {
  return printed.replace(/\n$/, '');
}
