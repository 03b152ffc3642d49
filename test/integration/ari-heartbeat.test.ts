import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createEventSocket, type EventSocket } from '../../src/adapters/ari/event-socket';
import { createSilentLogger } from '../../src/logger';

/**
 * A half-open connection (the peer vanished without a FIN) looks alive to the
 * socket forever. Here the peer keeps the TCP connection but stops answering
 * pings, which is what a half-open connection looks like from our side.
 */
describe('the ARI event connection heartbeat', () => {
  let server: WebSocketServer | undefined;
  let socket: EventSocket | undefined;

  afterEach(async () => {
    await socket?.stop();
    for (const client of server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('notices a peer that stopped answering pings and reconnects', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const connections: WebSocket[] = [];
    const requestedUrls: string[] = [];
    server.on('connection', (ws, request) => {
      connections.push(ws);
      requestedUrls.push(request.url ?? '');
    });

    const changes: boolean[] = [];
    let reported: () => void = () => {};
    socket = createEventSocket({
      url: `http://127.0.0.1:${port}`,
      username: 'kvorum',
      password: 's3cret',
      app: 'kvorum',
      backoff: { initialMs: 5, maxMs: 20 },
      heartbeatIntervalMs: 20,
      handshakeTimeoutMs: 1_000,
      logger: createSilentLogger(),
      onEvent: () => {},
      onConnectionChanged(connected) {
        changes.push(connected);
        reported();
      },
    });
    const reconnected = new Promise<void>((resolve) => {
      reported = () => {
        if (changes.length >= 3) resolve();
      };
    });

    socket.start();
    await withTimeout(reconnected, 2_000, 'the connection to drop on the missing pong and come back');

    expect(changes.slice(0, 3)).toEqual([true, false, true]);
    expect(connections.length).toBeGreaterThanOrEqual(2);
    expect(requestedUrls[0]).toBe('/ari/events?app=kvorum&api_key=kvorum:s3cret');
  });
});

async function withTimeout(work: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
