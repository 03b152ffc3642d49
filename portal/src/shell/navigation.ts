import { OPERATION_ROLES, type OperationId } from '../api/operation-roles';
import type { Role } from '../api/session-api';
import type { CatalogueKey } from '../i18n/catalogue';

/**
 * The pages of the navigation. Each names the API operation it is built on;
 * a role sees the page when the API lets it call that operation (its
 * `x-roles` in the OpenAPI document), so the menu never offers what the
 * server would refuse. Add a page here (portal-live: live, usage, billing).
 */
export interface NavigationItem {
  path: string;
  label: CatalogueKey;
  operation: OperationId;
}

export const NAVIGATION: readonly NavigationItem[] = [
  { path: '/rooms', label: 'shell.nav.rooms', operation: 'getConferences' },
  { path: '/users', label: 'shell.nav.users', operation: 'getUsers' },
  { path: '/live', label: 'shell.nav.live', operation: 'getLiveEvents' },
  { path: '/usage', label: 'shell.nav.usage', operation: 'getStatistics' },
  { path: '/billing', label: 'shell.nav.billing', operation: 'getReportsCharges' },
  { path: '/account', label: 'shell.nav.account', operation: 'getMe' },
];

export function mayCall(role: Role, operation: OperationId): boolean {
  return (OPERATION_ROLES[operation] as readonly string[]).includes(role);
}

export function navigationFor(role: Role): NavigationItem[] {
  return NAVIGATION.filter((item) => mayCall(role, item.operation));
}
