/** One block of a Server-Sent Events stream. */
interface SseBlock {
  event: string | null;
  data: string | null;
  comments: string[];
}

export interface LiveEventsReader {
  status: number;
  headers: Headers;
  /**
   * The next `live` event (its parsed data, `{ conferences: [...] }`) that
   * satisfies `holds`, skipping those before it; rejects after `timeoutMs`.
   */
  next(holds?: (data: any) => boolean, description?: string, timeoutMs?: number): Promise<any>;
  /** Resolves once a comment line `text` has arrived. */
  comment(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** The client goes away. */
  close(): void;
}

/** Opens `GET /api/v1/live/events` as a browser's EventSource would, and reads it block by block. */
export async function openLiveEvents(baseUrl: string, token: string): Promise<LiveEventsReader> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/live/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  const blocks: SseBlock[] = [];
  const wakers = new Set<() => void>();
  let isEnded = false;
  const wake = () => {
    for (const waker of wakers) waker();
  };

  const ended = (async () => {
    const body = response.body;
    if (body === null) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const bytes of body) {
        buffer += decoder.decode(bytes as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          blocks.push(parseBlock(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
        wake();
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    } finally {
      isEnded = true;
      wake();
    }
  })();

  let cursor = 0;
  function waitFor<T>(find: () => T | undefined, description: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (isEnded) {
          done();
          reject(new Error(`the stream ended before ${description}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${description} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        wakers.delete(check);
      };
      wakers.add(check);
      check();
    });
  }

  return {
    status: response.status,
    headers: response.headers,
    next(holds = () => true, description = 'live event', timeoutMs = 5000) {
      return waitFor(
        () => {
          while (cursor < blocks.length) {
            const block = blocks[cursor++] as SseBlock;
            if (block.event !== 'live' || block.data === null) continue;
            const data = JSON.parse(block.data);
            if (holds(data)) return data;
          }
          return undefined;
        },
        description,
        timeoutMs,
      );
    },
    comment(text, timeoutMs = 5000) {
      return waitFor(() => (blocks.some((block) => block.comments.includes(text)) ? true : undefined), `comment "${text}"`, timeoutMs).then(
        () => undefined,
      );
    },
    ended,
    close: () => abort.abort(),
  };
}

function parseBlock(text: string): SseBlock {
  const block: SseBlock = { event: null, data: null, comments: [] };
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) block.comments.push(line.slice(1).trim());
    else if (line.startsWith('event: ')) block.event = line.slice('event: '.length);
    else if (line.startsWith('data: ')) block.data = (block.data === null ? '' : `${block.data}\n`) + line.slice('data: '.length);
  }
  return block;
}
