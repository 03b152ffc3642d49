import type { Clock } from '../ports/clock-and-ids';
import { deactivationRefusal } from '../../domain/access/user-deactivation';
import { assertNever } from '../../domain/assert-never';
import { localDayOf } from '../../domain/billing/calendar';
import { isLicenceRefusal, sharedMailboxRefusal } from '../../domain/licensing/licence-rules';
import { AdminError, notFound } from './admin-error';
import type { AdminUser, PageRequest, UserPage, UserStore } from '../ports/admin-stores';
import { assignableRoles, canSeeOrganisation, mayIssueTokenFor, type Principal, type Role } from './roles';

export interface UserInput {
  /** Defaults to the caller's organisation. */
  organisationId?: string;
  name: string;
  email?: string | null;
  role: Role;
  sharedMailbox?: boolean;
}

export type UserPatch = Partial<Pick<AdminUser, 'name' | 'email' | 'role' | 'sharedMailbox'>>;

export interface UsersService {
  list(principal: Principal, organisationId?: string): Promise<AdminUser[]>;
  /** One page of what `list` would answer, by name, searched by name and e-mail address, and the total (the portal's user list). */
  page(principal: Principal, organisationId: string | undefined, request: PageRequest): Promise<UserPage>;
  get(principal: Principal, id: string): Promise<AdminUser>;
  /** A visible user the caller may manage: nobody manages a user holding more than it can grant. */
  manageable(principal: Principal, id: string): Promise<AdminUser>;
  create(principal: Principal, input: UserInput): Promise<AdminUser>;
  update(principal: Principal, id: string, patch: UserPatch): Promise<AdminUser>;
  /** Deletes the user and revokes its tokens. */
  delete(principal: Principal, id: string): Promise<void>;
  /**
   * Deactivates a user the caller manages within the token rule, never itself
   * nor the last active operator: its sessions end, its tokens stop working,
   * everything it owns stays. Deactivating a deactivated user changes nothing.
   */
  deactivate(principal: Principal, id: string): Promise<AdminUser>;
  /** Reactivates a user, under the same rule: it signs in again, its tokens that were not revoked work again. */
  reactivate(principal: Principal, id: string): Promise<AdminUser>;
}

export function createUsersService(deps: {
  users: UserStore;
  clock: Pick<Clock, 'now'>;
  /** Licences run by local days in this zone: a licence that still runs today keeps its user from becoming a shared mailbox. */
  timeZone: string;
}): UsersService {
  const { users, clock } = deps;

  async function visible(principal: Principal, id: string): Promise<AdminUser> {
    const user = await users.get(id);
    if (!user || !canSeeOrganisation(principal, user.organisationId)) throw notFound('user');
    return user;
  }

  function checkCanGrant(principal: Principal, role: Role): void {
    if (!assignableRoles(principal.role).includes(role)) {
      throw new AdminError('forbidden', `your role cannot manage users with role ${role}`);
    }
  }

  /** A visible user the caller may manage: nobody manages a user holding more than it can grant. */
  async function manageable(principal: Principal, id: string): Promise<AdminUser> {
    const user = await visible(principal, id);
    checkCanGrant(principal, user.role);
    return user;
  }

  /** Manages it and may act as it: deactivating someone is as much power over them as a token of theirs. */
  function mayActFor(principal: Principal, user: AdminUser): boolean {
    return assignableRoles(principal.role).includes(user.role) && mayIssueTokenFor(principal, user);
  }

  /** Every active operator; counted only when an operator is to be deactivated. */
  async function activeOperators(): Promise<number> {
    return (await users.list()).filter((user) => user.role === 'operator' && user.deactivatedAt === null).length;
  }

  /** The organisations whose users are listed (undefined: every one), or null when the caller sees none of those asked for. */
  function scopeOf(principal: Principal, organisationId: string | undefined): ReadonlySet<string> | undefined | null {
    if (organisationId !== undefined) return canSeeOrganisation(principal, organisationId) ? new Set([organisationId]) : null;
    return principal.visibleOrganisations === 'all' ? undefined : principal.visibleOrganisations;
  }

  function stored(user: AdminUser | null): AdminUser {
    if (!user) throw notFound('user');
    return user;
  }

  return {
    async list(principal: Principal, organisationId?: string): Promise<AdminUser[]> {
      const scope = scopeOf(principal, organisationId);
      return scope === null ? [] : users.list(scope);
    },

    async page(principal: Principal, organisationId: string | undefined, request: PageRequest): Promise<UserPage> {
      const scope = scopeOf(principal, organisationId);
      return scope === null ? { users: [], total: 0 } : users.page(scope, request);
    },

    get: visible,
    manageable,

    async create(principal: Principal, input: UserInput): Promise<AdminUser> {
      const organisationId = input.organisationId ?? principal.organisationId;
      if (!canSeeOrganisation(principal, organisationId)) {
        throw new AdminError('invalid', 'unknown organisation', 'organisationId');
      }
      checkCanGrant(principal, input.role);
      return users.create(
        { organisationId, name: input.name, email: input.email ?? null, role: input.role, sharedMailbox: input.sharedMailbox ?? false },
        clock.now(),
      );
    },

    async update(principal: Principal, id: string, patch: UserPatch): Promise<AdminUser> {
      await manageable(principal, id);
      if (patch.role !== undefined) checkCanGrant(principal, patch.role);
      // Asked inside the store's transaction: a licence assigned meanwhile is seen, or waits for this change (and is refused).
      const updated = await users.update(id, patch, (licences) => sharedMailboxRefusal(licences, localDayOf(clock.now(), deps.timeZone)));
      if (isLicenceRefusal(updated)) throw new AdminError('conflict', updated.message);
      if (!updated) throw notFound('user');
      return updated;
    },

    async delete(principal: Principal, id: string): Promise<void> {
      await manageable(principal, id);
      await users.delete(id, clock.now());
    },

    async deactivate(principal: Principal, id: string): Promise<AdminUser> {
      const user = await visible(principal, id);
      const refusal = deactivationRefusal({
        actorUserId: principal.userId,
        target: { id: user.id, operator: user.role === 'operator', active: user.deactivatedAt === null },
        actorMayManage: mayActFor(principal, user),
        activeOperators: user.role === 'operator' ? await activeOperators() : 0,
      });
      switch (refusal) {
        case null:
          return stored(await users.deactivate(id, clock.now()));
        case 'self':
          throw new AdminError('conflict', 'you cannot deactivate yourself: another admin must do it');
        case 'not-permitted':
          throw new AdminError('forbidden', `your role cannot deactivate a user with role ${user.role}`);
        case 'last-operator':
          throw new AdminError('conflict', 'the last active operator cannot be deactivated: make another operator first');
        default:
          return assertNever(refusal);
      }
    },

    async reactivate(principal: Principal, id: string): Promise<AdminUser> {
      const user = await visible(principal, id);
      if (!mayActFor(principal, user)) throw new AdminError('forbidden', `your role cannot reactivate a user with role ${user.role}`);
      return stored(await users.reactivate(id));
    },
  };
}
