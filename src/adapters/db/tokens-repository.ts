import type { AdminUser, ApiToken, TokenIssuer, TokenStore } from '../../app/ports/admin-stores';
import { assertNever } from '../../domain/assert-never';
import { newId } from './new-id';
import type { SqlDatabase } from './sql/sql-database';
import { toUser, type UserRow } from './users-repository';

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  issued_by_user_id: string | null;
  issued_via: TokenIssuer['via'];
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

type ActiveTokenRow = TokenRow & Omit<UserRow, 'id' | 'name' | 'created_at'> & { user_name: string; user_created_at: number };

const COLUMNS = 'id, user_id, name, issued_by_user_id, issued_via, created_at, last_used_at, revoked_at';

/** Bearer tokens of the admin API, stored as SHA-256 hashes only (`0003_admin.sql`), with who issued them (`0010`). */
export class TokensRepository implements TokenStore {
  constructor(private readonly db: SqlDatabase) {}

  async create(input: { userId: string; name: string; tokenHash: string; issuedBy: TokenIssuer }, at: number): Promise<ApiToken> {
    const row: TokenRow = {
      id: newId('tok'),
      user_id: input.userId,
      name: input.name,
      issued_by_user_id: input.issuedBy.via === 'api' ? input.issuedBy.userId : null,
      issued_via: input.issuedBy.via,
      created_at: at,
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.run(
      `INSERT INTO api_tokens (id, user_id, name, issued_by_user_id, issued_via, token_hash, created_at, last_used_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        row.id,
        row.user_id,
        row.name,
        row.issued_by_user_id,
        row.issued_via,
        input.tokenHash,
        row.created_at,
        row.last_used_at,
        row.revoked_at,
      ],
    );
    return toToken(row);
  }

  async findActive(tokenHash: string): Promise<{ token: ApiToken; user: AdminUser } | null> {
    const row = await this.db.get<ActiveTokenRow>(
      `SELECT t.id, t.user_id, t.name, t.issued_by_user_id, t.issued_via, t.created_at, t.last_used_at, t.revoked_at,
              u.organisation_id, u.name AS user_name, u.email, u.role, u.shared_mailbox, u.created_at AS user_created_at,
              u.deactivated_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.deleted_at IS NULL AND u.deactivated_at IS NULL`,
      [tokenHash],
    );
    if (!row) return null;
    return {
      token: toToken(row),
      user: toUser({ ...row, id: row.user_id, name: row.user_name, created_at: row.user_created_at }),
    };
  }

  async markUsed(tokenId: string, at: number): Promise<void> {
    await this.db.run('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [at, tokenId]);
  }

  async get(id: string): Promise<ApiToken | null> {
    const row = await this.db.get<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [id]);
    return row ? toToken(row) : null;
  }

  async listForUser(userId: string): Promise<ApiToken[]> {
    const rows = await this.db.all<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
    return rows.map(toToken);
  }

  async revoke(id: string, at: number): Promise<void> {
    await this.db.run('UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
  }
}

function toToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    issuedBy: issuerOf(row),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function issuerOf(row: TokenRow): TokenIssuer {
  switch (row.issued_via) {
    case 'api':
      if (row.issued_by_user_id === null) throw new Error(`token ${row.id} was issued over the API by nobody`);
      return { via: 'api', userId: row.issued_by_user_id };
    case 'command-line':
    case 'unrecorded':
      return { via: row.issued_via };
    default:
      return assertNever(row.issued_via);
  }
}
