/** How the live events stream paces itself. */
export interface LiveEventTiming {
  /** Changes within this long of the last event are sent together, once. */
  coalesceMs: number;
  /** A comment line this often keeps proxies and half-open connections honest. */
  heartbeatMs: number;
  /**
   * The stream ends after this long and the browser's EventSource opens a new
   * one, authenticated afresh: a revoked token or an expired session stops
   * receiving within this time.
   */
  lifetimeMs: number;
}

export const DEFAULT_LIVE_EVENT_TIMING: LiveEventTiming = { coalesceMs: 250, heartbeatMs: 15_000, lifetimeMs: 5 * 60_000 };

/** How long an EventSource waits before it opens the stream again. */
const RETRY_MS = 1000;

/**
 * A Server-Sent Events stream of snapshots: `snapshot()` at once, and again
 * (at most every `coalesceMs`) after `watch` reports a change, sent only
 * when it differs from the last one sent. Read as the HTTP response's body;
 * a reader that stops (the client went away) ends the watch and the timers.
 */
export function liveEventStream(
  first: unknown,
  snapshot: () => Promise<unknown>,
  watch: (changed: () => void) => () => void,
  timing: LiveEventTiming,
): AsyncIterable<Uint8Array> {
  const encoder = new TextEncoder();
  const queue: Uint8Array[] = [];
  let waiting: ((result: IteratorResult<Uint8Array>) => void) | null = null;
  let ended = false;
  let flushTimer: NodeJS.Timeout | null = null;
  let lastFlushAt = 0;
  let lastSent = JSON.stringify(first);

  const push = (text: string) => {
    if (ended) return;
    const chunk = encoder.encode(text);
    if (waiting === null) queue.push(chunk);
    else {
      waiting({ value: chunk, done: false });
      waiting = null;
    }
  };
  const event = (json: string) => `event: live\ndata: ${json}\n\n`;

  /** Snapshots are taken one at a time, so that they are sent in the order they were taken. */
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushTimer = null;
    lastFlushAt = Date.now();
    flushing = flushing.then(async () => {
      let next: string;
      try {
        next = JSON.stringify(await snapshot());
      } catch {
        // The client opens the stream again and meets the fault as an ordinary error answer.
        end();
        return;
      }
      if (next === lastSent) return;
      lastSent = next;
      push(event(next));
    });
  };

  const stopWatching = watch(() => {
    if (ended || flushTimer !== null) return;
    flushTimer = setTimeout(flush, Math.max(0, lastFlushAt + timing.coalesceMs - Date.now())).unref();
  });
  // Unreferenced: an open stream never keeps a stopping process alive.
  const heartbeat = setInterval(() => push(': heartbeat\n\n'), timing.heartbeatMs).unref();
  const lifetime = setTimeout(() => end(), timing.lifetimeMs).unref();

  function end(): void {
    if (ended) return;
    ended = true;
    stopWatching();
    if (flushTimer !== null) clearTimeout(flushTimer);
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    waiting?.({ value: undefined, done: true });
    waiting = null;
  }

  push(`retry: ${RETRY_MS}\n${event(lastSent)}`);

  const iterator: AsyncIterator<Uint8Array> = {
    next() {
      const chunk = queue.shift();
      if (chunk !== undefined) return Promise.resolve({ value: chunk, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    // No `throw`: a destroyed response (the client went away) calls `return`, which ends the stream at once.
    return() {
      end();
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}
