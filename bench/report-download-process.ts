/**
 * The finance client of the report-load benchmark (report-under-load.ts) in
 * a process of its own, so that its CPU is counted apart from the driver's
 * and its priority and reading rate can be chosen: it downloads one report
 * again and again until told to stop. Started by the driver with an IPC
 * channel (`fork`); the token comes over that channel, never on the command
 * line.
 */
import { setPriority } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** The driver to this process: what to download and how; then stop. */
export type DownloadCommand =
  | {
      kind: 'start';
      url: string;
      token: string;
      /** Nice value of this process (0 as started; 19 the lowest priority). */
      nice: number;
      /** Bytes per second this client reads at most (a network link's rate); null: as fast as it can. */
      bytesPerSecond: number | null;
    }
  | { kind: 'stop' };

/** This process to the driver: ready for its command (sent once it listens), then what it downloaded. */
export type DownloadAnswer = { kind: 'ready' } | Downloaded;

interface Downloaded {
  kind: 'downloaded';
  /** Reports read to their end (the one cut off by the stop is not counted). */
  reports: number;
  bytes: number;
  /** A failure that ended the downloads early, if any. */
  failure: string | null;
}

if (process.send === undefined) {
  console.error('report-download-process runs under the benchmark driver, with an IPC channel');
  process.exit(2);
}

const abort = new AbortController();
let reports = 0;
let bytes = 0;
let failure: string | null = null;
let downloading: Promise<void> = Promise.resolve();

async function download(url: string, token: string, bytesPerSecond: number | null): Promise<void> {
  const started = performance.now();
  while (!abort.signal.aborted) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
    if (response.status !== 200 || response.body === null) throw new Error(`the report answered ${response.status}`);
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      // A link of bytesPerSecond: read on only when the bytes so far would have arrived by now.
      if (bytesPerSecond !== null) {
        const aheadMs = (bytes / bytesPerSecond) * 1000 - (performance.now() - started);
        if (aheadMs > 0) await sleep(aheadMs, undefined, { signal: abort.signal });
      }
    }
    reports += 1;
  }
}

process.on('message', (command: DownloadCommand) => {
  if (command.kind === 'start') {
    setPriority(command.nice);
    downloading = download(command.url, command.token, command.bytesPerSecond).catch((error: unknown) => {
      if (!abort.signal.aborted) failure = error instanceof Error ? error.message : String(error);
    });
    return;
  }
  abort.abort();
  void downloading.then(() => {
    const answer: Downloaded = { kind: 'downloaded', reports, bytes, failure };
    process.send?.(answer, () => process.disconnect());
  });
});
// The driver going away ends this process too.
process.on('disconnect', () => process.exit(0));
process.send({ kind: 'ready' } satisfies DownloadAnswer);
