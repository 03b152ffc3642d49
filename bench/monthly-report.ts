import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPORT_BENCH = fileURLToPath(new URL('./report-month.ts', import.meta.url));
const TIMEOUT_MS = 30 * 60_000;

/**
 * Runs the billing's own benchmark of the monthly charge report
 * (`bench/report-month.ts`: one million legs, cold and warm) in a process of
 * its own, and hands back what it printed.
 */
export function runMonthlyReport(legs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', REPORT_BENCH, '--legs', String(legs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      process.stdout.write(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`bench/report-month.ts exited with ${code}`));
    });
  });
}
