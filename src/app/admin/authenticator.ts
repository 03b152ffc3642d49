import type { Clock } from '../ports/clock-and-ids';
import { hashTokenSecret } from './api-tokens';
import type { OrganisationStore, TokenStore } from '../ports/admin-stores';
import type { Principal } from './roles';
import { assertNever } from '../../domain/assert-never';

/**
 * `last_used_at` says when a token was last used to the minute: writing it on
 * every request would cost a durable write (an fsync) per API call.
 */
const TOKEN_USE_RECORDED_EVERY_MS = 60_000;

export interface Authenticator {
  /** The caller behind a bearer token, or null for an unknown or revoked token. */
  authenticate(bearerToken: string): Principal | null;
}

export function createAuthenticator(deps: {
  tokens: TokenStore;
  organisations: OrganisationStore;
  clock: Pick<Clock, 'now'>;
}): Authenticator {
  const { tokens, organisations, clock } = deps;

  function visibleOrganisations(role: Principal['role'], organisationId: string): Principal['visibleOrganisations'] {
    switch (role) {
      case 'operator':
        return 'all';
      case 'reseller':
        return new Set([organisationId, ...organisations.resoldBy(organisationId)]);
      case 'org-admin':
      case 'user':
      case 'finance':
        return new Set([organisationId]);
      default:
        return assertNever(role);
    }
  }

  return {
    authenticate(bearerToken) {
      const found = tokens.findActive(hashTokenSecret(bearerToken));
      if (!found) return null;
      const now = clock.now();
      const lastUsedAt = found.token.lastUsedAt;
      if (lastUsedAt === null || now - lastUsedAt >= TOKEN_USE_RECORDED_EVERY_MS) tokens.markUsed(found.token.id, now);
      const { user, token } = found;
      return {
        userId: user.id,
        organisationId: user.organisationId,
        role: user.role,
        tokenId: token.id,
        visibleOrganisations: visibleOrganisations(user.role, user.organisationId),
      };
    },
  };
}
