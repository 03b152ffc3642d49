/**
 * The storage of people's sign-in to the portal: passwords, sessions, failed
 * sign-ins and reset codes. Secrets arrive here already hashed.
 */
import type { RecentFailures } from '../../domain/access/recent-failures';
import type { SessionTimes } from '../../domain/access/session-expiry';
import type { ResetCodeState } from '../../domain/access/password-reset';
import type { AdminUser } from './admin-stores';

/** A password hash with the scrypt parameters and the salt it was made with. */
export interface PasswordHash {
  algorithm: 'scrypt';
  cost: number;
  blockSize: number;
  parallelism: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

/** A reset code as stored: never the code itself. */
export interface ResetCodeRecord extends ResetCodeState {
  id: string;
  userId: string;
  createdAt: number;
}

export interface PasswordStore {
  /** Users (not deleted; deactivated ones too, so that refusing them takes as long as a wrong password) whose e-mail is `email` (ASCII case ignored), with their password hashes when they have one. */
  findByEmail(email: string): Promise<Array<{ user: AdminUser; password: PasswordHash | null }>>;
  /** Replaces the user's password hash (a sign-in that re-hashes with newer parameters). */
  setPassword(userId: string, password: PasswordHash, at: number): Promise<void>;
  /** Stores a new reset code for the user and retires its unused older ones, in one transaction. */
  issueResetCode(
    input: { userId: string; codeHash: string; issuedBy: { via: 'api'; userId: string } | { via: 'command-line' }; expiresAt: number },
    at: number,
  ): Promise<ResetCodeRecord>;
  /** The reset code with this hash, used or not, and its user when the user is not deleted. */
  findResetCode(codeHash: string): Promise<{ code: ResetCodeRecord; user: AdminUser | null } | null>;
  /**
   * Uses the code and sets the password, revokes every session of the user and
   * forgets the failed sign-ins of `emailKey`, all or nothing; false (nothing
   * changed) when the code was used meanwhile.
   */
  resetPassword(input: { codeId: string; userId: string; password: PasswordHash; emailKey: string }, at: number): Promise<boolean>;
  /** Forgets the codes that can no longer be used at `at` (used or expired); how many. */
  pruneResetCodes(at: number): Promise<number>;
}

export interface SignInFailureStore {
  /**
   * Reads the account's recent failed sign-ins (oldest first) and answers
   * them; unless `next` makes null of them, replaces them with what it
   * makes and forgets everyone's failures older than `forgetBefore`. All in
   * one transaction, so that tries sent in parallel each count.
   */
  update(emailKey: string, next: (recent: RecentFailures) => RecentFailures | null, forgetBefore: number): Promise<RecentFailures>;
  clear(emailKey: string): Promise<void>;
}

export interface SessionRecord extends SessionTimes {
  id: string;
  userId: string;
  csrfToken: string;
  revokedAt: number | null;
}

export interface SessionStore {
  create(input: { userId: string; sessionHash: string; csrfToken: string; times: SessionTimes }): Promise<SessionRecord>;
  /** The unrevoked session with this hash, expired or not, and its user, when that user is neither deleted nor deactivated. */
  findActive(sessionHash: string): Promise<{ session: SessionRecord; user: AdminUser } | null>;
  /** Records a use: the new last-seen and idle expiry. */
  touch(sessionId: string, times: Pick<SessionTimes, 'lastSeenAt' | 'idleExpiresAt'>): Promise<void>;
  revoke(sessionId: string, at: number): Promise<void>;
  /** Forgets the sessions that can no longer be used at `at` (signed out, revoked or expired); how many. */
  pruneEnded(at: number): Promise<number>;
}

export interface SignInStores {
  passwords: PasswordStore;
  signInFailures: SignInFailureStore;
  sessions: SessionStore;
}
