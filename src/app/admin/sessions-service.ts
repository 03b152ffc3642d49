import { randomBytes } from 'node:crypto';
import { afterFailure, nextTryAt, type FailedAuthLimits } from '../../domain/access/failed-authentications';
import { signInEmailKey } from '../../domain/access/sign-in-email';
import { afterUse, newSessionTimes, sessionEndsAt, sessionStanding, type SessionLimits } from '../../domain/access/session-expiry';
import type { Logger } from '../../logger';
import type { AdminUser } from '../ports/admin-stores';
import type { Clock } from '../ports/clock-and-ids';
import type { SessionRecord, SignInStores } from '../ports/sign-in-stores';
import { hashTokenSecret } from './api-tokens';
import type { PrincipalOfUser } from './authenticator';
import type { PasswordHasher } from './password-hashing';
import type { Principal } from './roles';

/** A signed-in person's session as the portal sees it: never the session's secret. */
export interface SessionView {
  sessionId: string;
  user: AdminUser;
  csrfToken: string;
  /** When it ends unless used again (the idle expiry, never after the absolute one). */
  expiresAt: number;
}

export type SignInResult =
  /** `secret` goes into the cookie and nowhere else; only its hash is stored. */
  | { kind: 'signed-in'; secret: string; session: SessionView }
  /** A wrong password, an unknown e-mail address, a deleted or a deactivated user: one answer for all. */
  | { kind: 'refused' }
  /** Too many wrong passwords for this e-mail address lately: nothing is checked for `retryInMs`. */
  | { kind: 'locked'; retryInMs: number };

export interface SessionsService {
  signIn(email: string, password: string): Promise<SignInResult>;
  /** The principal behind a session cookie's value, with its session; null when unknown, revoked or expired. Records the use. */
  resolve(secret: string): Promise<{ principal: Principal; session: SessionView } | null>;
  signOut(sessionId: string): Promise<void>;
}

const SECRET_BYTES = 32;

export function createSessionsService(deps: {
  stores: SignInStores;
  hasher: PasswordHasher;
  principalOf: PrincipalOfUser;
  lockout: FailedAuthLimits;
  limits: SessionLimits;
  clock: Pick<Clock, 'now'>;
  logger: Logger;
}): SessionsService {
  const { stores, hasher, lockout, limits, clock } = deps;
  /** Checked against when there is no password to check, so an unknown address takes as long as a wrong password. */
  let decoy: ReturnType<PasswordHasher['hash']> | null = null;

  async function passwordMatches(email: string, password: string): Promise<AdminUser | null> {
    const candidates = (await stores.passwords.findByEmail(email.trim())).filter((candidate) => candidate.password !== null);
    if (candidates.length > 1) {
      deps.logger.warn({ userIds: candidates.map((candidate) => candidate.user.id) }, 'sign-in e-mail address shared by several users');
    }
    const only = candidates.length === 1 ? candidates[0] : undefined;
    if (only?.password) {
      if (!(await hasher.verify(password, only.password))) return null;
      // Checked after the password, so a deactivated user's answer is a wrong password's, as slow and as silent.
      if (only.user.deactivatedAt !== null) return null;
      if (hasher.isOutdated(only.password)) await stores.passwords.setPassword(only.user.id, await hasher.hash(password), clock.now());
      return only.user;
    }
    decoy ??= hasher.hash(randomBytes(SECRET_BYTES).toString('base64url'));
    await hasher.verify(password, await decoy);
    return null;
  }

  function view(session: SessionRecord, user: AdminUser): SessionView {
    return { sessionId: session.id, user, csrfToken: session.csrfToken, expiresAt: sessionEndsAt(session) };
  }

  return {
    async signIn(email, password) {
      const emailKey = signInEmailKey(email);
      const at = clock.now();
      // Counted before the (slow) check and forgotten on success: tries sent in parallel cannot slip past the lock-out.
      const recent = await stores.signInFailures.update(
        emailKey,
        (failures) => (nextTryAt(failures, at, lockout) === null ? afterFailure(failures, at, lockout) : null),
        at - lockout.windowMs,
      );
      const retryAt = nextTryAt(recent, at, lockout);
      if (retryAt !== null) return { kind: 'locked', retryInMs: retryAt - at };
      const user = await passwordMatches(email, password);
      if (user === null) return { kind: 'refused' };
      await stores.signInFailures.clear(emailKey);
      const secret = randomBytes(SECRET_BYTES).toString('base64url');
      const session = await stores.sessions.create({
        userId: user.id,
        sessionHash: hashTokenSecret(secret),
        csrfToken: randomBytes(SECRET_BYTES).toString('base64url'),
        times: newSessionTimes(clock.now(), limits),
      });
      return { kind: 'signed-in', secret, session: view(session, user) };
    },

    async resolve(secret) {
      const found = await stores.sessions.findActive(hashTokenSecret(secret));
      if (!found) return null;
      const at = clock.now();
      if (sessionStanding(found.session, at) !== 'active') return null;
      const used = afterUse(found.session, at, limits);
      if (used !== null) await stores.sessions.touch(found.session.id, used);
      const session = { ...found.session, ...used };
      return { principal: await deps.principalOf(found.user, session.id), session: view(session, found.user) };
    },

    async signOut(sessionId) {
      await stores.sessions.revoke(sessionId, clock.now());
    },
  };
}
