import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer tokens: 32 random bytes, shown once. Only the SHA-256 of a token is
 * stored; a keyed hash is not needed because the token itself has 256 bits of
 * entropy, so the stored hash cannot be reversed by guessing.
 */
const TOKEN_PREFIX = 'kvorum_';

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
