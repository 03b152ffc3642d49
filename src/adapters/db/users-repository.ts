import type { AdminUser, PageRequest, UserPage, UserStore } from '../../app/ports/admin-stores';
import type { Role } from '../../app/admin/roles';
import type { Database } from './database';
import { newId } from './new-id';
import { pagedSearch } from './paged-search';

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
  private readonly insertRow;
  private readonly selectById;
  private readonly selectAll;
  private readonly selectPage;
  private readonly updateRow;
  private readonly markDeleted;
  private readonly revokeTokens;
  private readonly revokeSessions;
  private readonly deleteUser;
  private readonly markDeactivated;
  private readonly deactivateUser;
  private readonly markReactivated;

  constructor(db: Database) {
    this.insertRow = db.prepare<[UserRow]>(
      `INSERT INTO users (${COLUMNS}) VALUES (@id, @organisation_id, @name, @email, @role, @shared_mailbox, @created_at, @deactivated_at)`,
    );
    this.selectById = db.prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ? AND deleted_at IS NULL`);
    this.selectAll = db.prepare<[], UserRow>(`SELECT ${COLUMNS} FROM users WHERE deleted_at IS NULL ORDER BY created_at, id`);
    // The portal's user list: a page by name, searched by a part of the name or the e-mail address.
    this.selectPage = pagedSearch<{ organisationIds: string | null }, UserRow>(db, {
      columns: COLUMNS,
      from: 'users',
      where: 'deleted_at IS NULL AND (@organisationIds IS NULL OR organisation_id IN (SELECT value FROM json_each(@organisationIds)))',
      searched: ['name', 'email'],
      orderBy: 'name COLLATE NOCASE, id',
    });
    this.updateRow = db.prepare<[UserRow]>(
      'UPDATE users SET name = @name, email = @email, role = @role, shared_mailbox = @shared_mailbox WHERE id = @id',
    );
    this.markDeleted = db.prepare<[number, string]>('UPDATE users SET deleted_at = ? WHERE id = ?');
    this.revokeTokens = db.prepare<[number, string]>('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL');
    this.revokeSessions = db.prepare<[number, string]>('UPDATE user_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL');
    this.deleteUser = db.transaction((id: string, at: number) => {
      this.markDeleted.run(at, id);
      this.revokeTokens.run(at, id);
      this.revokeSessions.run(at, id);
    });
    this.markDeactivated = db.prepare<[number, string]>(
      'UPDATE users SET deactivated_at = ? WHERE id = ? AND deleted_at IS NULL AND deactivated_at IS NULL',
    );
    this.deactivateUser = db.transaction((id: string, at: number) => {
      if (this.markDeactivated.run(at, id).changes > 0) this.revokeSessions.run(at, id);
    });
    this.markReactivated = db.prepare<[string]>('UPDATE users SET deactivated_at = NULL WHERE id = ? AND deleted_at IS NULL');
  }

  create(
    input: { organisationId: string; name: string; email: string | null; role: Role; sharedMailbox?: boolean },
    at: number,
  ): AdminUser {
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
    this.insertRow.run(row);
    return toUser(row);
  }

  get(id: string): AdminUser | null {
    const row = this.selectById.get(id);
    return row ? toUser(row) : null;
  }

  list(organisationIds?: ReadonlySet<string>): AdminUser[] {
    const rows = this.selectAll.all();
    return (organisationIds ? rows.filter((row) => organisationIds.has(row.organisation_id)) : rows).map(toUser);
  }

  page(organisationIds: ReadonlySet<string> | undefined, request: PageRequest): UserPage {
    const { rows, total } = this.selectPage({ organisationIds: organisationIds ? JSON.stringify([...organisationIds]) : null }, request);
    return { users: rows.map(toUser), total };
  }

  update(id: string, patch: Partial<Pick<AdminUser, 'name' | 'email' | 'role' | 'sharedMailbox'>>): AdminUser | null {
    const row = this.selectById.get(id);
    if (!row) return null;
    const updated: UserRow = {
      ...row,
      name: patch.name ?? row.name,
      email: patch.email !== undefined ? patch.email : row.email,
      role: patch.role ?? row.role,
      shared_mailbox: patch.sharedMailbox === undefined ? row.shared_mailbox : patch.sharedMailbox ? 1 : 0,
    };
    this.updateRow.run(updated);
    return toUser(updated);
  }

  delete(id: string, at: number): void {
    this.deleteUser(id, at);
  }

  deactivate(id: string, at: number): AdminUser | null {
    this.deactivateUser(id, at);
    return this.get(id);
  }

  reactivate(id: string): AdminUser | null {
    this.markReactivated.run(id);
    return this.get(id);
  }
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
