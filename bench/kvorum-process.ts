import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openInspector, type InspectorSession } from './inspector-client';
import { cpuTimeMs, residentKb } from './proc-stats';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const READY_POLL_MS = 5;
const LOG_WARN_LEVEL = 40;
const LOG_ERROR_LEVEL = 50;

export interface KvorumProcessOptions {
  ariUrl: string;
  ariUser: string;
  ariPassword: string;
  /** The store: a SQLite file's path, or a postgres:// URL. */
  database: { path: string } | { url: string };
  codeSecret: string;
  /** Bounded wait for /readyz. */
  readyTimeoutMs: number;
  /** More of Kvorum's environment (e.g. KVORUM_PORTAL_DIR). */
  env?: Record<string, string>;
}

/** The store as Kvorum's environment names it, for the process and for the CLI on the same store. */
export function databaseEnvironment(database: KvorumProcessOptions['database']): Record<string, string> {
  return 'url' in database ? { KVORUM_DATABASE_URL: database.url } : { KVORUM_DB_PATH: database.path };
}

export interface KvorumWarnings {
  count: number;
  /** Lines at error level or above (faults, as opposed to warnings). */
  errors: number;
  /** Distinct messages, each with the error message it carried if any. */
  messages: string[];
  firstAt: number | null;
}

export interface EventLoopTime {
  idle: number;
  active: number;
}

export interface HeapFigures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** A V8 CPU profile as the inspector's Profiler.stop returns it (the .cpuprofile format). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Kvorum as its own process from its sources (src/main.ts under tsx; `npm start` runs them built), with the inspector on 127.0.0.1. */
export interface KvorumProcess {
  readonly pid: number;
  readonly httpPort: number;
  /** From spawning the process to the first 200 from /readyz. */
  readonly readyMs: number;
  cpuTimeMs(): number;
  residentKb(): number;
  /** process.memoryUsage() after a full garbage collection. */
  heapAfterGc(): Promise<HeapFigures>;
  /** The event loop's cumulative busy and idle time (performance.eventLoopUtilization()): busy includes waiting for disk writes, which CPU time does not. */
  eventLoopTime(): Promise<EventLoopTime>;
  startProfile(): Promise<void>;
  stopProfile(): Promise<CpuProfile>;
  /** Log lines at warn or above, the distinct messages among them, and when the first was logged (epoch ms). */
  warnings(): KvorumWarnings;
  /** Graceful stop (SIGTERM), bounded; SIGKILL if it does not end in time. */
  stop(timeoutMs?: number): Promise<void>;
  /** A crash: SIGKILL, nothing closed. */
  kill(): Promise<void>;
}

export async function startKvorumProcess(options: KvorumProcessOptions): Promise<KvorumProcess> {
  const httpPort = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--inspect=127.0.0.1:0', 'src/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      KVORUM_ARI_URL: options.ariUrl,
      KVORUM_ARI_USER: options.ariUser,
      KVORUM_ARI_PASSWORD: options.ariPassword,
      ...databaseEnvironment(options.database),
      KVORUM_CODE_SECRET: options.codeSecret,
      KVORUM_HTTP_HOST: '127.0.0.1',
      KVORUM_HTTP_PORT: String(httpPort),
      KVORUM_LOG_LEVEL: 'warn',
      // A ramp puts hundreds of callers into code entry at once on one access number: the caps are not what it measures.
      KVORUM_MAX_CODE_ENTRY_CALLS_PER_ACCESS_NUMBER: '1000000',
      KVORUM_MAX_CODE_ENTRY_CALLS_PER_CALLER: '1000000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const warnings = collectWarnings(child);
  const inspectorUrl = inspectorUrlOf(child);
  const readyMs = (await waitForReady(child, httpPort, options.readyTimeoutMs)) - spawnedAt;
  const url = await inspectorUrl;
  let profiler: InspectorSession | null = null;

  async function withInspector<T>(work: (session: InspectorSession) => Promise<T>): Promise<T> {
    const session = await openInspector(url);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }

  function evaluate<T>(expression: string): Promise<T> {
    return withInspector((session) => evaluateIn<T>(session, expression));
  }

  async function stop(timeoutMs = 60_000): Promise<void> {
    await profiler?.close();
    profiler = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    // The kill timer is cancelled once Kvorum has exited, so a finished bench ends at once.
    const cancelKill = new AbortController();
    const killed = sleep(timeoutMs, undefined, { signal: cancelKill.signal }).then(
      () => child.kill('SIGKILL'),
      () => undefined,
    );
    await Promise.race([exited, killed]);
    await exited;
    cancelKill.abort();
  }

  return {
    pid: child.pid ?? -1,
    httpPort,
    readyMs,
    cpuTimeMs: () => cpuTimeMs(child.pid ?? -1),
    residentKb: () => residentKb(child.pid ?? -1),
    heapAfterGc: () =>
      withInspector(async (session) => {
        await session.call('HeapProfiler.collectGarbage');
        return evaluateIn<HeapFigures>(session, 'process.memoryUsage()');
      }),
    eventLoopTime: () => evaluate<EventLoopTime>('performance.eventLoopUtilization()'),
    async startProfile() {
      profiler = await openInspector(url);
      await profiler.call('Profiler.enable');
      await profiler.call('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.call('Profiler.start');
    },
    async stopProfile() {
      if (profiler === null) throw new Error('no profile is being recorded');
      const { profile } = await profiler.call<{ profile: CpuProfile }>('Profiler.stop');
      await profiler.close();
      profiler = null;
      return profile;
    },
    warnings,
    stop,
    async kill() {
      await profiler?.close().catch(() => undefined);
      profiler = null;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Evaluates `expression` in Kvorum's main context; its value travels as JSON. */
async function evaluateIn<T>(session: InspectorSession, expression: string): Promise<T> {
  const evaluated = await session.call<{ result: { value: string } }>('Runtime.evaluate', {
    expression: `JSON.stringify(${expression})`,
    returnByValue: true,
  });
  return JSON.parse(evaluated.result.value) as T;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Polls /readyz until it answers 200; resolves with the instant (performance.now) it did. */
async function waitForReady(child: ChildProcess, port: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`kvorum exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) return performance.now();
    } catch {
      // Not listening yet.
    }
    await sleep(READY_POLL_MS);
  }
  child.kill('SIGKILL');
  throw new Error(`kvorum was not ready within ${timeoutMs} ms`);
}

function inspectorUrlOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /Debugger listening on (ws:\/\/\S+)/.exec(seen);
      if (match?.[1] === undefined) return;
      child.stderr?.off('data', onData);
      resolve(match[1]);
    };
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error('kvorum exited before its inspector listened')));
  });
}

/** Counts pino lines at warn or above on stdout and keeps their distinct messages and causes (never other fields). */
function collectWarnings(child: ChildProcess): () => KvorumWarnings {
  let count = 0;
  let errors = 0;
  let firstAt: number | null = null;
  const messages = new Set<string>();
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; time?: number; err?: { message?: string } };
        if ((entry.level ?? 0) < LOG_WARN_LEVEL) continue;
        count += 1;
        if ((entry.level ?? 0) >= LOG_ERROR_LEVEL) errors += 1;
        firstAt ??= entry.time ?? Date.now();
        const cause = entry.err?.message === undefined ? '' : ` (${entry.err.message.slice(0, 120)})`;
        messages.add(`${entry.msg ?? '(no message)'}${cause}`);
      } catch {
        count += 1;
        errors += 1;
        messages.add(line.slice(0, 120));
      }
    }
  });
  // Drain stderr after the inspector banner so the pipe never fills.
  child.stderr?.resume();
  return () => ({ count, errors, messages: [...messages], firstAt });
}
