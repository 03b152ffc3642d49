import { spawn } from 'node:child_process';
import { join } from 'node:path';

const PROJECT_ROOT = join(import.meta.dirname, '../..');

export interface CliProcessOutcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `kvorum <args>` as a user would, in its own process from the sources, with only PATH and `env` in its environment. */
export function runCliProcess(args: readonly string[], env: Record<string, string>): Promise<CliProcessOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/kvorum.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}
