import { randomBytes } from 'node:crypto';
import { handleAriRequest, handleEventsUpgrade, sendJson, type AriHttpDeps } from './ari-http';
import { handleControlRequest } from './control-api';
import { EventSockets } from './event-sockets';
import { RequestFaultRules } from './faults';
import { SimHttpServer } from './http-server';
import { LatencyRecorder } from './latency';
import { defaultSoundDirectories, mediaDurationsFrom } from './media-durations';
import { createAriRoutes } from './rest/ari-routes';
import { SimAsterisk } from './sim-asterisk';
import { SimCallerImpl } from './sim-caller';
import type { SimChannel } from './sim-objects';
import { SimTrunk, type SimTrunkEnd } from './sim-trunk';
import { createTimers } from './timers';
import type { SimCaller, SimCluster, SimEventNotice, SimFaults, SimRequestNotice, Simulator, SimulatorOptions } from './types';

const DEFAULT_WAIT_MS = 2000;

/** Starts a fake Asterisk speaking ARI on one port (REST + events under /ari, control API under /sim). */
export function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startServer(options, null);
}

/**
 * Starts one simulated Asterisk per id, each on its own port, joined by the
 * internal SIP trunk: `continue` into [kvorum-carry] with a peer's id as the
 * extension carries the call there.
 */
export async function startSimulatorCluster(serverIds: readonly string[], options: SimulatorOptions = {}): Promise<SimCluster> {
  const trunk = new SimTrunk();
  const servers = new Map<string, Simulator>();
  const recorders: LatencyRecorder[] = [];
  for (const id of serverIds) {
    servers.set(id, await startServer(options, trunk.endFor(id), trunk, (asterisk) => recorders.push(asterisk.latency)));
  }
  const server = (id: string): Simulator => {
    const found = servers.get(id);
    if (found === undefined) throw new Error(`no media server ${id} in this cluster`);
    return found;
  };
  let dialled = 0;
  return {
    serverIds,
    server,
    canHear(listener, speaker) {
      if (!(listener instanceof SimCallerImpl) || !(speaker instanceof SimCallerImpl)) throw new Error('callers of another simulator');
      return listener.hears(speaker);
    },
    dial(accessNumber, dialOptions) {
      dialled += 1;
      return server(serverIds[spread(dialled) % serverIds.length]!).dial(accessNumber, dialOptions);
    },
    latency: () => LatencyRecorder.summaryOf(recorders),
    resetLatency: () => {
      for (const recorder of recorders) recorder.reset();
    },
    async close() {
      await Promise.all([...servers.values()].map((server) => server.close()));
    },
  };
}

/**
 * The edge's choice for the n-th call: Kamailio's dispatcher hashes the
 * Call-ID, so consecutive calls land on servers that look random but even
 * (a multiplicative hash of n; not n itself, whose order would put the
 * first caller of every meeting of a fixed size on the same server).
 */
function spread(n: number): number {
  return Math.imul(n, 0x9e3779b1) >>> 16;
}

async function startServer(
  options: SimulatorOptions,
  trunkEnd: SimTrunkEnd | null,
  trunk?: SimTrunk,
  built: (asterisk: SimAsterisk) => void = () => undefined,
): Promise<Simulator> {
  const username = options.username ?? 'kvorum';
  const password = options.password ?? 'secret';
  const timers = createTimers(options.timeScale ?? 1);
  const dtmfDurationMs = options.dtmfDurationMs ?? 100;
  const defaultApp = options.app ?? 'kvorum';
  const asteriskId = randomBytes(6).toString('hex').match(/../g)!.join(':');
  const eventListeners = new Set<(notice: SimEventNotice) => void>();
  const sockets = new EventSockets(
    asteriskId,
    () => asterisk.changed(),
    (type, bytes) => {
      for (const listener of eventListeners) listener({ type, bytes });
    },
  );
  const mediaDurations = options.mediaDurationMs ?? mediaDurationsFrom(options.soundDirectories ?? defaultSoundDirectories());
  const asterisk: SimAsterisk = new SimAsterisk(timers, mediaDurations, sockets, trunkEnd, trunk?.changeListeners);
  let closed = false;
  if (trunkEnd !== null) trunk?.join(trunkEnd.serverId, asterisk, defaultApp, () => !closed);
  built(asterisk);
  const latency = asterisk.latency;
  const faultRules = new RequestFaultRules();
  const requestListeners = new Set<(notice: SimRequestNotice) => void>();
  const callersById = new Map<string, SimCallerImpl>();

  const deps: AriHttpDeps = {
    username,
    password,
    routes: createAriRoutes({
      asterisk,
      knownApps: () => sockets.knownApps(),
      setEventFilter: (app, filter) => sockets.setEventFilter(app, filter),
      eventFilter: (app) => sockets.eventFilter(app),
      asteriskId,
      startedAt: Date.now(),
    }),
    asterisk,
    sockets,
    faults: faultRules,
    latency,
    timers,
    notify: (notice) => {
      for (const listener of requestListeners) listener(notice);
    },
  };

  const server = new SimHttpServer({
    request(request, response) {
      const url = new URL(request.url ?? '/', 'http://simulator');
      if (url.pathname.startsWith('/ari/')) void handleAriRequest(deps, request, response, url);
      else if (url.pathname.startsWith('/sim/')) void handleControlRequest(simulator, request, response, url);
      else sendJson(response, 404, { message: 'Not found' });
    },
    upgrade(request, socket, head) {
      handleEventsUpgrade(deps, request, socket, head, new URL(request.url ?? '/', 'http://simulator'));
    },
  });
  const host = options.host ?? '127.0.0.1';
  const port = await server.listen(host, options.port ?? 0);

  const faults: SimFaults = {
    dropWebSockets: () => sockets.dropAll(),
    refuseConnections: (ms) => {
      sockets.dropAll();
      server.refuseFor(ms);
    },
    restart: (ms) => {
      faults.refuseConnections(ms);
      asterisk.forgetEverything();
      sockets.forgetFilters();
    },
    delayRequests: (match, ms, count) => faultRules.add('delay', match, count, ms),
    hangRequests: (match, count) => faultRules.add('hang', match, count),
    goneOnNext: (match) => faultRules.add('gone', match, 1),
    sendUnknownEvent: (app) => sockets.sendUndeclared(app === undefined ? sockets.connectedApps() : [app]),
    clear: () => faultRules.clear(),
  };

  const callerOn = (channel: SimChannel): SimCallerImpl => {
    const caller = new SimCallerImpl(channel, asterisk, timers, dtmfDurationMs);
    callersById.set(channel.id, caller);
    return caller;
  };

  const asCallerImpl = (caller: SimCaller): SimCallerImpl => {
    const impl = callersById.get(caller.channelId);
    if (!impl) throw new Error(`caller ${caller.channelId} does not belong to this simulator`);
    return impl;
  };

  const simulator: Simulator = {
    url: `http://${host}:${port}`,
    username,
    password,
    app: defaultApp,
    faults,
    dial: (accessNumber, dialOptions = {}) =>
      callerOn(asterisk.dial(accessNumber, dialOptions.callerId ?? null, dialOptions.app ?? defaultApp)),
    arriveOverTrunk: (fromServer, arrival = {}) =>
      callerOn(asterisk.arriveOverTrunk(fromServer, arrival.callerId ?? null, arrival.carryHeader, defaultApp)),
    callers: () => [...callersById.values()],
    caller: (channelId) => callersById.get(channelId),
    canHear: (listener, speaker) => asCallerImpl(listener).hears(asCallerImpl(speaker)),
    async canHearOnceQuiet(listener, speaker, timeoutMs = DEFAULT_WAIT_MS) {
      if (listener.bridgeId() !== null && listener.bridgeId() === speaker.bridgeId()) {
        const quiet = (caller: SimCaller) => caller.waitUntil((c) => !c.isBeingPlayedTo(), 'be done hearing prompts', timeoutMs);
        await Promise.all([quiet(listener), quiet(speaker)]);
      }
      return simulator.canHear(listener, speaker);
    },
    bridges: () => asterisk.allBridges().map((bridge) => ({ id: bridge.id, type: bridge.type, channelIds: [...bridge.channelIds] })),
    storeRecording: (name, durationMs) => asterisk.storeRecording(name, durationMs),
    connectedApps: () => sockets.connectedApps(),
    waitForApp: (app, connected, timeoutMs = DEFAULT_WAIT_MS) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (sockets.connectedApps().includes(app) !== connected) return;
          clearTimeout(timer);
          unsubscribe();
          resolve();
        };
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`app ${app} did not ${connected ? 'connect' : 'disconnect'} within ${timeoutMs} ms`));
        }, timeoutMs);
        const unsubscribe = asterisk.onChange(check);
        check();
      }),
    onRequest(listener) {
      requestListeners.add(listener);
      return () => requestListeners.delete(listener);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    latency: () => latency.summary(),
    resetLatency: () => latency.reset(),
    async close() {
      closed = true;
      timers.clearAll();
      sockets.close();
      await server.close();
    },
  };
  return simulator;
}
