import type { AriClient } from 'ari-client';
import { uncountedAri, type AriMetrics } from '../../app/ports/metrics';
import type { CallCarrier } from '../../app/ports/carry-tickets';
import type { Telephony, TelephonyListener } from '../../app/ports/telephony';
import type { Logger } from '../../logger';
import { createAriCommands } from './ari-commands';
import { createAriResync, type AriResync } from './ari-resync';
import { createAriCarrier } from './ari-carrier';
import { createAriRest } from './ari-rest';
import { timedRest } from './timed-rest';
import { createBackoff, defaultBackoff, type BackoffPolicy } from './backoff';
import { createChannelMutes } from './channel-mutes';
import { createEventSocket } from './event-socket';
import { createEventTranslator, translatedEventTypes } from './event-translator';
import { loadAriClient, type AriCredentials } from './load-ari-client';
import { guardAgainstSwaggerThrows } from './swagger-throw-guard';

export interface AriTelephonyOptions extends AriCredentials {
  /** Stasis application name. */
  app: string;
  /** Timeout of every REST request (and of loading the API declarations). */
  requestTimeoutMs: number;
  logger: Logger;
  listener: TelephonyListener;
  /** Waits between connection attempts; tests use a fast one. */
  backoff?: BackoffPolicy;
  /** Ping interval of the event connection (default 5 s); no pong within one interval means it is dead. */
  heartbeatIntervalMs?: number;
  /** The instant stamped on inbound events; default `Date.now`. */
  now?: () => number;
  /** Times every REST request; default: not counted. */
  metrics?: AriMetrics;
}

export interface AriTelephony {
  telephony: Telephony;
  resync: AriResync;
  /** The internal trunk to the other media servers of a cluster. */
  carrier: CallCarrier;
  /**
   * Connects (API declarations, then the event socket) and keeps the event
   * connection up until `stop`, retrying forever. Resolves at the first
   * connection, or when `stop` is called before there was one.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** True while events flow: `connectionChanged(true)` was the last report. */
  isConnected(): boolean;
}

/**
 * The ARI adapter: the only place that knows ari-client. ari-client keeps
 * credentials process-wide (`load-ari-client.ts`): the adapters of one
 * process (one per media server it drives) must all use the same ARI user
 * and password.
 */
export function createAriTelephony(options: AriTelephonyOptions): AriTelephony {
  const logger = options.logger.child({ component: 'ari' });
  const now = options.now ?? Date.now;
  const backoffPolicy = options.backoff ?? defaultBackoff;
  let client: AriClient | null = null;
  let stopped = true;
  let retryTimer: NodeJS.Timeout | undefined;
  let endRetryWait: (() => void) | null = null;
  let removeGuard: (() => void) | null = null;
  let firstConnection: { resolve: () => void } | null = null;

  const rest = timedRest(
    createAriRest(() => client, options.requestTimeoutMs),
    options.metrics ?? uncountedAri,
  );
  const mutes = createChannelMutes();
  const translator = createEventTranslator(options.listener, logger, now, mutes);

  const socket = createEventSocket({
    url: options.url,
    username: options.username,
    password: options.password,
    app: options.app,
    backoff: backoffPolicy,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 5_000,
    handshakeTimeoutMs: options.requestTimeoutMs,
    logger,
    onEvent: (event) => translator.handle(event),
    onConnectionChanged(connected) {
      if (connected) void askForTranslatedEventsOnly();
      translator.connectionChanged(connected);
      if (connected) settleFirstConnection();
    },
  });

  /**
   * Asterisk sends an app every event of its channels and bridges: 27 per
   * call at 1,000 callers, half of them of types Kvorum ignores
   * (ChannelVarset, PlaybackStarted, ChannelEnteredBridge, ...), each one
   * serialised, framed and parsed for nothing. The app's event filter (ARI
   * since 13.26/16.3) stops them at Asterisk. It is set on every connection,
   * as a re-registered app may be a new one; until it lands, the translator
   * ignores what it does not read, as always. A refusal only costs the saving.
   */
  async function askForTranslatedEventsOnly(): Promise<void> {
    try {
      await rest.request('applications', 'filter', {
        applicationName: options.app,
        filter: { allowed: translatedEventTypes.map((type) => ({ type })) },
      });
    } catch (error) {
      logger.warn({ err: error }, 'ARI event filter not set; every event of the app is sent');
    }
  }

  function settleFirstConnection(): void {
    firstConnection?.resolve();
    firstConnection = null;
  }

  /** The REST client is loaded once: its requests are stateless, so reconnects only need the event socket. */
  async function loadClientThenListen(): Promise<void> {
    const backoff = createBackoff(backoffPolicy);
    while (!stopped && client === null) {
      try {
        client = await loadAriClient(options, options.requestTimeoutMs);
      } catch (error) {
        const delayMs = backoff.nextDelayMs();
        logger.warn({ reason: error instanceof Error ? error.message : String(error), delayMs }, 'ARI not reachable, retrying');
        await new Promise<void>((resolve) => {
          endRetryWait = resolve;
          retryTimer = setTimeout(resolve, delayMs);
        });
      }
    }
    if (!stopped) socket.start();
  }

  return {
    telephony: createAriCommands(rest, mutes),
    resync: createAriResync(rest, options.app),
    carrier: createAriCarrier(rest),
    start() {
      if (!stopped) return Promise.resolve();
      stopped = false;
      removeGuard = guardAgainstSwaggerThrows(logger);
      const connected = new Promise<void>((resolve) => {
        firstConnection = { resolve };
      });
      void loadClientThenListen();
      return connected;
    },
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      endRetryWait?.();
      settleFirstConnection();
      await socket.stop();
      removeGuard?.();
      removeGuard = null;
    },
    isConnected: () => socket.isOpen(),
  };
}
