/**
 * Instants of recent failures, oldest first. Only the newest `keep` are held:
 * a limit of N only ever asks "were there N failures within the window?", so
 * the memory per counter is bounded by its limit, whatever the traffic.
 */
export type RecentFailures = readonly number[];

/** The failures still inside the window that ends at `at`. */
export function stillRecent(recent: RecentFailures, at: number, windowMs: number): RecentFailures {
  const since = at - windowMs;
  const firstRecent = recent.findIndex((instant) => instant > since);
  return firstRecent === -1 ? [] : firstRecent === 0 ? recent : recent.slice(firstRecent);
}

/** Adds a failure at `at`, forgetting those outside the window and all but the newest `keep`. */
export function withFailure(recent: RecentFailures, at: number, windowMs: number, keep: number): RecentFailures {
  const next = [...stillRecent(recent, at, windowMs), at];
  return next.length > keep ? next.slice(next.length - keep) : next;
}

/**
 * The map with `key` set to `value` and moved to the end (most recently
 * failing), entries no longer `live` dropped, and at most `maxSize` entries:
 * the least recently failing are forgotten first.
 */
export function boundedWith<V>(
  map: ReadonlyMap<string, V>,
  key: string,
  value: V,
  maxSize: number,
  live: (entry: V) => boolean,
): ReadonlyMap<string, V> {
  const next = new Map<string, V>();
  for (const [otherKey, entry] of map) {
    if (otherKey !== key && live(entry)) next.set(otherKey, entry);
  }
  next.set(key, value);
  for (const oldest of next.keys()) {
    if (next.size <= maxSize) break;
    next.delete(oldest);
  }
  return next;
}
