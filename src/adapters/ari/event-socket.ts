import WebSocket from 'ws';
import type { Logger } from '../../logger';
import { createBackoff, type BackoffPolicy } from './backoff';
import type { AriCredentials } from './load-ari-client';

/**
 * Our own reader of the ARI event WebSocket (`/ari/events?app=…`), used
 * instead of ari-client's `client.start()` because the latter cannot be made
 * safe from outside:
 * - its message handler looks each event's `type` up in the Swagger events
 *   model and reads `eventModel.properties` unguarded, so an event type it
 *   does not know throws a TypeError inside the `ws` message callback, which
 *   crashes the process (lib/client.js, `processMessage`);
 * - it emits events synchronously from that callback, so an exception in any
 *   handler unwinds into `ws` and stops event delivery on that socket;
 * - it stops reconnecting after 10 tries (`WebSocketMaxRetries`).
 * Here each message is parsed and handed on inside try/catch, reconnects never
 * stop (capped exponential backoff), and a ping heartbeat notices a half-open
 * connection that would otherwise look alive forever.
 */
export interface EventSocketOptions extends AriCredentials {
  app: string;
  backoff: BackoffPolicy;
  /** A ping is sent this often; no pong before the next ping means the connection is dead. */
  heartbeatIntervalMs: number;
  /** How long the WebSocket handshake may take. */
  handshakeTimeoutMs: number;
  logger: Logger;
  onEvent(event: unknown): void;
  onConnectionChanged(connected: boolean): void;
}

export interface EventSocket {
  /** Connects, and keeps reconnecting until `stop`. */
  start(): void;
  stop(): Promise<void>;
  isOpen(): boolean;
}

export function createEventSocket(options: EventSocketOptions): EventSocket {
  const { logger } = options;
  const backoff = createBackoff(options.backoff);
  let socket: WebSocket | null = null;
  let open = false;
  let stopped = true;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;

  function connect(): void {
    const ws = new WebSocket(eventsUrl(options), { handshakeTimeout: options.handshakeTimeoutMs });
    socket = ws;
    let awaitingPong = false;

    ws.on('open', () => {
      open = true;
      backoff.reset();
      logger.info('ARI events connected');
      heartbeatTimer = setInterval(() => {
        if (awaitingPong) {
          logger.warn('ARI events heartbeat lost, reconnecting');
          ws.terminate();
          return;
        }
        awaitingPong = true;
        ws.ping();
      }, options.heartbeatIntervalMs);
      options.onConnectionChanged(true);
    });
    ws.on('pong', () => {
      awaitingPong = false;
    });
    ws.on('message', (data) => handleMessage(data));
    // 'close' always follows 'error'; reconnecting happens there.
    ws.on('error', (error) => logger.warn({ reason: error.message }, 'ARI events connection error'));
    ws.on('close', () => {
      clearInterval(heartbeatTimer);
      socket = null;
      const wasOpen = open;
      open = false;
      if (stopped) return;
      if (wasOpen) {
        logger.warn('ARI events disconnected');
        options.onConnectionChanged(false);
      }
      const delayMs = backoff.nextDelayMs();
      logger.debug({ delayMs }, 'ARI events reconnect scheduled');
      reconnectTimer = setTimeout(connect, delayMs);
    });
  }

  function handleMessage(data: WebSocket.RawData): void {
    let event: unknown;
    try {
      event = JSON.parse(textOf(data));
    } catch {
      logger.warn('ARI event is not JSON, ignored');
      return;
    }
    try {
      options.onEvent(event);
    } catch (error) {
      logger.error({ err: error }, 'ARI event handling failed');
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      connect();
    },
    async stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      clearInterval(heartbeatTimer);
      const ws = socket;
      if (ws === null) return;
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    },
    isOpen: () => open,
  };
}

/**
 * Built exactly as ari-client builds it (host only, `api_key=user:password`
 * with the colon left as it is), which Asterisk and the simulator accept.
 */
function eventsUrl(options: EventSocketOptions): string {
  const base = new URL(options.url);
  const scheme = base.protocol === 'https:' ? 'wss' : 'ws';
  const apiKey = `${encodeURIComponent(options.username)}:${encodeURIComponent(options.password)}`;
  return `${scheme}://${base.host}/ari/events?app=${encodeURIComponent(options.app)}&api_key=${apiKey}`;
}

/** A frame's text: ws hands frames over as one Buffer by default, as fragments or an ArrayBuffer when configured otherwise. */
function textOf(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}
