import type { BackoffPolicy } from './adapters/ari/backoff';
import { createAriTelephony, type AriTelephony } from './adapters/ari/create-ari-telephony';
import { SqlClusterStore } from './adapters/db/sql-cluster-store';
import type { SqlDatabase } from './adapters/db/sql/sql-database';
import { SqlLedger } from './adapters/db/sql-ledger';
import { defaultLedgerRetry, WriteBehindLedger } from './adapters/db/write-behind-ledger';
import { newId } from './adapters/db/new-id';
import type { PrometheusMetrics } from './adapters/metrics/prometheus-metrics';
import { createHmacCarryTickets } from './adapters/system/hmac-carry-tickets';
import { createBridgeApp, type BridgeApp } from './app/bridge/bridge-app';
import type { ClusterMembership } from './app/bridge/conference-placement';
import type { LoadShedder } from './app/bridge/load-shedder';
import { defaultLeaseTiming } from './domain/cluster/media-server-lease';
import { createLeaseKeeper, type LeaseKeeper } from './app/cluster/lease-keeper';
import type { Clock } from './app/ports/clock-and-ids';
import type { AccessNumberLanguages } from './app/ports/access-numbers';
import type { ClusterStore } from './app/ports/cluster-store';
import type { ConferenceDirectory, ConferenceSettingsSource } from './app/ports/conference-directory';
import type { GuessingStore } from './app/ports/guessing-store';
import type { LiveControl } from './app/ports/live-control';
import type { BridgeGauges, CallStateLabel } from './app/ports/metrics';
import type { TelephonyListener } from './app/ports/telephony';
import { guessingLimitsOf, type Config } from './config';
import type { Logger } from './logger';

/** One Asterisk this process may drive: its ARI connection, its bridge and its ledger. */
export interface MediaServerBridge {
  /** Its id in the cluster; null for the lone Asterisk at KVORUM_ARI_URL. */
  serverId: string | null;
  app: BridgeApp;
  ari: AriTelephony;
  ledger: WriteBehindLedger;
  /** Whether this process drives the server now (always, for a lone Asterisk). */
  driving(): boolean;
  /** Connects to the server, once per holding of its lease; resolves at the first connection. */
  connect(): Promise<void>;
}

export interface MediaServerBridges {
  all: readonly MediaServerBridge[];
  /** The admin API's view over every server's bridge. */
  liveControl: LiveControl;
  gauges: BridgeGauges;
  /** Takes the leases it can and connects to those servers; resolves once they are connected and resynchronised. */
  start(): Promise<void>;
  /** Lets the leases go, so standbys take over at once, and closes the cluster store. */
  close(): Promise<void>;
}

/**
 * The media servers this process drives, as the configuration lists them
 * (KVORUM_MEDIA_SERVERS), or the lone Asterisk at KVORUM_ARI_URL. In a
 * cluster each server has a lease keeper: the process connects to a server
 * when it gains its lease and disconnects when it loses it; a standby that
 * gains a lease connects and resynchronises as after a restart.
 */
export async function createMediaServerBridges(deps: {
  config: Config;
  /** The store: the one SqlDatabase instance over its connection. */
  sql: SqlDatabase;
  directory: ConferenceDirectory & ConferenceSettingsSource;
  /** The languages of the access numbers, as callers arrive. */
  accessNumbers: AccessNumberLanguages;
  guessingStore: GuessingStore;
  metrics: PrometheusMetrics | null;
  shedder?: LoadShedder;
  clock: Clock;
  logger: Logger;
  ariBackoff?: BackoffPolicy;
  heartbeatIntervalMs?: number;
}): Promise<MediaServerBridges> {
  const { config, clock, logger } = deps;
  // The leases and claims are in the one store: the PostgreSQL a cluster shares, or the SQLite file of one process.
  const store: ClusterStore | null = config.mediaServers === undefined ? null : new SqlClusterStore(deps.sql);
  const tickets = config.carrySecret === undefined ? null : createHmacCarryTickets(config.carrySecret);
  const servers = config.mediaServers ?? [{ id: null, ariUrl: config.ariUrl }];
  const keepers: LeaseKeeper[] = [];

  const all = servers.map(({ id, ariUrl }): MediaServerBridge => {
    const log = id === null ? logger : logger.child({ mediaServer: id });
    const ledger = new WriteBehindLedger(deps.sql, new SqlLedger(deps.sql, id), log, defaultLedgerRetry, deps.metrics ?? undefined);
    // One connection attempt per holding of the lease: gaining it connects, losing it disconnects.
    let connection: Promise<void> | null = null;
    let outOfReachSince: number | null = null;
    // The adapter needs its listener before the app exists, and the app needs the
    // adapter's commands: the listener forwards to the app once it is built.
    let app: BridgeApp | undefined = undefined;
    const listener: TelephonyListener = {
      callArrived: (call) => app?.callArrived(call),
      digitPressed: (channelId, digit, at) => app?.digitPressed(channelId, digit, at),
      callEnded: (channelId, at) => app?.callEnded(channelId, at),
      playbackFinished: (playbackId, at) => app?.playbackFinished(playbackId, at),
      recordingEnded: (recording, seconds, at) => app?.recordingEnded(recording, seconds, at),
      connectionChanged: (connected, at) => {
        // Out of reach since the first loss of a connection that had been up; a disconnection of our own is not.
        outOfReachSince = connected || connection === null ? null : (outOfReachSince ?? at);
        app?.connectionChanged(connected, at);
      },
    };
    const ari = createAriTelephony({
      url: ariUrl,
      username: config.ariUser,
      password: config.ariPassword,
      app: config.ariApp,
      requestTimeoutMs: config.ariRequestTimeoutMs,
      logger: log,
      listener,
      now: clock.now,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.ariBackoff ? { backoff: deps.ariBackoff } : {}),
      ...(deps.heartbeatIntervalMs ? { heartbeatIntervalMs: deps.heartbeatIntervalMs } : {}),
    });
    const connect = () => (connection ??= ari.start());
    const keeper =
      id === null || store === null
        ? null
        : createLeaseKeeper({
            store,
            serverId: id,
            holder: config.processId,
            clock,
            logger: log,
            // A standby taking over connects, and the first connection resynchronises as after a restart.
            gained: () => void connect(),
            lost: () => {
              connection = null;
              void ari.stop();
            },
            reachable: () => outOfReachSince === null || clock.now() - outOfReachSince < defaultLeaseTiming.expiresAfterMs,
            serverLost: () => app?.mediaServerLost(clock.now()),
          });
    if (keeper !== null) keepers.push(keeper);
    const cluster: ClusterMembership | undefined =
      keeper === null || id === null || store === null || tickets === null
        ? undefined
        : {
            serverId: id,
            store,
            lease: () => keeper.current(),
            settledLease: () => keeper.settled(),
            tickets,
            carrier: ari.carrier,
            conferenceSettings: deps.directory,
          };
    app = createBridgeApp({
      telephony: ari.telephony,
      directory: deps.directory,
      accessNumbers: deps.accessNumbers,
      ledger,
      guessingStore: deps.guessingStore,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      shedder: deps.shedder,
      clock,
      ids: { next: newId },
      logger: log,
      resync: { snapshots: ari.resync, recovery: ledger, conferenceSettings: deps.directory },
      ...(cluster ? { cluster } : {}),
      settings: {
        firstDigitTimeoutMs: config.firstDigitTimeoutMs,
        interDigitTimeoutMs: config.interDigitTimeoutMs,
        commandTimeoutMs: config.commandTimeoutMs,
        maxCodeTries: config.maxCodeTries,
        farewellTimeoutMs: config.farewellTimeoutMs,
        defaultLanguage: config.defaultLanguage,
        guessing: guessingLimitsOf(config),
        app: config.ariApp,
      },
    });
    return { serverId: id, app, ari, ledger, connect, driving: () => keeper === null || keeper.current() !== null };
  });

  const apps = all.map((bridge) => bridge.app);
  return {
    all,
    liveControl: {
      list: () => apps.flatMap((app) => app.list()),
      get: (conferenceId) => apps.map((app) => app.get(conferenceId)).find((view) => view !== null) ?? null,
      command: (conferenceId, command) =>
        apps.find((app) => app.get(conferenceId) !== null)?.command(conferenceId, command) ?? 'no-live-meeting',
      onChange: (changed) => {
        const stops = apps.map((app) => app.onChange(changed));
        return () => {
          for (const stop of stops) stop();
        };
      },
    },
    gauges: {
      callsByState: () => {
        const total: Record<CallStateLabel, number> = { 'code-entry': 0, waiting: 0, 'in-meeting': 0, farewell: 0 };
        for (const app of apps) for (const [label, count] of Object.entries(app.callsByState())) total[label as CallStateLabel] += count;
        return total;
      },
      meetingsLive: () => apps.reduce((sum, app) => sum + app.meetingsLive(), 0),
    },
    async start() {
      await Promise.all(keepers.map((keeper) => keeper.start()));
      // The first connection resynchronises: meetings that outlived a crash are taken back before we say we are up.
      await Promise.all(all.filter((bridge) => bridge.driving()).map((bridge) => bridge.connect().then(() => bridge.app.resynced())));
    },
    async close() {
      await Promise.all(keepers.map((keeper) => keeper.stop()));
      await store?.close();
    },
  };
}
