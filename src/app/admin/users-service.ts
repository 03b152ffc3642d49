import type { Clock } from '../ports/clock-and-ids';
import { AdminError, notFound } from './admin-error';
import type { AdminUser, UserStore } from '../ports/admin-stores';
import { assignableRoles, canSeeOrganisation, type Principal, type Role } from './roles';

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
  list(principal: Principal, organisationId?: string): AdminUser[];
  get(principal: Principal, id: string): AdminUser;
  /** A visible user the caller may manage: nobody manages a user holding more than it can grant. */
  manageable(principal: Principal, id: string): AdminUser;
  create(principal: Principal, input: UserInput): AdminUser;
  update(principal: Principal, id: string, patch: UserPatch): AdminUser;
  /** Deletes the user and revokes its tokens. */
  delete(principal: Principal, id: string): void;
}

export function createUsersService(deps: {
  users: UserStore;
  clock: Pick<Clock, 'now'>;
  /** A user holding a licence that still runs cannot become a shared mailbox (licences are personal). */
  sharedMailboxRefusal: (userId: string) => { field: string; message: string } | null;
}): UsersService {
  const { users, clock } = deps;

  function visible(principal: Principal, id: string): AdminUser {
    const user = users.get(id);
    if (!user || !canSeeOrganisation(principal, user.organisationId)) throw notFound('user');
    return user;
  }

  function checkCanGrant(principal: Principal, role: Role): void {
    if (!assignableRoles(principal.role).includes(role)) {
      throw new AdminError('forbidden', `your role cannot manage users with role ${role}`);
    }
  }

  /** A visible user the caller may manage: nobody manages a user holding more than it can grant. */
  function manageable(principal: Principal, id: string): AdminUser {
    const user = visible(principal, id);
    checkCanGrant(principal, user.role);
    return user;
  }

  return {
    list(principal: Principal, organisationId?: string): AdminUser[] {
      if (organisationId !== undefined) {
        return canSeeOrganisation(principal, organisationId) ? users.list(new Set([organisationId])) : [];
      }
      return users.list(principal.visibleOrganisations === 'all' ? undefined : principal.visibleOrganisations);
    },

    get: visible,
    manageable,

    create(principal: Principal, input: UserInput): AdminUser {
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

    update(principal: Principal, id: string, patch: UserPatch): AdminUser {
      manageable(principal, id);
      if (patch.role !== undefined) checkCanGrant(principal, patch.role);
      const refused = patch.sharedMailbox === true ? deps.sharedMailboxRefusal(id) : null;
      if (refused !== null) throw new AdminError('conflict', refused.message);
      const updated = users.update(id, patch);
      if (!updated) throw notFound('user');
      return updated;
    },

    delete(principal: Principal, id: string): void {
      manageable(principal, id);
      users.delete(id, clock.now());
    },
  };
}
