import type { Clock } from '../ports/clock-and-ids';
import { hashTokenSecret } from './api-tokens';
import type { AdminUser, OrganisationStore, TokenStore } from '../ports/admin-stores';
import type { Principal } from './roles';
import { assertNever } from '../../domain/assert-never';

/**
 * `last_used_at` says when a token was last used to the minute: writing it on
 * every request would cost a durable write (an fsync) per API call.
 */
const TOKEN_USE_RECORDED_EVERY_MS = 60_000;

export interface Authenticator {
  /** The caller behind a bearer token, or null for an unknown or revoked token. */
  authenticate(bearerToken: string): Promise<Principal | null>;
}

/**
 * The principal acting as `user`, authenticated by `credentialId` (a token's
 * id, or a portal session's): the same for every way of signing in, so each
 * route's role and scope rules apply unchanged.
 */
export type PrincipalOfUser = (user: AdminUser, credentialId: string) => Promise<Principal>;

export function principalsOver(organisations: Pick<OrganisationStore, 'resoldBy'>): PrincipalOfUser {
  async function visibleOrganisations(role: Principal['role'], organisationId: string): Promise<Principal['visibleOrganisations']> {
    switch (role) {
      case 'operator':
        return 'all';
      case 'reseller':
        return new Set([organisationId, ...(await organisations.resoldBy(organisationId))]);
      case 'org-admin':
      case 'user':
      case 'finance':
        return new Set([organisationId]);
      default:
        return assertNever(role);
    }
  }

  return async (user, credentialId) => ({
    userId: user.id,
    organisationId: user.organisationId,
    role: user.role,
    tokenId: credentialId,
    visibleOrganisations: await visibleOrganisations(user.role, user.organisationId),
  });
}

export function createAuthenticator(deps: {
  tokens: TokenStore;
  organisations: OrganisationStore;
  clock: Pick<Clock, 'now'>;
}): Authenticator {
  const { tokens, clock } = deps;
  const principalOf = principalsOver(deps.organisations);

  return {
    async authenticate(bearerToken) {
      const found = await tokens.findActive(hashTokenSecret(bearerToken));
      if (!found) return null;
      const now = clock.now();
      const lastUsedAt = found.token.lastUsedAt;
      if (lastUsedAt === null || now - lastUsedAt >= TOKEN_USE_RECORDED_EVERY_MS) await tokens.markUsed(found.token.id, now);
      return principalOf(found.user, found.token.id);
    },
  };
}
