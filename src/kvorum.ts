import type { BackoffPolicy } from './adapters/ari/backoff';
import { createAriTelephony } from './adapters/ari/create-ari-telephony';
import { createChargeRater } from './adapters/db/charges-rater';
import { createCodeHasher } from './adapters/db/code-hash';
import { SqliteConferenceDirectory } from './adapters/db/conference-directory';
import { ConferencesRepository } from './adapters/db/conferences-repository';
import { openDatabase, type Database } from './adapters/db/database';
import { SqliteLedger } from './adapters/db/ledger';
import { WriteBehindLedger } from './adapters/db/write-behind-ledger';
import { migrate } from './adapters/db/migrations';
import { newId } from './adapters/db/new-id';
import { createHttpServer, listen } from './adapters/http/create-http-server';
import { systemClock } from './adapters/system/system-clock';
import { createBridgeApp, type BridgeApp } from './app/bridge-app';
import type { Clock, TelephonyListener } from './app/ports';
import { guessingLimitsOf, type Config } from './config';
import { createSqliteAdminServices } from './sqlite-admin-services';
import type { Logger } from './logger';

export interface KvorumOptions {
  /** Time and timers; tests pass a faster one. Default: the system clock. */
  clock?: Clock;
  /** Reconnect backoff towards ARI; tests use a fast one. */
  ariBackoff?: BackoffPolicy;
  heartbeatIntervalMs?: number;
}

export interface RunningKvorum {
  app: BridgeApp;
  db: Database;
  /** The HTTP port actually bound (the configured one, or a free one for port 0). */
  httpPort: number;
  /** Graceful stop: callers hear goodbye, legs are closed and rated, the database is closed. */
  stop(): Promise<void>;
}

/**
 * Builds Kvorum from its configuration and starts it: the database, the
 * bridge, the ARI connection, the admin API and the periodic checkpoint.
 * Resolves once ARI is connected and the HTTP server listens.
 */
export async function startKvorum(config: Config, logger: Logger, options: KvorumOptions = {}): Promise<RunningKvorum> {
  const clock = options.clock ?? systemClock;
  const db = openDatabase(config.databasePath);
  migrate(db);
  const hashCode = createCodeHasher(config.codeSecret);
  const ledger = new WriteBehindLedger(db, new SqliteLedger(db), logger);
  const conferences = new ConferencesRepository(db, hashCode);
  const directory = new SqliteConferenceDirectory(db, hashCode);
  const rater = createChargeRater(db, logger);

  // The adapter needs its listener before the app exists, and the app needs the
  // adapter's commands: the listener forwards to the app once it is built.
  let app: BridgeApp | undefined;
  const listener: TelephonyListener = {
    callArrived: (call) => app?.callArrived(call),
    digitPressed: (channelId, digit, at) => app?.digitPressed(channelId, digit, at),
    callEnded: (channelId, at) => app?.callEnded(channelId, at),
    playbackFinished: (playbackId, at) => app?.playbackFinished(playbackId, at),
    connectionChanged: (connected, at) => app?.connectionChanged(connected, at),
  };
  const ari = createAriTelephony({
    url: config.ariUrl,
    username: config.ariUser,
    password: config.ariPassword,
    app: config.ariApp,
    requestTimeoutMs: config.ariRequestTimeoutMs,
    logger,
    listener,
    now: clock.now,
    ...(options.ariBackoff ? { backoff: options.ariBackoff } : {}),
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
  });
  const bridgeApp = createBridgeApp({
    telephony: ari.telephony,
    directory,
    ledger,
    clock,
    ids: { next: newId },
    logger,
    resync: {
      snapshots: ari.resync,
      recovery: ledger,
      conferenceSettings: directory,
    },
    settings: {
      firstDigitTimeoutMs: config.firstDigitTimeoutMs,
      interDigitTimeoutMs: config.interDigitTimeoutMs,
      commandTimeoutMs: config.commandTimeoutMs,
      maxCodeTries: config.maxCodeTries,
      defaultLanguage: 'en',
      guessing: guessingLimitsOf(config),
    },
  });
  app = bridgeApp;

  const services = createSqliteAdminServices(db, { conferences, liveControl: bridgeApp, clock, timeZone: config.timeZone, logger });
  const http = await listen(
    createHttpServer({ services, isReady: () => db.open && ari.isConnected(), logger }),
    config.httpHost,
    config.httpPort,
  );

  /** Crash safety: open legs are marked alive, closed legs are rated. */
  function checkpoint(): void {
    const at = clock.now();
    try {
      ledger.checkpoint(bridgeApp.openLegIds(), at);
      ledger.flush();
      rater.rateClosedLegs(at);
    } catch (error) {
      logger.error({ err: error }, 'checkpoint failed');
    }
  }
  const checkpointTimer = setInterval(checkpoint, config.checkpointIntervalMs);

  await ari.start();
  // The first connection resynchronises: meetings that outlived a crash are taken back before we say we are up.
  await bridgeApp.resynced();
  logger.info({ httpPort: http.port, ariUrl: config.ariUrl, app: config.ariApp }, 'kvorum started');

  let stopping: Promise<void> | null = null;
  async function stop(): Promise<void> {
    clearInterval(checkpointTimer);
    await bridgeApp.shutdown(clock.now());
    checkpoint();
    await ari.stop();
    await http.close();
    ledger.flush();
    db.close();
    logger.info('kvorum stopped');
  }
  return {
    app: bridgeApp,
    db,
    httpPort: http.port,
    stop: () => (stopping ??= stop()),
  };
}
