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
  /** The token the request was authenticated with; for a person signed in to the portal, the session's id (`ses-…`, not its secret). */
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

/** Whether the principal is the command line on the server rather than a user of the API. */
export function isLocalOperator(principal: Principal): boolean {
  return principal.userId === LOCAL_OPERATOR.userId;
}

/** How far a role reaches: a token of a user reaches as far as the user's role. */
function rank(role: Role): number {
  switch (role) {
    case 'operator':
      return 3;
    case 'reseller':
      return 2;
    case 'org-admin':
      return 1;
    case 'user':
    case 'finance':
      return 0;
    default:
      return assertNever(role);
  }
}

/**
 * Whether the principal may issue an API token for `target`, a user it
 * manages. A token acts as its user, so an admin who could mint one for an
 * equal or a superior could act as them: an org admin or a reseller issues
 * tokens for itself and for users of a lower role only. The operator runs
 * the platform and issues tokens for anyone.
 */
export function mayIssueTokenFor(principal: Principal, target: { id: string; role: Role }): boolean {
  if (principal.role === 'operator' || target.id === principal.userId) return true;
  return rank(target.role) < rank(principal.role);
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
