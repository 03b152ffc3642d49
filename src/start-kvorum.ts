import { fileURLToPath } from 'node:url';
import type { BackoffPolicy } from './adapters/ari/backoff';
import { AccessNumbersRepository } from './adapters/db/access-numbers-repository';
import { createChargeRater } from './adapters/db/charges-rater';
import { createCodeHasher } from './adapters/db/code-hash';
import { SqlConferenceDirectory } from './adapters/db/sql-conference-directory';
import { createCodeSeal } from './adapters/db/code-seal';
import { createSmtpMailer } from './adapters/mail/smtp-mailer';
import { queueDueReminders } from './app/bookings/host-reminders';
import { createOutboxWorker } from './app/mail/outbox-worker';
import { pruneEndedSignIns } from './app/admin/sign-in-housekeeping';
import { BRIDGE_BUSY_TIMEOUT_MS } from './adapters/db/database';
import { SqlGuessingStore } from './adapters/db/sql-guessing-store';
import { openSqlDatabase } from './adapters/db/sql/open-sql-database';
import type { SqlDatabase } from './adapters/db/sql/sql-database';
import { storeLocationOf } from './adapters/db/sql/store-location';
import type { WriteBehindLedger } from './adapters/db/write-behind-ledger';
import { createHttpServer, listen, type RunningHttpServer } from './adapters/http/create-http-server';
import { createMetricsServer } from './adapters/http/metrics-server';
import { isBuiltPortal } from './adapters/http/portal-static';
import { createPrometheusMetrics } from './adapters/metrics/prometheus-metrics';
import { startEventLoopGauge } from './adapters/system/event-loop-gauge';
import { systemClock } from './adapters/system/system-clock';
import { invitationAccessNumbers } from './app/admin/access-numbers-service';
import type { BridgeApp } from './app/bridge/bridge-app';
import { createLoadShedder } from './app/bridge/load-shedder';
import type { AccessNumberStore } from './app/ports/admin-stores';
import type { Clock } from './app/ports/clock-and-ids';
import type { LoadGauge } from './app/ports/load-gauge';
import { ChannelGoneError, TelephonyError } from './app/ports/telephony';
import type { Config } from './config';
import { createMediaServerBridges, type MediaServerBridge } from './media-server-bridges';
import { createStoreServices } from './store-services';
import type { Logger } from './logger';

export interface KvorumOptions {
  /** Time and timers; tests pass a faster one. Default: the system clock. */
  clock?: Clock;
  /** Reconnect backoff towards ARI; tests use a fast one. */
  ariBackoff?: BackoffPolicy;
  heartbeatIntervalMs?: number;
  /** What the load shedding reads; tests pass one they set. Default: this process's event loop, measured. */
  loadGauge?: LoadGauge;
}

export interface RunningKvorum {
  /** The bridge of the (first) media server. */
  app: BridgeApp;
  /** Every media server this process may drive, in the order configured. */
  mediaServers: readonly MediaServerBridge[];
  /** The store, as the repositories speak to it (the one instance over its connection, so tests write through it too). */
  sql: SqlDatabase;
  /** The directory of access numbers the bridge answers callers from (tests change it as an operator would). */
  accessNumbers: AccessNumberStore;
  /** The HTTP port actually bound (the configured one, or a free one for port 0). */
  httpPort: number;
  /** The metrics listener's port, or null when metrics are off (no `KVORUM_METRICS_PORT`). */
  metricsPort: number | null;
  /**
   * Stop: callers hear goodbye, legs are closed and rated, the database is
   * closed. Farewells still going at the deadline (`farewellTimeoutMs` plus
   * one ARI request) are cut: every channel left in the Stasis app is hung
   * up. Rejects, after closing everything, when ledger rows could not be
   * written (they are in the log).
   */
  stop(): Promise<void>;
  /** The longest `stop` can take when every step runs into its own limit. */
  readonly stopTimeoutMs: number;
}

/** How long a stop keeps retrying ledger writes the database refuses. */
/** Open legs marked alive per turn of the event loop by the periodic checkpoint. */
const CHECKPOINT_SLICE = 250;
const LEDGER_DRAIN_TIMEOUT_MS = 10_000;
/** How soon the bridge hears of an access number another process (the command line, a cluster's other Kvorum) changed. */
const ACCESS_NUMBERS_RELOAD_MS = 5_000;

/**
 * Builds Kvorum from its configuration and starts it: the database, the
 * bridge, the ARI connection, the admin API and the periodic checkpoint.
 * Resolves once ARI is connected and the HTTP server listens.
 */
export async function startKvorum(config: Config, logger: Logger, options: KvorumOptions = {}): Promise<RunningKvorum> {
  const clock = options.clock ?? systemClock;
  const store = storeLocationOf(config);
  // Migrated first; from then on the event loop carries calls, and must not sleep on another process's SQLite lock.
  const sql = await openSqlDatabase(store, { busyTimeoutMs: BRIDGE_BUSY_TIMEOUT_MS });
  // Read before the first call arrives; the admin API's changes reach the bridge at once, others' within the reload.
  const accessNumbers = new AccessNumbersRepository(sql);
  await accessNumbers.reload();
  const stopReloadingAccessNumbers = accessNumbers.keepFresh(ACCESS_NUMBERS_RELOAD_MS, (error) =>
    logger.error({ err: error }, 'reading the access numbers failed'),
  );
  const hashCode = createCodeHasher(config.codeSecret);
  // Counted only when someone may scrape them: off, nothing is measured.
  const metrics = config.metricsPort === undefined ? null : createPrometheusMetrics();
  const directory = new SqlConferenceDirectory(sql, hashCode, config.timeZone, clock.now);
  const guessingStore = SqlGuessingStore.beside(sql, config.databasePath);
  const rater = createChargeRater(sql, logger);
  // One gauge and one shedder for the process: its bridges share the event loop that falls behind.
  const loopGauge = config.shedding === null || options.loadGauge !== undefined ? null : startEventLoopGauge();
  const gauge = options.loadGauge ?? loopGauge;
  const shedder = config.shedding === null || gauge === null ? undefined : createLoadShedder(gauge, config.shedding, logger);
  const servers = await createMediaServerBridges({
    config,
    sql,
    directory,
    accessNumbers,
    guessingStore,
    metrics,
    shedder,
    clock,
    logger,
    ...(options.ariBackoff ? { ariBackoff: options.ariBackoff } : {}),
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
  });
  const bridges = servers.all;
  metrics?.watch({ bridge: servers.gauges, ledgerWaiting: () => bridges.reduce((sum, bridge) => sum + bridge.ledger.waiting, 0) });

  const seal = createCodeSeal(config.codeSecret);
  const storeServices = createStoreServices(sql, {
    store,
    accessNumbers,
    hashCode,
    seal,
    liveControl: servers.liveControl,
    clock,
    timeZone: config.timeZone,
    reportMaxMbPerSecond: config.reportMaxMbPerSecond,
    logger,
    mailQueued: () => mailWorker.kick(),
  });
  const services = storeServices.admin;
  const stores = storeServices.stores;
  if (config.smtpHost === undefined) logger.warn('KVORUM_SMTP_HOST is not set: booking e-mails stay queued in the outbox');
  const mailWorker = createOutboxWorker({
    outbox: stores.outbox,
    mailer:
      config.smtpHost === undefined
        ? null
        : createSmtpMailer({
            host: config.smtpHost,
            port: config.smtpPort,
            tls: config.smtpTls,
            user: config.smtpUser,
            password: config.smtpPassword,
            from: config.mailFrom,
          }),
    housekeeping: async (at) => {
      await queueDueReminders({ ...stores, accessNumbers: invitationAccessNumbers(stores.accessNumbers) }, at);
      await stores.bookings.forgetCodesOfEnded(at);
      await pruneEndedSignIns(stores, at);
    },
    clock,
    logger: logger.child({ component: 'mail' }),
    settings: {
      pollMs: config.mailPollMs,
      retryBaseMs: config.mailRetryBaseMs,
      retryMaxMs: config.mailRetryMaxMs,
      maxAttempts: config.mailMaxAttempts,
    },
  });
  const portalDir = config.portalDir ?? fileURLToPath(new URL('./portal', import.meta.url));
  const portalBuilt = isBuiltPortal(portalDir);
  if (!portalBuilt) logger.warn({ portalDir }, 'the portal is not built (npm run build): only the API is served');
  const http = await listen(
    createHttpServer({
      ...(portalBuilt && { portalDir }),
      services,
      isReady: () => bridges.every((bridge) => !bridge.driving() || bridge.ari.isConnected()),
      logger,
      trustProxy: config.trustProxy,
      now: clock.now,
    }),
    config.httpHost,
    config.httpPort,
  );
  const metricsHttp: RunningHttpServer | null =
    metrics === null || config.metricsPort === undefined
      ? null
      : await listen(
          createMetricsServer({ scrape: () => metrics.scrape(), token: config.metricsToken ?? null, logger }),
          config.metricsHost,
          config.metricsPort,
        );

  /** Crash safety: open legs are marked alive, closed legs are rated. */
  function checkpoint(): Promise<void> {
    for (const { ledger, app } of bridges) mark(ledger, app.openLegIds());
    return writeAndRate();
  }

  function mark(ledger: WriteBehindLedger, legIds: string[]): void {
    try {
      ledger.checkpoint(legIds, clock.now());
    } catch (error) {
      logger.error({ err: error }, 'checkpoint failed');
    }
  }

  /** Settles once the legs closed before it are written and rated; never rejects (a failure is logged). */
  async function writeAndRate(): Promise<void> {
    try {
      await Promise.all(bridges.map(({ ledger }) => ledger.flush()));
      await rater.rateClosedLegs(clock.now());
    } catch (error) {
      logger.error({ err: error }, 'checkpoint failed');
    }
  }

  /**
   * The periodic checkpoint, a slice of the open legs per turn of the event
   * loop: marking every leg in one transaction held the loop for 40–150 ms
   * at 10,000 callers (5 ms at 1,000), and every keypad answer due meanwhile
   * waited for it. A slice of 250 takes 1–2 ms; callers' events run between
   * slices, and each leg is still marked once per interval. Each media
   * server's legs are in its own ledger: their slices follow one another.
   */
  let checkpointing = true;
  function checkpointInSlices(slices: Array<{ ledger: WriteBehindLedger; legIds: string[] }>, from = 0): void {
    if (!checkpointing) return;
    const [first, ...rest] = slices;
    if (first === undefined) return void writeAndRate();
    mark(first.ledger, first.legIds.slice(from, from + CHECKPOINT_SLICE));
    const done = from + CHECKPOINT_SLICE >= first.legIds.length;
    if (done && rest.length === 0) return void writeAndRate();
    setImmediate(() => checkpointInSlices(done ? rest : slices, done ? 0 : from + CHECKPOINT_SLICE));
  }
  const checkpointTimer = setInterval(
    () => checkpointInSlices(bridges.map(({ ledger, app }) => ({ ledger, legIds: app.openLegIds() }))),
    config.checkpointIntervalMs,
  );

  mailWorker.start();
  await servers.start();
  logger.info(
    {
      httpPort: http.port,
      metricsPort: metricsHttp?.port ?? null,
      mediaServers: bridges.map((bridge) => ({ id: bridge.serverId, driving: bridge.driving() })),
      ariUrl: config.mediaServers === undefined ? config.ariUrl : undefined,
      app: config.ariApp,
    },
    'kvorum started',
  );

  const farewellDeadlineMs = config.farewellTimeoutMs + config.ariRequestTimeoutMs;

  /** Whether the bridges' own shutdown (goodbyes, hang-ups, bridges destroyed) ended before the farewell deadline. */
  function shutDownTheBridges(): Promise<boolean> {
    return new Promise((resolve) => {
      const deadline = clock.after(farewellDeadlineMs, () => resolve(false));
      Promise.all(bridges.map(({ app }) => app.shutdown(clock.now()))).then(
        () => {
          deadline.cancel();
          resolve(true);
        },
        (error: unknown) => {
          // Whatever broke, the sweep that follows still hangs up everyone left.
          deadline.cancel();
          logger.error({ err: error }, 'the bridge failed to shut down');
          resolve(false);
        },
      );
    });
  }

  /**
   * Nobody stays in dead air: a channel still in the Stasis app once the
   * event socket is closed stays there, hearing silence, until it hangs up
   * (Asterisk 22 keeps it and lists it under the app). These are
   * farewells cut at the deadline, and callers who arrived in the instant
   * between the last goodbye and the socket closing.
   */
  async function hangUpEveryoneLeft({ ari }: MediaServerBridge, cutShort: boolean): Promise<void> {
    let channelIds: string[];
    try {
      channelIds = await ari.resync.listAppChannelIds();
    } catch (error) {
      // Asterisk forgets an app once its socket is closed and no channel is left in it.
      if (error instanceof TelephonyError && error.code === 'not-found') return;
      logger.error({ err: error }, 'could not list the channels left in the app; they may stay connected');
      return;
    }
    if (channelIds.length === 0) return;
    logger[cutShort ? 'error' : 'warn']({ channels: channelIds.length }, 'hanging up the callers left in the app');
    const results = await Promise.allSettled(channelIds.map((channelId) => ari.telephony.hangup(channelId)));
    const failed = results.filter((result) => result.status === 'rejected' && !(result.reason instanceof ChannelGoneError));
    if (failed.length > 0) logger.error({ failed: failed.length }, 'some callers could not be hung up');
  }

  let stopping: Promise<void> | null = null;
  async function stop(): Promise<void> {
    clearInterval(checkpointTimer);
    checkpointing = false;
    const inTime = await shutDownTheBridges();
    if (!inTime) logger.error({ deadlineMs: farewellDeadlineMs }, 'farewells overran the shutdown deadline; cutting them short');
    await checkpoint();
    // No more events: from here Asterisk's dialplan itself turns newcomers away.
    await Promise.all(bridges.map(({ ari }) => ari.stop()));
    await Promise.all(bridges.filter((bridge) => bridge.driving()).map((bridge) => hangUpEveryoneLeft(bridge, !inTime)));
    await servers.close();
    await http.close();
    await mailWorker.stop();
    await metricsHttp?.close();
    loopGauge?.stop();
    await storeServices.close();
    const written = (await Promise.all(bridges.map(({ ledger }) => ledger.drain(LEDGER_DRAIN_TIMEOUT_MS)))).every(Boolean);
    await guessingStore.close();
    stopReloadingAccessNumbers();
    await sql.close();
    if (!written) throw new Error('kvorum stopped with ledger rows unwritten (logged)');
    logger.info('kvorum stopped');
  }
  return {
    app: bridges[0]!.app,
    mediaServers: bridges,
    sql,
    accessNumbers,
    httpPort: http.port,
    metricsPort: metricsHttp?.port ?? null,
    stop: () => (stopping ??= stop()),
    // The farewells, the sweep (a list and parallel hang-ups, one request timeout each) and the ledger.
    stopTimeoutMs: farewellDeadlineMs + 2 * config.ariRequestTimeoutMs + LEDGER_DRAIN_TIMEOUT_MS,
  };
}
