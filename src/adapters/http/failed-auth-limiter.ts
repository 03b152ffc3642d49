import { isIPv6 } from 'node:net';
import type { Request } from 'express';
import { afterFailure, nextTryAt, type FailedAuthLimits } from '../../domain/access/failed-authentications';
import type { RecentFailures } from '../../domain/access/recent-failures';
import { ApiError } from './api-error';

/** Addresses remembered at once; beyond, the least recently failing are forgotten (memory stays bounded whatever the traffic). */
const MAX_TRACKED_ADDRESSES = 10_000;

/**
 * Failed authentications per client address (the domain's rule,
 * failed-authentications.ts), for every way of signing in: bearer tokens
 * here, the portal's session sign-in alike. The address is the request's
 * `req.ip`: behind a reverse proxy set `trust proxy` (KVORUM_TRUST_PROXY) to
 * the proxy's address, or every client shares the proxy's. An IPv6 client is
 * counted by its /64, which it usually holds whole. Counts live in this
 * process's memory.
 */
export interface FailedAuthLimiter {
  /** Answers 429 with Retry-After (throws) while the client's address must wait; call before checking credentials. */
  refuseWhileLimited(req: Request): void;
  /** Counts a failed authentication from the client's address (credentials given and wrong, not missing). */
  failed(req: Request): void;
}

export function createFailedAuthLimiter(options: { limits: FailedAuthLimits; now: () => number }): FailedAuthLimiter {
  const { limits, now } = options;
  /** By address, least recently failing first. */
  const failures = new Map<string, RecentFailures>();

  return {
    refuseWhileLimited(req) {
      const recent = failures.get(clientKey(req));
      const at = now();
      const retryAt = recent === undefined ? null : nextTryAt(recent, at, limits);
      if (retryAt !== null) throw tooManyFailures('from your address', retryAt - at);
    },

    failed(req) {
      const key = clientKey(req);
      const recent = afterFailure(failures.get(key) ?? [], now(), limits);
      failures.delete(key);
      failures.set(key, recent);
      for (const oldest of failures.keys()) {
        if (failures.size <= MAX_TRACKED_ADDRESSES) break;
        failures.delete(oldest);
      }
    },
  };
}

/** 429 with Retry-After in whole seconds (at least one), for an address or an account that must wait `waitMs`. */
export function tooManyFailures(whose: string, waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError(
    429,
    { error: 'too-many-requests', message: `too many failed sign-ins ${whose}: try again in ${seconds} s` },
    { 'Retry-After': String(seconds) },
  );
}

function clientKey(req: Request): string {
  const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  return isIPv6(address) ? `${ipv6Prefix64(address)}::/64` : address;
}

/** The first four groups of an IPv6 address, written out (`2001:db8::1` → `2001:db8:0:0`). */
function ipv6Prefix64(address: string): string {
  const [head = '', tail = ''] = address.split('%')[0]?.split('::') ?? [];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...headGroups, ...new Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':');
}
