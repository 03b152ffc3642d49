import type { AdminUser } from '../../app/ports/admin-stores';
import type { SessionTimes } from '../../domain/access/session-expiry';
import type { SessionRecord, SessionStore } from '../../app/ports/sign-in-stores';
import { newId } from './new-id';
import type { SqlDatabase } from './sql/sql-database';
import { toUser, type UserRow } from './users-repository';

interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  idle_expires_at: number;
  expires_at: number;
  revoked_at: number | null;
}

type ActiveSessionRow = SessionRow & Omit<UserRow, 'id' | 'created_at'> & { user_created_at: number };

/** Portal sessions, stored by the SHA-256 of the cookie's value only (`0016_portal_sign_in.sql`). */
export class SessionsRepository implements SessionStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(input: { userId: string; sessionHash: string; csrfToken: string; times: SessionTimes }): Promise<SessionRecord> {
    const row: SessionRow = {
      id: newId('ses'),
      user_id: input.userId,
      csrf_token: input.csrfToken,
      created_at: input.times.createdAt,
      last_seen_at: input.times.lastSeenAt,
      idle_expires_at: input.times.idleExpiresAt,
      expires_at: input.times.expiresAt,
      revoked_at: null,
    };
    await this.db.run(
      `INSERT INTO user_sessions (id, user_id, session_hash, csrf_token, created_at, last_seen_at, idle_expires_at, expires_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        row.id,
        row.user_id,
        input.sessionHash,
        row.csrf_token,
        row.created_at,
        row.last_seen_at,
        row.idle_expires_at,
        row.expires_at,
        row.revoked_at,
      ],
    );
    return toSession(row);
  }

  async findActive(sessionHash: string): Promise<{ session: SessionRecord; user: AdminUser } | null> {
    const row = await this.db.get<ActiveSessionRow>(
      `SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.idle_expires_at, s.expires_at, s.revoked_at,
              u.organisation_id, u.name, u.email, u.role, u.shared_mailbox, u.created_at AS user_created_at, u.deactivated_at
         FROM user_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.session_hash = $1 AND s.revoked_at IS NULL AND u.deleted_at IS NULL AND u.deactivated_at IS NULL`,
      [sessionHash],
    );
    if (!row) return null;
    return {
      session: toSession(row),
      user: toUser({ ...row, id: row.user_id, created_at: row.user_created_at }),
    };
  }

  async touch(sessionId: string, times: Pick<SessionTimes, 'lastSeenAt' | 'idleExpiresAt'>): Promise<void> {
    await this.db.run('UPDATE user_sessions SET last_seen_at = $1, idle_expires_at = $2 WHERE id = $3', [
      times.lastSeenAt,
      times.idleExpiresAt,
      sessionId,
    ]);
  }

  async revoke(sessionId: string, at: number): Promise<void> {
    await this.db.run('UPDATE user_sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, sessionId]);
  }

  async pruneEnded(at: number): Promise<number> {
    // Ended as sessionStanding (domain/access/session-expiry.ts) says: at or past either expiry.
    return this.db.run('DELETE FROM user_sessions WHERE revoked_at IS NOT NULL OR idle_expires_at <= $1 OR expires_at <= $1', [at]);
  }
}

function toSession(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    idleExpiresAt: row.idle_expires_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
