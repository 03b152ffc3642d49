/**
 * Who calls the admin API. Every request is made by a user with exactly one
 * role; the role decides which routes it may use, and the principal's scope
 * decides which objects it can see at all (objects outside it do not exist
 * for the caller: 404, never 403).
 */

import { assertNever } from '../../domain/assert-never';

export const ROLES = ['operator', 'reseller', 'org-admin', 'user', 'finance'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  organisationId: string;
  role: Role;
  /** The token the request was authenticated with. */
  tokenId: string;
  /**
   * Organisations the caller can see: every one for an operator, its own and
   * those it resells for a reseller, otherwise its own.
   */
  visibleOrganisations: 'all' | ReadonlySet<string>;
}

/**
 * Whoever runs the command line on the server: it holds the database already,
 * so it acts as an operator, with no user or token behind it.
 */
export const LOCAL_OPERATOR: Principal = {
  userId: 'command-line',
  organisationId: 'command-line',
  role: 'operator',
  tokenId: 'command-line',
  visibleOrganisations: 'all',
};

export function canSeeOrganisation(principal: Principal, organisationId: string): boolean {
  return principal.visibleOrganisations === 'all' || principal.visibleOrganisations.has(organisationId);
}

/** A conference is visible to admins of its organisation and to the user who owns it. */
export function canSeeConference(principal: Principal, conference: { organisationId: string; ownerUserId: string | null }): boolean {
  switch (principal.role) {
    case 'operator':
    case 'reseller':
    case 'org-admin':
      return canSeeOrganisation(principal, conference.organisationId);
    case 'user':
      return conference.ownerUserId === principal.userId;
    case 'finance':
      return false;
    default:
      return assertNever(principal.role);
  }
}

/** The roles a caller may give to users it manages; nobody can grant more than they hold. */
export function assignableRoles(role: Role): readonly Role[] {
  switch (role) {
    case 'operator':
      return ROLES;
    case 'reseller':
    case 'org-admin':
      return ['org-admin', 'user', 'finance'];
    case 'user':
    case 'finance':
      return [];
    default:
      return assertNever(role);
  }
}
