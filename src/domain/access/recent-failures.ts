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
