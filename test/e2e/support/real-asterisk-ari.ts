import WebSocket from 'ws';

/**
 * A minimal ARI connection for driving a real Asterisk from tests: REST over
 * fetch and one event WebSocket. Deliberately not ari-client, whose
 * credentials are process-wide and would collide with the bridge under test,
 * and whose event model crashes on event types it does not know.
 */

export interface RealAsteriskTarget {
  ariUrl: string;
  user: string;
  password: string;
}

/** The real Asterisk named by KVORUM_E2E_ARI_URL / _USER / _PASSWORD, or null when none is configured. */
export function realAsteriskFromEnv(env: Record<string, string | undefined>): RealAsteriskTarget | null {
  const ariUrl = env.KVORUM_E2E_ARI_URL;
  if (!ariUrl) return null;
  const password = env.KVORUM_E2E_ARI_PASSWORD;
  if (!password) throw new Error('KVORUM_E2E_ARI_URL is set but KVORUM_E2E_ARI_PASSWORD is not');
  return { ariUrl, user: env.KVORUM_E2E_ARI_USER || 'kvorum', password };
}

/** The fields of ARI events these tests read; everything else is kept but untyped. */
export interface AriEvent {
  type: string;
  application: string;
  channel?: { id: string; name: string; state: string; caller: { name: string; number: string }; language?: string };
  bridge?: { id: string; bridge_type: string; technology: string; channels: string[] };
  /** `language`: the playback's `lang`, else its channel's language (a bridge's announcer: Asterisk's default). */
  playback?: { id: string; media_uri: string; next_media_uri?: string; target_uri: string; state: string; language?: string };
  /** A LiveRecording: of a channel (`target_uri` `channel:<id>`), and its length once done. */
  recording?: { name: string; target_uri: string; state: string; duration?: number };
  args?: string[];
  digit?: string;
  cause?: number;
  dialplan_app?: string;
  dialplan_app_data?: string;
  [field: string]: unknown;
}

export class AriRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    request: string,
  ) {
    super(`${request} answered ${status}: ${body}`);
    this.name = 'AriRequestError';
  }
}

export interface RealAriConnection {
  readonly app: string;
  /** A REST call under /ari; query values are sent as given; resolves to the parsed JSON body (null when empty). */
  request(method: string, path: string, query?: Record<string, string>, body?: unknown): Promise<unknown>;
  /** Every event received on the socket, in order. */
  readonly events: readonly AriEvent[];
  /** Calls `listener` for each event from now on; returns the way to stop. */
  onEvent(listener: (event: AriEvent) => void): () => void;
  /** The first event, already received or still to come, that satisfies `predicate`. */
  waitForEvent(predicate: (event: AriEvent) => boolean, description: string, timeoutMs?: number): Promise<AriEvent>;
  close(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 5_000;
const DEFAULT_WAIT_MS = 10_000;

/**
 * Opens the event socket for `app` and resolves once Asterisk accepted it, so
 * calls sent to the app from then on are delivered. `subscribeAll` also
 * delivers events of channels and bridges owned by other applications (the
 * bridge under test), which is how a test observes what a caller went through.
 */
export async function connectRealAri(
  target: RealAsteriskTarget,
  app: string,
  options: { subscribeAll?: boolean } = {},
): Promise<RealAriConnection> {
  const base = new URL(target.ariUrl);
  const authorization = `Basic ${Buffer.from(`${target.user}:${target.password}`).toString('base64')}`;
  const events: AriEvent[] = [];
  const listeners = new Set<(event: AriEvent) => void>();

  const socketUrl = new URL('/ari/events', base);
  socketUrl.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  socketUrl.searchParams.set('app', app);
  if (options.subscribeAll) socketUrl.searchParams.set('subscribeAll', 'true');
  const socket = new WebSocket(socketUrl, { headers: { authorization } });
  socket.on('message', (data) => {
    const event = JSON.parse((data as Buffer).toString('utf8')) as AriEvent;
    events.push(event);
    for (const listener of [...listeners]) listener(event);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`ARI event socket for ${app} refused: HTTP ${response.statusCode}`)),
    );
  });

  const onEvent = (listener: (event: AriEvent) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };

  return {
    app,
    events,
    onEvent,
    async request(method, path, query = {}, body) {
      const url = new URL(`/ari${path}`, base);
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      const response = await fetch(url, {
        method,
        headers: { authorization, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      if (!response.ok) throw new AriRequestError(response.status, text, `${method} ${path}`);
      return text === '' ? null : (JSON.parse(text) as unknown);
    },
    waitForEvent(predicate, description, timeoutMs = DEFAULT_WAIT_MS) {
      const already = events.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`no ${description} within ${timeoutMs} ms on ARI app ${app}`));
        }, timeoutMs);
        const stop = onEvent((event) => {
          if (!predicate(event)) return;
          clearTimeout(timer);
          stop();
          resolve(event);
        });
      });
    },
    async close() {
      listeners.clear();
      if (socket.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}
