import type { OrganisationStatistics, StatisticsAcross, StatisticsAcrossJob, StatisticsJob } from '../../app/admin/organisation-statistics';
import type { ChargeReportJob } from '../../app/ports/report-runner';
import type { TextSink } from '../../app/reports/text-sink';
import type { StoreLocation } from '../db/sql/store-location';

/**
 * What the bridge's thread and a report worker say to each other. A worker
 * runs one job at a time and waits for the reader between chunks by
 * blocking its thread (a SQLite read blocks it anyway; a PostgreSQL
 * connection waits in the socket meanwhile), so the flow control and
 * cancelling go through shared memory, which the worker reads between
 * chunks; everything else is a message.
 */

/** Given to a worker once, when it starts. */
export interface ReportWorkerSetup {
  /** The store the worker opens its own read-only connection to. */
  store: StoreLocation;
  /** Calendar days of reports and statistics are in this zone. */
  timeZone: string;
  /** The byte rate the runner's reports share; null for as fast as their readers take them. */
  pace: ReportPace | null;
}

/**
 * A ceiling on the bytes per second of all the reports a runner streams at
 * once: the report's CPU, in its worker and in the bridge's thread that
 * forwards it, is spread out so that callers never wait for it (see
 * docs/benchmarks.md). Every chunk takes its turn on one shared clock.
 */
export interface ReportPace {
  /** One BigInt64 slot: when the next chunk may go (µs since the epoch). */
  clock: SharedArrayBuffer;
  bytesPerSecond: number;
}

export function reportPace(bytesPerSecond: number): ReportPace {
  return { clock: new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT), bytesPerSecond };
}

export type ReportJob =
  | { kind: 'charge-report'; job: ChargeReportJob }
  | { kind: 'statistics'; job: StatisticsJob }
  | { kind: 'statistics-across'; job: StatisticsAcrossJob };

/** The bridge's thread to a worker: a job, and the shared memory of its flow control (see `FLOW_*`). */
export interface JobMessage {
  job: ReportJob;
  flow: SharedArrayBuffer;
}

/** A worker to the bridge's thread, for the job it runs. Each job ends with done, statistics(-across), unknown-account, cancelled or failed. */
export type WorkerMessage =
  | { kind: 'unknown-account' }
  /** The report is under way: chunks follow, then done (or failed). */
  | { kind: 'started' }
  | { kind: 'chunk'; bytes: Uint8Array }
  | { kind: 'done' }
  | { kind: 'statistics'; statistics: OrganisationStatistics }
  | { kind: 'statistics-across'; statistics: StatisticsAcross }
  | { kind: 'cancelled' }
  | { kind: 'failed'; name: string; message: string };

/** Int32 slots of the flow memory: chunks sent and not yet taken by the reader; 1 once the reader gave up. */
export const FLOW_IN_FLIGHT = 0;
export const FLOW_CANCELLED = 1;
export const FLOW_BYTES = 2 * Int32Array.BYTES_PER_ELEMENT;

/**
 * Chunks (about 64 KB each) a worker may send ahead of the reader: memory
 * stays at a few hundred KB per report whatever its size and however slow
 * its reader.
 */
export const MAX_CHUNKS_IN_FLIGHT = 8;

/** How long a worker waits for a reader that takes nothing before it gives the job up. */
const STALLED_READER_MS = 10 * 60_000;
const WAIT_SLICE_MS = 1000;

/** The reader gave up (a closed HTTP response): the job ends quietly. */
export class JobCancelled extends Error {
  constructor() {
    super('the reader of the report went away');
    this.name = 'JobCancelled';
  }
}

/**
 * The worker's side: a report writer's sink that sends each chunk as UTF-8,
 * transferred (not copied), and blocks the worker while the reader is
 * `MAX_CHUNKS_IN_FLIGHT` chunks behind and until the chunk's turn under
 * `pace`. Throws JobCancelled once the reader gave up.
 */
export function flowControlledSink(flow: Int32Array, pace: ReportPace | null, send: (bytes: Uint8Array) => void): TextSink {
  const encoder = new TextEncoder();
  const clock = pace === null ? null : new BigInt64Array(pace.clock);
  return (text) => {
    waitForRoom(flow);
    const bytes = encoder.encode(text);
    if (pace !== null && clock !== null) waitForTurn(flow, takeTurn(clock, bytes.byteLength, pace.bytesPerSecond));
    Atomics.add(flow, FLOW_IN_FLIGHT, 1);
    send(bytes);
  };
}

/**
 * Books `bytes` on the shared clock: the chunk goes at the later of now and
 * the end of the chunks booked before it (an idle clock saves up no burst).
 * Returns how long to wait for that turn (ms).
 */
function takeTurn(clock: BigInt64Array, bytes: number, bytesPerSecond: number): number {
  const now = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
  const cost = BigInt(Math.round((bytes / bytesPerSecond) * 1e6));
  for (;;) {
    const next = Atomics.load(clock, 0);
    const turn = next > now ? next : now;
    if (Atomics.compareExchange(clock, 0, next, turn + cost) === next) return Number(turn - now) / 1000;
  }
}

/** Sleeps until the turn (woken early if the reader gives up). */
function waitForTurn(flow: Int32Array, waitMs: number): void {
  if (waitMs > 0) Atomics.wait(flow, FLOW_CANCELLED, 0, waitMs);
  if (Atomics.load(flow, FLOW_CANCELLED) === 1) throw new JobCancelled();
}

function waitForRoom(flow: Int32Array): void {
  let waitedMs = 0;
  for (;;) {
    if (Atomics.load(flow, FLOW_CANCELLED) === 1) throw new JobCancelled();
    const inFlight = Atomics.load(flow, FLOW_IN_FLIGHT);
    if (inFlight < MAX_CHUNKS_IN_FLIGHT) return;
    if (Atomics.wait(flow, FLOW_IN_FLIGHT, inFlight, WAIT_SLICE_MS) === 'timed-out') {
      waitedMs += WAIT_SLICE_MS;
      if (waitedMs >= STALLED_READER_MS) throw new Error(`the reader took nothing for ${STALLED_READER_MS / 60_000} minutes`);
    } else {
      waitedMs = 0;
    }
  }
}

/** The reader's side: it took a chunk, so the worker may send another. */
export function tookChunk(flow: Int32Array): void {
  Atomics.sub(flow, FLOW_IN_FLIGHT, 1);
  Atomics.notify(flow, FLOW_IN_FLIGHT);
}

/** The reader's side: it gives the job up; the worker stops at its next chunk. */
export function cancelJob(flow: Int32Array): void {
  Atomics.store(flow, FLOW_CANCELLED, 1);
  Atomics.notify(flow, FLOW_IN_FLIGHT);
  Atomics.notify(flow, FLOW_CANCELLED);
}
