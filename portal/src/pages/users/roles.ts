import type { Role } from '../../api/session-api';

/**
 * The roles offered in the form, in the order of the API. Which of them the
 * signed-in person may grant is the server's rule: the form offers them all
 * and shows the server's refusal.
 */
export const ROLES: readonly Role[] = ['operator', 'reseller', 'org-admin', 'user', 'finance'];
