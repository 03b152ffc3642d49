import { stillRecent, withFailure, type RecentFailures } from './recent-failures';

/**
 * Limits on failed authentications, counted per client address (a wrong or
 * revoked bearer token, a wrong password) and per account (wrong passwords
 * for one e-mail address): at most `maxFailures` within any `windowMs`; then
 * the address or account waits until the oldest of them is `windowMs` old.
 * While it waits, no credential for it is even checked, so guessing gets no
 * answer at all, and no further failure is counted.
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

/**
 * The account lock-out: 5 wrong passwords within 15 minutes and the account
 * waits until the first of them is 15 minutes old, the right password
 * included (5 quick guesses lock it for 15 minutes). The count is per e-mail
 * address as typed, known or not, so the lock-out does not reveal which
 * addresses have an account. It lets a stranger lock someone out for a
 * quarter of an hour at a time, at the cost of 5 requests that the address
 * limit above also counts; guessing stays at 20 passwords an hour.
 */
export const DEFAULT_ACCOUNT_LOCKOUT_LIMITS: FailedAuthLimits = { maxFailures: 5, windowMs: 15 * 60_000 };

/** When the address or account may try again: null for now, else the instant. */
export function nextTryAt(recent: RecentFailures, at: number, limits: FailedAuthLimits): number | null {
  const inWindow = stillRecent(recent, at, limits.windowMs);
  const oldest = inWindow.length >= limits.maxFailures ? inWindow[inWindow.length - limits.maxFailures] : undefined;
  return oldest === undefined ? null : oldest + limits.windowMs;
}

/** The recent failures (of an address or an account) after one more at `at` (only as many as the limit asks about are kept). */
export function afterFailure(recent: RecentFailures, at: number, limits: FailedAuthLimits): RecentFailures {
  return withFailure(recent, at, limits.windowMs, limits.maxFailures);
}
