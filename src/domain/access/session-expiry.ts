/**
 * How long a portal session lasts. A session ends when it has not been used
 * for `idleMs` (someone walked away from the browser) and at the latest
 * `absoluteMs` after sign-in, however busy (a stolen cookie is not good
 * forever). Use is recorded at most every `touchEveryMs`: writing it on every
 * request would be a durable write per API call.
 */
export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
  touchEveryMs: number;
}

/** 1 hour idle, 12 hours at most (a working day), use recorded to the minute. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 60 * 60_000, absoluteMs: 12 * 60 * 60_000, touchEveryMs: 60_000 };

/** The instants a session keeps: when it was last used and when it ends if unused, and when it ends at the latest. */
export interface SessionTimes {
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  expiresAt: number;
}

export function newSessionTimes(at: number, limits: SessionLimits): SessionTimes {
  const expiresAt = at + limits.absoluteMs;
  return { createdAt: at, lastSeenAt: at, idleExpiresAt: Math.min(at + limits.idleMs, expiresAt), expiresAt };
}

export type SessionStanding = 'active' | 'idle-expired' | 'expired';

/** Whether the session may be used at `at`. */
export function sessionStanding(session: SessionTimes, at: number): SessionStanding {
  if (at >= session.expiresAt) return 'expired';
  if (at >= session.idleExpiresAt) return 'idle-expired';
  return 'active';
}

/** The session's times after a use at `at` (an active session), or null when the last recorded use is recent enough to keep. */
export function afterUse(session: SessionTimes, at: number, limits: SessionLimits): SessionTimes | null {
  if (at - session.lastSeenAt < limits.touchEveryMs) return null;
  return { ...session, lastSeenAt: at, idleExpiresAt: Math.min(at + limits.idleMs, session.expiresAt) };
}

/** When the session ends unless it is used again: the idle expiry (never after the absolute one). */
export function sessionEndsAt(session: SessionTimes): number {
  return Math.min(session.idleExpiresAt, session.expiresAt);
}
