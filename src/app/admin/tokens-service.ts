import type { Clock } from '../ports/clock-and-ids';
import { AdminError, notFound } from './admin-error';
import { generateTokenSecret, hashTokenSecret } from './api-tokens';
import type { ApiToken, TokenStore } from '../ports/admin-stores';
import type { Principal } from './roles';
import type { UsersService } from './users-service';

/** Creates a token for a user; the secret is returned here and never again. */
export function issueToken(tokens: TokenStore, userId: string, name: string, at: number): { token: ApiToken; secret: string } {
  const secret = generateTokenSecret();
  const token = tokens.create({ userId, name, tokenHash: hashTokenSecret(secret) }, at);
  return { token, secret };
}

export interface TokensService {
  /** The secret is returned here and never again. */
  create(principal: Principal, userId: string, name: string): { token: ApiToken; secret: string };
  list(principal: Principal, userId: string): ApiToken[];
  revoke(principal: Principal, tokenId: string): void;
}

export function createTokensService(deps: { tokens: TokenStore; users: UsersService; clock: Pick<Clock, 'now'> }): TokensService {
  const { tokens, users, clock } = deps;

  return {
    create(principal: Principal, userId: string, name: string): { token: ApiToken; secret: string } {
      users.manageable(principal, userId);
      return issueToken(tokens, userId, name, clock.now());
    },

    list(principal: Principal, userId: string): ApiToken[] {
      users.manageable(principal, userId);
      return tokens.listForUser(userId);
    },

    revoke(principal: Principal, tokenId: string): void {
      const token = tokens.get(tokenId);
      if (!token) throw notFound('token');
      if (token.userId !== principal.userId) {
        try {
          users.manageable(principal, token.userId);
        } catch (error) {
          // Someone else's token the caller may not manage does not exist for it.
          if (error instanceof AdminError) throw notFound('token');
          throw error;
        }
      }
      if (token.revokedAt === null) tokens.revoke(tokenId, clock.now());
    },
  };
}
