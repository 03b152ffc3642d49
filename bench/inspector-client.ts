import WebSocket from 'ws';

/**
 * A minimal Chrome DevTools Protocol session on a Node process started with
 * `--inspect=127.0.0.1:0`: enough to force a garbage collection, read
 * `process.memoryUsage()` and record a CPU profile of a chosen window.
 * Close it before the process is asked to stop (Node waits for an attached
 * debugger at exit).
 */
export interface InspectorSession {
  call<Result = unknown>(method: string, params?: Record<string, unknown>): Promise<Result>;
  close(): Promise<void>;
}

const CALL_TIMEOUT_MS = 60_000;

export async function openInspector(url: string): Promise<InspectorSession> {
  const socket = new WebSocket(url, { maxPayload: 1024 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.on('message', (data: WebSocket.RawData) => {
    const message = JSON.parse((data as Buffer).toString('utf8')) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(`inspector: ${message.error.message}`));
    else waiter?.resolve(message.result);
  });
  return {
    call<Result>(method: string, params: Record<string, unknown> = {}): Promise<Result> {
      const id = nextId++;
      return new Promise<Result>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`inspector: ${method} got no answer`)), CALL_TIMEOUT_MS);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as Result);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
}
