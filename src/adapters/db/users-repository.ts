import type { AdminUser, PageRequest, UserPage, UserStore } from '../../app/ports/admin-stores';
import type { Role } from '../../app/admin/roles';
import type { LicenceRefusal, LicenceSpan } from '../../domain/licensing/licence-rules';
import { licencesOfUser } from './licences-repository';
import { newId } from './new-id';
import { pagedSearch } from './paged-search';
import { inSet } from './sql/parameter-lists';
import type { SqlDatabase, SqlStatements, SqlValue } from './sql/sql-database';

export interface UserRow {
  id: string;
  organisation_id: string;
  name: string;
  email: string | null;
  role: Role;
  shared_mailbox: number;
  created_at: number;
  deactivated_at: number | null;
}

const COLUMNS = 'id, organisation_id, name, email, role, shared_mailbox, created_at, deactivated_at';

/**
 * Users who may call the admin API, each with one role (`0003_admin.sql`). Deleted users stay as rows; their tokens and portal
 * sessions end. Deactivated users (`0017`) are users still: only the sign-in and token stores look past them.
 */
export class UsersRepository implements UserStore {
  private readonly selectPage;

  constructor(private readonly db: SqlDatabase) {
    // The portal's user list: a page by name, searched by a part of the name or the e-mail address.
    this.selectPage = pagedSearch<UserRow>(db, {
      columns: COLUMNS,
      from: 'users',
      searched: ['name', 'email'],
      // As SQLite's NOCASE did: ASCII case ignored, then by id.
      orderBy: 'lower(name), id',
    });
  }

  async create(
    input: { organisationId: string; name: string; email: string | null; role: Role; sharedMailbox?: boolean },
    at: number,
  ): Promise<AdminUser> {
    const row: UserRow = {
      id: newId('user'),
      organisation_id: input.organisationId,
      name: input.name,
      email: input.email,
      role: input.role,
      shared_mailbox: input.sharedMailbox ? 1 : 0,
      created_at: at,
      deactivated_at: null,
    };
    await this.db.run(`INSERT INTO users (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      row.id,
      row.organisation_id,
      row.name,
      row.email,
      row.role,
      row.shared_mailbox,
      row.created_at,
      row.deactivated_at,
    ]);
    return toUser(row);
  }

  async get(id: string): Promise<AdminUser | null> {
    const row = await this.row(id, this.db);
    return row ? toUser(row) : null;
  }

  async list(organisationIds?: ReadonlySet<string>): Promise<AdminUser[]> {
    const rows = await this.db.all<UserRow>(`SELECT ${COLUMNS} FROM users WHERE deleted_at IS NULL ORDER BY created_at, id`);
    return (organisationIds ? rows.filter((row) => organisationIds.has(row.organisation_id)) : rows).map(toUser);
  }

  async page(organisationIds: ReadonlySet<string> | undefined, request: PageRequest): Promise<UserPage> {
    const params: SqlValue[] = [];
    const where = organisationIds ? `deleted_at IS NULL AND ${inSet('organisation_id', organisationIds, params)}` : 'deleted_at IS NULL';
    const { rows, total } = await this.selectPage({ sql: where, params }, request);
    return { users: rows.map(toUser), total };
  }

  async update(
    id: string,
    patch: Partial<Pick<AdminUser, 'name' | 'email' | 'role' | 'sharedMailbox'>>,
    refusal?: (licences: readonly LicenceSpan[]) => LicenceRefusal | null,
  ): Promise<AdminUser | LicenceRefusal | null> {
    // In one transaction with the licences it reads: an assignment at the same time (licences-repository.ts) either
    // lands first and is seen here, or comes after and sees the shared mailbox.
    return this.db.transaction(async (tx) => {
      const row = await this.row(id, tx);
      if (!row) return null;
      const refused = patch.sharedMailbox === true && refusal ? refusal(await licencesOfUser(tx, id)) : null;
      if (refused) return refused;
      const updated: UserRow = {
        ...row,
        name: patch.name ?? row.name,
        email: patch.email !== undefined ? patch.email : row.email,
        role: patch.role ?? row.role,
        shared_mailbox: patch.sharedMailbox === undefined ? row.shared_mailbox : patch.sharedMailbox ? 1 : 0,
      };
      await tx.run('UPDATE users SET name = $1, email = $2, role = $3, shared_mailbox = $4 WHERE id = $5', [
        updated.name,
        updated.email,
        updated.role,
        updated.shared_mailbox,
        id,
      ]);
      return toUser(updated);
    });
  }

  async delete(id: string, at: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('UPDATE users SET deleted_at = $1 WHERE id = $2', [at, id]);
      await tx.run('UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, id]);
      await revokeSessionsOf(tx, id, at);
    });
  }

  async deactivate(id: string, at: number): Promise<AdminUser | null> {
    return this.db.transaction(async (tx) => {
      const marked = await tx.run('UPDATE users SET deactivated_at = $1 WHERE id = $2 AND deleted_at IS NULL AND deactivated_at IS NULL', [
        at,
        id,
      ]);
      if (marked > 0) await revokeSessionsOf(tx, id, at);
      const row = await this.row(id, tx);
      return row ? toUser(row) : null;
    });
  }

  async reactivate(id: string): Promise<AdminUser | null> {
    return this.db.transaction(async (tx) => {
      await tx.run('UPDATE users SET deactivated_at = NULL WHERE id = $1 AND deleted_at IS NULL', [id]);
      const row = await this.row(id, tx);
      return row ? toUser(row) : null;
    });
  }

  private row(id: string, on: SqlStatements): Promise<UserRow | undefined> {
    return on.get<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL`, [id]);
  }
}

/** Ends the user's portal sessions (a deletion, a deactivation, a password reset). */
export async function revokeSessionsOf(tx: SqlStatements, userId: string, at: number): Promise<void> {
  await tx.run('UPDATE user_sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, userId]);
}

/** A user row as the stores hand it on (also to the sign-in repositories, which join users). */
export function toUser(row: UserRow): AdminUser {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    email: row.email,
    role: row.role,
    sharedMailbox: row.shared_mailbox === 1,
    createdAt: row.created_at,
    deactivatedAt: row.deactivated_at,
  };
}
