import type { Role } from '../../../app/admin/roles';

/** Who may use which family of routes (scope is then checked per object by the services). */
export const ADMINS: readonly Role[] = ['operator', 'reseller', 'org-admin'];
export const CONFERENCE_MANAGERS: readonly Role[] = [...ADMINS, 'user'];
export const REPORT_READERS: readonly Role[] = [...ADMINS, 'finance'];
export const EVERYONE: readonly Role[] = [...ADMINS, 'user', 'finance'];
