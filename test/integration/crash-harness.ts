import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { tokensCommand } from '../../src/cli/tokens-command';
import { runCliCaptured } from '../support/run-cli-captured';
import type { ResilienceWorld } from './resync-harness';

const REPOSITORY = join(import.meta.dirname, '../..');

export interface LogLine {
  msg: string;
  [field: string]: unknown;
}

/** The JavaScript `npm run build` writes and `npm start` runs. */
export const BUILT_MAIN = join(REPOSITORY, 'dist/main.js');

export interface KvorumProcessOptions {
  /**
   * Run the built JavaScript as production does (`node dist/main.js`) instead
   * of the sources under tsx, as the leader of a process group of its own,
   * so that `signalGroup` reaches it as a terminal's Ctrl-C or systemd does.
   */
  built?: boolean;
  env?: Record<string, string>;
}

/**
 * Kvorum as the operating system runs it: `node --import tsx src/main.ts`
 * (or the built `node dist/main.js`) with the world's environment, its JSON
 * log read line by line.
 */
export class KvorumProcess {
  readonly logs: LogLine[] = [];
  private readonly wakeUps = new Set<() => void>();
  private exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.record(line);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.record(JSON.stringify({ msg: 'stderr', text: chunk })));
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts Kvorum and resolves once it says it is up (after its start-up resync); returns its HTTP port too. */
  static async start(
    world: Pick<ResilienceWorld, 'env'>,
    options: KvorumProcessOptions = {},
  ): Promise<{ process: KvorumProcess; httpPort: number }> {
    const child = spawn(process.execPath, options.built ? [BUILT_MAIN] : ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPOSITORY,
      env: { ...process.env, ...world.env, KVORUM_LOG_LEVEL: 'info', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.built === true,
    });
    const kvorum = new KvorumProcess(child);
    const started = await kvorum.waitForLog((line) => line.msg === 'kvorum started', 'Kvorum starts', 10_000);
    return { process: kvorum, httpPort: started.httpPort as number };
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Sends the signal and resolves with how the process ended. */
  async signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    return this.exit;
  }

  /**
   * Sends the signal to the whole process group (started `built`), as a
   * terminal or systemd does. False when the group is gone already.
   */
  signalGroup(signal: NodeJS.Signals): boolean {
    try {
      process.kill(-this.child.pid!, signal);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw error;
    }
  }

  /** How the process ended, once it has. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exit;
  }

  /** Resolves with the first log line (from the start) that `matches`. */
  waitForLog(matches: (line: LogLine) => boolean, description: string, timeoutMs = 5_000): Promise<LogLine> {
    const found = this.logs.find(matches);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wakeUps.delete(check);
        reject(new Error(`timed out waiting until ${description}; log:\n${this.logs.map((line) => JSON.stringify(line)).join('\n')}`));
      }, timeoutMs);
      const check = () => {
        const line = this.logs.find(matches);
        if (line === undefined) return;
        clearTimeout(timer);
        this.wakeUps.delete(check);
        resolve(line);
      };
      this.wakeUps.add(check);
      void this.exit.then(check);
    });
  }

  private record(text: string): void {
    if (text.trim() === '') return;
    try {
      this.logs.push(JSON.parse(text) as LogLine);
    } catch {
      this.logs.push({ msg: 'unparsed', text });
    }
    for (const wake of this.wakeUps) wake();
  }
}

/** An operator's API token, made with the command line on the world's database. */
export async function operatorToken(world: ResilienceWorld): Promise<string> {
  const { exitCode, stdout } = await runCliCaptured(
    ['tokens', 'create', '--role', 'operator', '--name', 'Olga'],
    { tokens: tokensCommand },
    {
      KVORUM_DB_PATH: world.env.KVORUM_DB_PATH,
      KVORUM_CODE_SECRET: world.env.KVORUM_CODE_SECRET,
    },
  );
  if (exitCode !== 0) throw new Error('could not create an operator token');
  return (JSON.parse(stdout) as { secret: string }).secret;
}
