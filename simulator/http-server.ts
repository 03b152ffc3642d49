import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface HttpHandlers {
  request(request: IncomingMessage, response: ServerResponse): void;
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/**
 * The simulator's one port (ARI REST, event WebSockets, /sim control API),
 * with the means to drop every connection and stop listening for a while —
 * clients then get ECONNREFUSED, as when Asterisk restarts.
 */
export class SimHttpServer {
  private readonly server: Server;
  private readonly connections = new Set<Socket>();
  private host = '127.0.0.1';
  private port = 0;
  private reopenTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(handlers: HttpHandlers) {
    this.server = createServer({ keepAliveTimeout: 5_000 }, (request, response) => handlers.request(request, response));
    this.server.on('upgrade', (request, socket, head) => handlers.upgrade(request, socket, head));
    this.server.on('connection', (socket) => {
      this.connections.add(socket);
      socket.on('close', () => this.connections.delete(socket));
    });
  }

  async listen(host: string, port: number): Promise<number> {
    this.host = host;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('simulator is not listening on TCP');
    this.port = address.port;
    return this.port;
  }

  /** Destroy every open connection and refuse new ones for `ms` real milliseconds. */
  refuseFor(ms: number): void {
    clearTimeout(this.reopenTimer);
    this.server.close();
    this.destroyConnections();
    this.reopenTimer = setTimeout(() => this.reopen(), ms);
  }

  destroyConnections(): void {
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reopenTimer);
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.destroyConnections();
    if (this.server.listening) await stopped;
  }

  private reopen(): void {
    if (this.closed) return;
    this.server.once('error', () => {
      // The port is briefly unavailable (TIME_WAIT or a racing bind): try again shortly.
      this.reopenTimer = setTimeout(() => this.reopen(), 50);
    });
    this.server.listen(this.port, this.host, () => this.server.removeAllListeners('error'));
  }
}
