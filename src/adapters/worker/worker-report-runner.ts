import { Worker } from 'node:worker_threads';
import type { OrganisationStatistics, StatisticsAcross, StatisticsAcrossJob, StatisticsJob } from '../../app/admin/organisation-statistics';
import type { ChargeReportJob, ChargeReportRun, ReportChunks, ReportRunner } from '../../app/ports/report-runner';
import type { Logger } from '../../logger';
import type { StoreLocation } from '../db/sql/store-location';
import {
  cancelJob,
  FLOW_BYTES,
  reportPace,
  tookChunk,
  type JobMessage,
  type ReportJob,
  type ReportWorkerSetup,
  type WorkerMessage,
} from './report-job-protocol';

/** Reports made at the same time; more wait their turn. The bridge keeps a core of its own on a two-core machine. */
const DEFAULT_MAX_WORKERS = 2;
/** A worker left idle this long ends (it is started again, in tens of milliseconds, for the next report). */
const IDLE_WORKER_MS = 60_000;
/** A worker that does not stop within this long of being cancelled (stuck in a query) is terminated. */
const CANCEL_GRACE_MS = 5_000;
/** A worker's own heap: a report that outgrows it fails alone, the bridge carries on. */
const WORKER_HEAP_MB = 512;

/** A job the worker could not finish (a report that does not reconcile, a database fault): a fault, logged. */
export class ReportJobError extends Error {
  constructor(name: string, message: string) {
    super(`report job failed: ${name}: ${message}`);
    this.name = 'ReportJobError';
  }
}

/**
 * Runs reports in worker threads (report-worker-thread.ts), each with its
 * own read-only connection to `store`. Workers are
 * kept for the next report while there is one, and started again when
 * needed.
 */
export function createWorkerReportRunner(deps: {
  store: StoreLocation;
  timeZone: string;
  logger: Logger;
  maxWorkers?: number;
  /** The most the reports stream per second (bytes), all of them together; unset for as fast as their readers take them. */
  bytesPerSecond?: number;
}): ReportRunner {
  const setup: ReportWorkerSetup = {
    store: deps.store,
    timeZone: deps.timeZone,
    pace: deps.bytesPerSecond === undefined ? null : reportPace(deps.bytesPerSecond),
  };
  const pool = new WorkerPool(setup, deps.maxWorkers ?? DEFAULT_MAX_WORKERS, deps.logger);

  return {
    async chargeReport(job: ChargeReportJob): Promise<ChargeReportRun> {
      const run = await pool.run({ kind: 'charge-report', job });
      const first = await run.next();
      switch (first.kind) {
        case 'started':
          return { kind: 'report', chunks: run.chunks() };
        case 'unknown-account':
          run.finished();
          return { kind: 'unknown-account' };
        default:
          throw run.unexpected(first);
      }
    },

    async statistics(job: StatisticsJob): Promise<OrganisationStatistics> {
      const run = await pool.run({ kind: 'statistics', job });
      const reply = await run.next();
      if (reply.kind !== 'statistics') throw run.unexpected(reply);
      run.finished();
      return reply.statistics;
    },

    async statisticsAcross(job: StatisticsAcrossJob): Promise<StatisticsAcross> {
      const run = await pool.run({ kind: 'statistics-across', job });
      const reply = await run.next();
      if (reply.kind !== 'statistics-across') throw run.unexpected(reply);
      run.finished();
      return reply.statistics;
    },

    close: () => pool.close(),
  };
}

/** The workers, started on demand up to `max`; jobs beyond wait in order. */
class WorkerPool {
  private readonly idle: Array<{ worker: Worker; timer: NodeJS.Timeout }> = [];
  private readonly waiting: Array<{ resolve: (worker: Worker) => void; reject: (error: Error) => void }> = [];
  private readonly all = new Set<Worker>();
  private closed = false;

  constructor(
    private readonly setup: ReportWorkerSetup,
    private readonly max: number,
    private readonly logger: Logger,
  ) {}

  async run(job: ReportJob): Promise<JobRun> {
    const worker = await this.acquire();
    return new JobRun(worker, job, {
      release: () => this.release(worker),
      discard: () => this.discard(worker),
      logger: this.logger,
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('the report runner is closed'));
    for (const { timer } of this.idle.splice(0)) clearTimeout(timer);
    await Promise.all([...this.all].map((worker) => worker.terminate()));
    this.all.clear();
  }

  private acquire(): Promise<Worker> {
    if (this.closed) return Promise.reject(new Error('the report runner is closed'));
    const kept = this.idle.pop();
    if (kept) {
      clearTimeout(kept.timer);
      kept.worker.ref();
      return Promise.resolve(kept.worker);
    }
    if (this.all.size < this.max) return Promise.resolve(this.start());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(worker: Worker): void {
    if (this.closed) {
      this.discard(worker);
      return;
    }
    const next = this.waiting.shift();
    if (next) {
      next.resolve(worker);
      return;
    }
    // An idle worker neither keeps the process alive (the command line exits when done) nor lingers.
    worker.unref();
    const timer = setTimeout(() => {
      this.idle.splice(
        this.idle.findIndex((entry) => entry.worker === worker),
        1,
      );
      this.discard(worker);
    }, IDLE_WORKER_MS);
    timer.unref();
    this.idle.push({ worker, timer });
  }

  private discard(worker: Worker): void {
    if (!this.all.delete(worker)) return;
    void worker.terminate();
    const next = this.waiting.shift();
    if (next && !this.closed) next.resolve(this.start());
  }

  private start(): Worker {
    const worker = new Worker(workerEntry(), { workerData: this.setup, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    this.all.add(worker);
    worker.on('exit', () => this.discard(worker));
    return worker;
  }
}

/** One job on one worker: its messages in order, its flow control, and its end. */
class JobRun {
  private readonly flow = new Int32Array(new SharedArrayBuffer(FLOW_BYTES));
  private readonly inbox: WorkerMessage[] = [];
  private waiter: { resolve: (message: WorkerMessage) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private cancelling: NodeJS.Timeout | null = null;
  private ended = false;
  private readonly onMessage = (message: WorkerMessage) => this.deliver(message);
  private readonly onError = (error: Error) => this.fail(error);
  private readonly onExit = (code: number) => this.fail(new Error(`the report worker exited (code ${code})`));

  constructor(
    private readonly worker: Worker,
    job: ReportJob,
    private readonly pool: { release(): void; discard(): void; logger: Logger },
  ) {
    worker.on('message', this.onMessage);
    worker.on('error', this.onError);
    worker.on('exit', this.onExit);
    const message: JobMessage = { job, flow: this.flow.buffer };
    worker.postMessage(message);
  }

  /** The job's next message; rejects if the worker died. */
  next(): Promise<WorkerMessage> {
    const message = this.inbox.shift();
    if (message) return Promise.resolve(message);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** The report's chunks, for one reader. Each chunk taken lets the worker send another. */
  chunks(): ReportChunks {
    const iterator: AsyncIterableIterator<Uint8Array> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        if (this.ended || this.cancelling) return { done: true, value: undefined };
        const message = await this.next();
        if (this.cancelling) return { done: true, value: undefined };
        switch (message.kind) {
          case 'chunk':
            tookChunk(this.flow);
            return { done: false, value: message.bytes };
          case 'done':
            this.finished();
            return { done: true, value: undefined };
          default:
            throw this.unexpected(message);
        }
      },
      return: async () => {
        this.cancel();
        return { done: true, value: undefined };
      },
    };
    return iterator;
  }

  /** The job ended as it should: the worker takes the next one. */
  finished(): void {
    if (this.end()) this.pool.release();
  }

  /** A message the job should not end with: a failure in the worker, logged and thrown as a fault. */
  unexpected(message: WorkerMessage): Error {
    const error =
      message.kind === 'failed'
        ? new ReportJobError(message.name, message.message)
        : new Error(`the report worker answered ${message.kind} out of turn`);
    this.pool.logger.error({ err: error }, 'report job failed');
    // A worker that failed a job cleanly is fine for the next one; anything else is not trusted again.
    if (this.end()) {
      if (message.kind === 'failed') this.pool.release();
      else this.pool.discard();
    }
    return error;
  }

  /**
   * The reader gave up: the worker stops at its next chunk and takes the
   * next job, or is terminated if it does not stop in time (a long query).
   */
  private cancel(): void {
    if (this.ended || this.cancelling) return;
    this.cancelling = setTimeout(() => {
      if (this.end()) this.pool.discard();
    }, CANCEL_GRACE_MS);
    cancelJob(this.flow);
    // A read still waiting ends empty-handed (its iterator sees the cancelling).
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.resolve({ kind: 'cancelled' });
    for (const message of this.inbox.splice(0)) this.settleCancelled(message);
  }

  /** While cancelling: chunks are dropped; the job's last word frees the worker. */
  private settleCancelled(message: WorkerMessage): void {
    if (message.kind === 'chunk' || message.kind === 'started') return;
    if (this.end()) this.pool.release();
  }

  private deliver(message: WorkerMessage): void {
    if (this.cancelling) {
      this.settleCancelled(message);
      return;
    }
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter.resolve(message);
    else this.inbox.push(message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(this.failure);
    if (this.end()) {
      this.pool.logger.error({ err: error }, 'report worker failed');
      this.pool.discard();
    }
  }

  /** Detaches from the worker once; false if the job had ended already. */
  private end(): boolean {
    if (this.ended) return false;
    this.ended = true;
    if (this.cancelling) clearTimeout(this.cancelling);
    this.worker.off('message', this.onMessage);
    this.worker.off('error', this.onError);
    this.worker.off('exit', this.onExit);
    return true;
  }
}

/**
 * The worker's code: the built report-worker-thread.js next to this file.
 * Running from the TypeScript sources (tests, `npm run kvorum`), Node 20
 * cannot start a worker on a .ts file even under tsx, so the worker first
 * registers tsx and then loads the entry.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./report-worker-thread.js', import.meta.url);
  const entry = new URL('./report-worker-thread.ts', import.meta.url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}
