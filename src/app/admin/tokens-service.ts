import type { Clock } from '../ports/clock-and-ids';
import { AdminError, notFound } from './admin-error';
import { generateTokenSecret, hashTokenSecret } from './api-tokens';
import type { AdminUser, ApiToken, TokenIssuer, TokenStore } from '../ports/admin-stores';
import { isLocalOperator, mayIssueTokenFor, type Principal } from './roles';
import type { UsersService } from './users-service';

/** Creates a token for a user; the secret is returned here and never again. */
export async function issueToken(
  tokens: TokenStore,
  token: { userId: string; name: string; issuedBy: TokenIssuer },
  at: number,
): Promise<{ token: ApiToken; secret: string }> {
  const secret = generateTokenSecret();
  return { token: await tokens.create({ ...token, tokenHash: hashTokenSecret(secret) }, at), secret };
}

export interface TokensService {
  /** The secret is returned here and never again. Records who issued it. */
  create(principal: Principal, userId: string, name: string): Promise<{ token: ApiToken; secret: string }>;
  /** The user's tokens: every user sees its own, an admin those of the users it manages. */
  list(principal: Principal, userId: string): Promise<ApiToken[]>;
  /** Every user may revoke its own tokens; an admin those of the users it manages. */
  revoke(principal: Principal, tokenId: string): Promise<void>;
}

export function createTokensService(deps: { tokens: TokenStore; users: UsersService; clock: Pick<Clock, 'now'> }): TokensService {
  const { tokens, users, clock } = deps;

  /** The caller itself, or a user it may manage. */
  function ownOrManageable(principal: Principal, userId: string): Promise<AdminUser> {
    return userId === principal.userId ? users.get(principal, userId) : users.manageable(principal, userId);
  }

  return {
    async create(principal: Principal, userId: string, name: string): Promise<{ token: ApiToken; secret: string }> {
      const user = await ownOrManageable(principal, userId);
      if (!mayIssueTokenFor(principal, user)) {
        throw new AdminError('forbidden', `your role cannot issue tokens for another user with role ${user.role}`);
      }
      if (user.deactivatedAt !== null) throw new AdminError('conflict', 'the user is deactivated: reactivate it first');
      const issuedBy: TokenIssuer = isLocalOperator(principal) ? { via: 'command-line' } : { via: 'api', userId: principal.userId };
      return issueToken(tokens, { userId, name, issuedBy }, clock.now());
    },

    async list(principal: Principal, userId: string): Promise<ApiToken[]> {
      await ownOrManageable(principal, userId);
      return tokens.listForUser(userId);
    },

    async revoke(principal: Principal, tokenId: string): Promise<void> {
      const token = await tokens.get(tokenId);
      if (!token) throw notFound('token');
      if (token.userId !== principal.userId) {
        try {
          await users.manageable(principal, token.userId);
        } catch (error) {
          // Someone else's token the caller may not manage does not exist for it.
          if (error instanceof AdminError) throw notFound('token');
          throw error;
        }
      }
      if (token.revokedAt === null) await tokens.revoke(tokenId, clock.now());
    },
  };
}
