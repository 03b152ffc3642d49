import type { Simulator } from '../simulator';

/** ARI traffic between Kvorum and the simulator, counted by operation and by event type. */
export interface Traffic {
  /** REST requests by operation, e.g. `POST channels/{id}/play`. */
  requests: Record<string, number>;
  /** Bytes of request line (path and query) per operation: what the URL costs to build and write. */
  requestPathBytes: Record<string, number>;
  /** Events written to Kvorum's WebSocket, by type. */
  events: Record<string, number>;
  eventBytes: number;
}

export interface TrafficCounter {
  reset(): void;
  read(): Traffic;
}

/** Counts what the simulators (one, or the servers of a cluster) receive and send; ids in paths are folded so that requests group by what they do. */
export function countTraffic(sims: readonly Simulator[]): TrafficCounter {
  let traffic = empty();
  for (const sim of sims) {
    sim.onRequest(({ method, path }) => {
      const operation = `${method} ${operationOf(path)}`;
      traffic.requests[operation] = (traffic.requests[operation] ?? 0) + 1;
      traffic.requestPathBytes[operation] = (traffic.requestPathBytes[operation] ?? 0) + path.length;
    });
    sim.onEvent(({ type, bytes }) => {
      traffic.events[type] = (traffic.events[type] ?? 0) + 1;
      traffic.eventBytes += bytes;
    });
  }
  return {
    reset: () => {
      traffic = empty();
    },
    read: () => traffic,
  };
}

function empty(): Traffic {
  return { requests: {}, requestPathBytes: {}, events: {}, eventBytes: 0 };
}

/** `/ari/channels/1700000000.12/play?media=…` → `channels/{id}/play` (counted for every request: kept cheap). */
function operationOf(path: string): string {
  const query = path.indexOf('?');
  const route = path.slice('/ari/'.length, query < 0 ? path.length : query);
  const resourceEnd = route.indexOf('/');
  if (resourceEnd < 0) return route;
  const idEnd = route.indexOf('/', resourceEnd + 1);
  return `${route.slice(0, resourceEnd)}/{id}${idEnd < 0 ? '' : route.slice(idEnd)}`;
}
