/**
 * What one ARI REST request costs Kvorum through ari-client, apart from
 * everything else: the simulator runs in its own process (bench/
 * sim-load-process.ts) and this process drives Kvorum's ARI adapter, one
 * request at a time, as a channel's command queue does. CPU per request is
 * this process's user + system time, the median of three rounds; bytes are what the HTTP client wrote
 * to its sockets (request line and headers: these requests have no body);
 * sockets are the TCP connections it opened (keep-alive reuses one).
 */
import type { Socket } from 'node:net';
import { globalAgent, request } from 'node:http';
import { createAriTelephony } from '../src/adapters/ari/create-ari-telephony';
import type { Telephony, TelephonyListener } from '../src/app/ports/telephony';
import { createSilentLogger } from '../src/logger';
import { startSimLoad } from './sim-load-client';

export interface RequestCost {
  operation: string;
  requests: number;
  cpuUsPerRequest: number;
  bytesPerRequest: number;
  socketsOpened: number;
}

const ACCESS_NUMBER = '+4721000000';
const WARM_UP = 12_000;
const ROUNDS = 3;

export async function measureRequestCosts(requestsPerOperation: number): Promise<RequestCost[]> {
  // A tiny time scale: a prompt ends at once, so no request waits behind one.
  const sim = await startSimLoad(0.0001);
  let arrived: ((channelId: string) => void) | null = null;
  const listener: TelephonyListener = {
    callArrived: (call) => arrived?.(call.channelId),
    digitPressed: () => undefined,
    callEnded: () => undefined,
    playbackFinished: () => undefined,
    recordingEnded: () => undefined,
    connectionChanged: () => undefined,
  };
  const ari = createAriTelephony({
    url: sim.url,
    username: sim.username,
    password: sim.password,
    app: 'kvorum',
    requestTimeoutMs: 5_000,
    logger: createSilentLogger(),
    listener,
  });
  try {
    await ari.start();
    const channelId = await dialOne(sim.url, (resolve) => (arrived = resolve));
    const { telephony } = ari;
    await telephony.answer(channelId);
    let count = 0;
    const operations: Array<[string, (telephony: Telephony) => Promise<void>]> = [
      ['POST/DELETE channels/{id}/mute', (t) => t.setMuted(channelId, count++ % 2 === 0)],
      ['POST channels/{id}/variable', (t) => t.setChannelVar(channelId, 'KVORUM_STATE', `leg=leg-1;muted=${count++ % 2}`)],
      ['POST channels/{id}/play', (t) => t.play(channelId, ['sound:beep'], `pb-${count++}`, 'en')],
      // The floor under ari-client: the same variable request as Node's own http.request sends it, through the same agent.
      [
        'reference: the same variable request by node:http alone',
        () =>
          plainRequest(sim.url, sim.username, sim.password, `/ari/channels/${channelId}/variable?variable=KVORUM_STATE&value=${count++}`),
      ],
    ];
    // Warm up: the JIT, and Node's check of who calls the deprecated Buffer() (made for the first 10,000 calls only).
    for (let i = 0; i < WARM_UP; i += 1) await operations[i % operations.length]![1](telephony);
    const rounds = new Map<string, RequestCost[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [operation, request] of operations) {
        const sockets = new Set<Socket>();
        const watch = (socket: Socket) => sockets.add(socket);
        globalAgent.on('free', watch);
        const bytesBefore = bytesWritten();
        const cpuBefore = process.cpuUsage();
        for (let i = 0; i < requestsPerOperation; i += 1) await request(telephony);
        const cpu = process.cpuUsage(cpuBefore);
        globalAgent.off('free', watch);
        const cost = {
          operation,
          requests: requestsPerOperation,
          cpuUsPerRequest: (cpu.user + cpu.system) / requestsPerOperation,
          bytesPerRequest: (bytesWritten() - bytesBefore) / requestsPerOperation,
          socketsOpened: Math.max(0, sockets.size - 1),
        };
        rounds.set(operation, [...(rounds.get(operation) ?? []), cost]);
      }
    }
    // The median round of each operation: the machine is shared, a round may be disturbed.
    const costs = [...rounds.values()].map(
      (costs) => costs.sort((a, b) => a.cpuUsPerRequest - b.cpuUsPerRequest)[Math.floor(costs.length / 2)]!,
    );
    return costs;
  } finally {
    await ari.stop();
    await sim.close();
  }
}

function plainRequest(url: string, user: string, password: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const sent = request(
      `${url}${path}`,
      { method: 'POST', auth: `${user}:${password}`, headers: { accept: 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 204 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
      },
    );
    sent.on('error', reject);
    sent.end();
  });
}

/** Bytes written so far by the sockets the global agent keeps (the ones ari-client's requests use). */
function bytesWritten(): number {
  const pools = [globalAgent.sockets, globalAgent.freeSockets];
  return pools
    .flatMap((pool) => Object.values(pool).flatMap((sockets) => sockets ?? []))
    .reduce((sum, socket) => sum + socket.bytesWritten, 0);
}

/** One caller through the simulator's control API (fetch, so not through the agent measured). */
async function dialOne(url: string, onArrival: (resolve: (channelId: string) => void) => void): Promise<string> {
  const arrival = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the benchmark caller did not arrive within 10 s')), 10_000);
    onArrival((channelId) => {
      clearTimeout(timer);
      resolve(channelId);
    });
  });
  const response = await fetch(`${url}/sim/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessNumber: ACCESS_NUMBER }),
  });
  if (!response.ok) throw new Error(`dialling the benchmark caller failed: HTTP ${response.status}`);
  return arrival;
}
