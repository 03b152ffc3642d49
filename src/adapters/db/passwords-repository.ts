import type { AdminUser } from '../../app/ports/admin-stores';
import type { RecentFailures } from '../../domain/access/recent-failures';
import type { PasswordHash, PasswordStore, ResetCodeRecord, SignInFailureStore } from '../../app/ports/sign-in-stores';
import { newId } from './new-id';
import type { SqlDatabase, SqlStatements } from './sql/sql-database';
import { revokeSessionsOf, toUser, type UserRow } from './users-repository';

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
  constructor(private readonly db: SqlDatabase) {}

  async findByEmail(email: string): Promise<Array<{ user: AdminUser; password: PasswordHash | null }>> {
    const rows = await this.db.all<UserWithPasswordRow>(
      `SELECT ${USER_COLUMNS}, ${PASSWORD_COLUMNS}
         FROM users u LEFT JOIN password_credentials p ON p.user_id = u.id
        WHERE lower(u.email) = lower($1) AND u.deleted_at IS NULL
        ORDER BY u.created_at, u.id`,
      [email],
    );
    return rows.map((row) => ({ user: toUser(row), password: toPassword(row) }));
  }

  async setPassword(userId: string, password: PasswordHash, at: number): Promise<void> {
    await upsertPassword(this.db, userId, password, at);
  }

  async issueResetCode(
    input: { userId: string; codeHash: string; issuedBy: { via: 'api'; userId: string } | { via: 'command-line' }; expiresAt: number },
    at: number,
  ): Promise<ResetCodeRecord> {
    const row: ResetCodeRow = { id: newId('reset'), user_id: input.userId, created_at: at, expires_at: input.expiresAt, used_at: null };
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM password_reset_codes WHERE user_id = $1 AND used_at IS NULL', [row.user_id]);
      await tx.run(
        `INSERT INTO password_reset_codes (id, user_id, code_hash, issued_by_user_id, issued_via, created_at, expires_at, used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          row.id,
          row.user_id,
          input.codeHash,
          input.issuedBy.via === 'api' ? input.issuedBy.userId : null,
          input.issuedBy.via,
          row.created_at,
          row.expires_at,
          row.used_at,
        ],
      );
    });
    return toResetCode(row);
  }

  async findResetCode(codeHash: string): Promise<{ code: ResetCodeRecord; user: AdminUser | null } | null> {
    const row = await this.db.get<ResetCodeRow>(
      'SELECT id, user_id, created_at, expires_at, used_at FROM password_reset_codes WHERE code_hash = $1',
      [codeHash],
    );
    if (!row) return null;
    const user = await this.db.get<UserWithPasswordRow>(
      `SELECT ${USER_COLUMNS}, ${PASSWORD_COLUMNS}
         FROM users u LEFT JOIN password_credentials p ON p.user_id = u.id
        WHERE u.id = $1 AND u.deleted_at IS NULL`,
      [row.user_id],
    );
    return { code: toResetCode(row), user: user ? toUser(user) : null };
  }

  async resetPassword(input: { codeId: string; userId: string; password: PasswordHash; emailKey: string }, at: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if ((await tx.run('UPDATE password_reset_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL', [at, input.codeId])) === 0) {
        return false;
      }
      await upsertPassword(tx, input.userId, input.password, at);
      await revokeSessionsOf(tx, input.userId, at);
      await deleteFailures(tx, input.emailKey);
      return true;
    });
  }

  async pruneResetCodes(at: number): Promise<number> {
    // Spent as resetCodeUsable (domain/access/password-reset.ts) says: used, or at or past its expiry.
    return this.db.run('DELETE FROM password_reset_codes WHERE used_at IS NOT NULL OR expires_at <= $1', [at]);
  }

  async update(emailKey: string, next: (recent: RecentFailures) => RecentFailures | null, forgetBefore: number): Promise<RecentFailures> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.all<{ failed_at: number }>('SELECT failed_at FROM sign_in_failures WHERE email_key = $1 ORDER BY failed_at', [
        emailKey,
      ]);
      const recent = rows.map((row) => row.failed_at);
      const failures = next(recent);
      if (failures === null) return recent;
      await tx.run('DELETE FROM sign_in_failures WHERE failed_at < $1', [forgetBefore]);
      await deleteFailures(tx, emailKey);
      for (const failedAt of failures)
        await tx.run('INSERT INTO sign_in_failures (email_key, failed_at) VALUES ($1, $2)', [emailKey, failedAt]);
      return recent;
    });
  }

  async clear(emailKey: string): Promise<void> {
    await deleteFailures(this.db, emailKey);
  }
}

async function upsertPassword(on: SqlStatements, userId: string, password: PasswordHash, at: number): Promise<void> {
  await on.run(
    `INSERT INTO password_credentials (user_id, algorithm, cost, block_size, parallelism, salt, hash, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (user_id) DO UPDATE SET algorithm = excluded.algorithm, cost = excluded.cost, block_size = excluded.block_size,
       parallelism = excluded.parallelism, salt = excluded.salt, hash = excluded.hash, updated_at = excluded.updated_at`,
    [userId, password.algorithm, password.cost, password.blockSize, password.parallelism, password.salt, password.hash, at],
  );
}

async function deleteFailures(on: SqlStatements, emailKey: string): Promise<void> {
  await on.run('DELETE FROM sign_in_failures WHERE email_key = $1', [emailKey]);
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
