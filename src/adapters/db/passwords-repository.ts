import type { AdminUser } from '../../app/ports/admin-stores';
import type { RecentFailures } from '../../domain/access/recent-failures';
import type { PasswordHash, PasswordStore, ResetCodeRecord, SignInFailureStore } from '../../app/ports/sign-in-stores';
import type { Database } from './database';
import { newId } from './new-id';
import { toUser, type UserRow } from './users-repository';

interface UserWithPasswordRow extends UserRow {
  algorithm: 'scrypt' | null;
  cost: number | null;
  block_size: number | null;
  parallelism: number | null;
  salt: string | null;
  hash: string | null;
}

interface ResetCodeRow {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

const USER_COLUMNS = 'u.id, u.organisation_id, u.name, u.email, u.role, u.shared_mailbox, u.created_at, u.deactivated_at';
const PASSWORD_COLUMNS = 'p.algorithm, p.cost, p.block_size, p.parallelism, p.salt, p.hash';

/**
 * Passwords (scrypt hashes with their parameters), one-time reset codes
 * (SHA-256 hashes) and failed sign-ins per e-mail address (`0016_portal_sign_in.sql`).
 */
export class PasswordsRepository implements PasswordStore, SignInFailureStore {
  private readonly selectByEmail;
  private readonly upsertPassword;
  private readonly retireResetCodes;
  private readonly insertResetCode;
  private readonly selectResetCode;
  private readonly selectUser;
  private readonly useResetCode;
  private readonly revokeSessions;
  private readonly selectFailures;
  private readonly deleteFailures;
  private readonly insertFailure;
  private readonly forgetFailures;
  private readonly issueCode;
  private readonly reset;
  private readonly replaceFailures;
  private readonly deleteSpentCodes;

  constructor(db: Database) {
    this.selectByEmail = db.prepare<[string], UserWithPasswordRow>(
      `SELECT ${USER_COLUMNS}, ${PASSWORD_COLUMNS}
         FROM users u LEFT JOIN password_credentials p ON p.user_id = u.id
        WHERE lower(u.email) = lower(?) AND u.deleted_at IS NULL
        ORDER BY u.created_at, u.id`,
    );
    this.upsertPassword = db.prepare<[{ user_id: string; updated_at: number } & Record<keyof PasswordHash, string | number>]>(
      `INSERT INTO password_credentials (user_id, algorithm, cost, block_size, parallelism, salt, hash, updated_at)
       VALUES (@user_id, @algorithm, @cost, @blockSize, @parallelism, @salt, @hash, @updated_at)
       ON CONFLICT (user_id) DO UPDATE SET algorithm = excluded.algorithm, cost = excluded.cost, block_size = excluded.block_size,
         parallelism = excluded.parallelism, salt = excluded.salt, hash = excluded.hash, updated_at = excluded.updated_at`,
    );
    this.retireResetCodes = db.prepare<[string]>('DELETE FROM password_reset_codes WHERE user_id = ? AND used_at IS NULL');
    this.insertResetCode = db.prepare<
      [
        ResetCodeRow & {
          code_hash: string;
          issued_by_user_id: string | null;
          issued_via: 'api' | 'command-line';
        },
      ]
    >(
      `INSERT INTO password_reset_codes (id, user_id, code_hash, issued_by_user_id, issued_via, created_at, expires_at, used_at)
       VALUES (@id, @user_id, @code_hash, @issued_by_user_id, @issued_via, @created_at, @expires_at, @used_at)`,
    );
    this.selectResetCode = db.prepare<[string], ResetCodeRow>(
      'SELECT id, user_id, created_at, expires_at, used_at FROM password_reset_codes WHERE code_hash = ?',
    );
    this.selectUser = db.prepare<[string], UserWithPasswordRow>(
      `SELECT ${USER_COLUMNS}, ${PASSWORD_COLUMNS}
         FROM users u LEFT JOIN password_credentials p ON p.user_id = u.id
        WHERE u.id = ? AND u.deleted_at IS NULL`,
    );
    this.useResetCode = db.prepare<[number, string]>('UPDATE password_reset_codes SET used_at = ? WHERE id = ? AND used_at IS NULL');
    this.revokeSessions = db.prepare<[number, string]>('UPDATE user_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL');
    this.selectFailures = db.prepare<[string], { failed_at: number }>(
      'SELECT failed_at FROM sign_in_failures WHERE email_key = ? ORDER BY failed_at',
    );
    this.deleteFailures = db.prepare<[string]>('DELETE FROM sign_in_failures WHERE email_key = ?');
    this.insertFailure = db.prepare<[string, number]>('INSERT INTO sign_in_failures (email_key, failed_at) VALUES (?, ?)');
    this.forgetFailures = db.prepare<[number]>('DELETE FROM sign_in_failures WHERE failed_at < ?');
    // Spent as resetCodeUsable (domain/access/password-reset.ts) says: used, or at or past its expiry.
    this.deleteSpentCodes = db.prepare<[number]>('DELETE FROM password_reset_codes WHERE used_at IS NOT NULL OR expires_at <= ?');

    this.issueCode = db.transaction((row: Parameters<typeof this.insertResetCode.run>[0]) => {
      this.retireResetCodes.run(row.user_id);
      this.insertResetCode.run(row);
    });
    this.reset = db.transaction(
      (input: { codeId: string; userId: string; password: PasswordHash; emailKey: string }, at: number): boolean => {
        if (this.useResetCode.run(at, input.codeId).changes === 0) return false;
        this.setPassword(input.userId, input.password, at);
        this.revokeSessions.run(at, input.userId);
        this.deleteFailures.run(input.emailKey);
        return true;
      },
    );
    this.replaceFailures = db.transaction((emailKey: string, failures: RecentFailures, forgetBefore: number) => {
      this.forgetFailures.run(forgetBefore);
      this.deleteFailures.run(emailKey);
      for (const failedAt of failures) this.insertFailure.run(emailKey, failedAt);
    });
  }

  findByEmail(email: string): Array<{ user: AdminUser; password: PasswordHash | null }> {
    return this.selectByEmail.all(email).map((row) => ({ user: toUser(row), password: toPassword(row) }));
  }

  setPassword(userId: string, password: PasswordHash, at: number): void {
    this.upsertPassword.run({ user_id: userId, updated_at: at, ...password });
  }

  issueResetCode(
    input: { userId: string; codeHash: string; issuedBy: { via: 'api'; userId: string } | { via: 'command-line' }; expiresAt: number },
    at: number,
  ): ResetCodeRecord {
    const row: ResetCodeRow = { id: newId('reset'), user_id: input.userId, created_at: at, expires_at: input.expiresAt, used_at: null };
    this.issueCode({
      ...row,
      code_hash: input.codeHash,
      issued_by_user_id: input.issuedBy.via === 'api' ? input.issuedBy.userId : null,
      issued_via: input.issuedBy.via,
    });
    return toResetCode(row);
  }

  findResetCode(codeHash: string): { code: ResetCodeRecord; user: AdminUser | null } | null {
    const row = this.selectResetCode.get(codeHash);
    if (!row) return null;
    const user = this.selectUser.get(row.user_id);
    return { code: toResetCode(row), user: user ? toUser(user) : null };
  }

  resetPassword(input: { codeId: string; userId: string; password: PasswordHash; emailKey: string }, at: number): boolean {
    return this.reset(input, at);
  }

  pruneResetCodes(at: number): number {
    return this.deleteSpentCodes.run(at).changes;
  }

  recent(emailKey: string): RecentFailures {
    return this.selectFailures.all(emailKey).map((row) => row.failed_at);
  }

  replace(emailKey: string, failures: RecentFailures, forgetBefore: number): void {
    this.replaceFailures(emailKey, failures, forgetBefore);
  }

  clear(emailKey: string): void {
    this.deleteFailures.run(emailKey);
  }
}

function toPassword(row: UserWithPasswordRow): PasswordHash | null {
  if (row.algorithm === null || row.cost === null || row.block_size === null || row.parallelism === null) return null;
  if (row.salt === null || row.hash === null) return null;
  return {
    algorithm: row.algorithm,
    cost: row.cost,
    blockSize: row.block_size,
    parallelism: row.parallelism,
    salt: row.salt,
    hash: row.hash,
  };
}

function toResetCode(row: ResetCodeRow): ResetCodeRecord {
  return { id: row.id, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at };
}
