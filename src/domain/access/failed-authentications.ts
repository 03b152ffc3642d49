import { stillRecent, withFailure, type RecentFailures } from './recent-failures';

/**
 * Limits on failed authentications from one client address (a wrong or
 * revoked bearer token, a wrong password): at most `maxFailures` within any
 * `windowMs`; then the address waits until the oldest of them is `windowMs`
 * old. While it waits, no credential from it is even checked, so guessing
 * gets no answer at all.
 */
export interface FailedAuthLimits {
  maxFailures: number;
  windowMs: number;
}

/**
 * 20 in 10 minutes: far more than a person mistyping or a script with a
 * revoked token needs to notice, far too few to guess a password (and a
 * bearer token has 256 bits); the wait is at most 10 minutes.
 */
export const DEFAULT_FAILED_AUTH_LIMITS: FailedAuthLimits = { maxFailures: 20, windowMs: 10 * 60_000 };

/** When the address may try again: null for now, else the instant. */
export function nextTryAt(recent: RecentFailures, at: number, limits: FailedAuthLimits): number | null {
  const inWindow = stillRecent(recent, at, limits.windowMs);
  const oldest = inWindow.length >= limits.maxFailures ? inWindow[inWindow.length - limits.maxFailures] : undefined;
  return oldest === undefined ? null : oldest + limits.windowMs;
}

/** The address's recent failures after one more at `at` (only as many as the limit asks about are kept). */
export function afterFailure(recent: RecentFailures, at: number, limits: FailedAuthLimits): RecentFailures {
  return withFailure(recent, at, limits.windowMs, limits.maxFailures);
}
