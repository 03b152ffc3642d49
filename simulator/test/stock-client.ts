import ariClient from 'ari-client';
import type { Simulator } from '../index';

/** The parts of the stock ari-client 2.2.0 these tests drive (it ships no types). */
export interface StockAriClient {
  start(app: string): PromiseLike<void>;
  stop(): void;
  on(event: string, listener: (event: AriEvent, ...rest: unknown[]) => void): void;
  channels: Record<string, (params?: Record<string, unknown>) => PromiseLike<unknown>>;
  bridges: Record<string, (params?: Record<string, unknown>) => PromiseLike<unknown>>;
  playbacks: Record<string, (params?: Record<string, unknown>) => PromiseLike<unknown>>;
  applications: Record<string, (params?: Record<string, unknown>) => PromiseLike<unknown>>;
  asterisk: Record<string, (params?: Record<string, unknown>) => PromiseLike<unknown>>;
}

export interface AriEvent {
  type: string;
  timestamp: string;
  application: string;
  asterisk_id: string;
  [field: string]: unknown;
}

export interface ConnectedClient {
  client: StockAriClient;
  /** Every event received, in order. */
  events: AriEvent[];
  waitForEvent(predicate: (event: AriEvent) => boolean, description: string, timeoutMs?: number): Promise<AriEvent>;
  /** Resolves once ari-client has opened its event socket `count` times in all (1 after connecting). */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  /** Event types concerning one channel (by channel.id or playback target), in order. */
  typesFor(channelId: string): string[];
}

/** Connects the unmodified ari-client to the simulator and starts the app's event socket. */
export async function connectStockClient(sim: Simulator, app = 'kvorum'): Promise<ConnectedClient> {
  const client = (await ariClient.connect(sim.url, sim.username, sim.password)) as unknown as StockAriClient;
  const events: AriEvent[] = [];
  const waiters = new Set<() => void>();
  let connections = 0;
  const changed = () => {
    for (const waiter of [...waiters]) waiter();
  };
  client.on('*', (event) => {
    events.push(event);
    changed();
  });
  client.on('WebSocketConnected', () => {
    connections += 1;
    changed();
  });
  await client.start(app);

  function waitUntil<T>(find: () => T | undefined, failure: () => string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(failure()));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  }

  const waitForEvent = (predicate: (event: AriEvent) => boolean, description: string, timeoutMs = 2000) =>
    waitUntil(
      () => events.find(predicate),
      () => `no event: ${description}; received ${events.map((e) => e.type).join(', ')}`,
      timeoutMs,
    );

  const waitForConnections = async (count: number, timeoutMs = 5000) => {
    await waitUntil(
      () => (connections >= count ? true : undefined),
      () => `ari-client connected ${connections} times, not ${count}`,
      timeoutMs,
    );
  };

  function typesFor(channelId: string): string[] {
    return events
      .filter((event) => {
        const channel = event.channel as { id?: string } | undefined;
        const playback = event.playback as { target_uri?: string } | undefined;
        return channel?.id === channelId || playback?.target_uri === `channel:${channelId}`;
      })
      .map((event) => event.type);
  }

  return { client, events, waitForEvent, waitForConnections, typesFor };
}

/** The error message ari-client rejects with is the response body. */
export async function rejectionBody(operation: PromiseLike<unknown>): Promise<unknown> {
  try {
    await operation;
  } catch (error) {
    return JSON.parse((error as Error).message);
  }
  throw new Error('the request succeeded');
}
