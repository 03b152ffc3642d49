import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DriverCommand, LoadAnswer } from './load-protocol';

const SIM_LOAD_PROCESS = fileURLToPath(new URL('./sim-load-process.ts', import.meta.url));

/** The driver's handle on the simulator process: one command at a time, each with a bounded wait. */
export interface SimLoad {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** The simulated cluster's media servers; empty for one lone Asterisk at `url`. */
  readonly mediaServers: readonly { id: string; url: string }[];
  readonly pid: number;
  send<Kind extends LoadAnswer['kind']>(
    command: DriverCommand,
    expected: Kind,
    timeoutMs: number,
  ): Promise<Extract<LoadAnswer, { kind: Kind }>>;
  close(): Promise<void>;
}

/**
 * `profileDirectory`: the simulator process writes a CPU profile of its whole life there (node --cpu-prof).
 * `mediaServers`: simulate a cluster of these servers instead of one Asterisk.
 */
export async function startSimLoad(
  timeScale: number,
  profileDirectory: string | null = null,
  mediaServers: readonly string[] = [],
): Promise<SimLoad> {
  const profiling = profileDirectory === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`];
  const cluster = mediaServers.length === 0 ? [] : ['--media-servers', mediaServers.join(',')];
  const child = fork(SIM_LOAD_PROCESS, ['--time-scale', String(timeScale), ...cluster], {
    execArgv: ['--import', 'tsx', ...profiling],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listening = await nextMessage(child, 'listening', 30_000);

  return {
    url: listening.url,
    username: listening.username,
    password: listening.password,
    mediaServers: listening.mediaServers,
    pid: child.pid ?? -1,
    async send(command, expected, timeoutMs) {
      const reply = nextMessage(child, expected, timeoutMs);
      child.send(command);
      return reply;
    },
    async close() {
      if (child.exitCode !== null || !child.connected) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ kind: 'close' } satisfies DriverCommand);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function nextMessage<Kind extends LoadAnswer['kind']>(
  child: ChildProcess,
  expected: Kind,
  timeoutMs: number,
): Promise<Extract<LoadAnswer, { kind: Kind }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`simulator process: no '${expected}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: LoadAnswer) => {
      if (message.kind === expected) finish(null, message as Extract<LoadAnswer, { kind: Kind }>);
      else if (message.kind === 'failed') finish(new Error(`simulator process: ${message.message}`));
    };
    const onExit = (code: number | null) => finish(new Error(`simulator process exited (${code}) while waiting for '${expected}'`));
    function finish(error: Error | null, message?: Extract<LoadAnswer, { kind: Kind }>): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else if (message) resolve(message);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
