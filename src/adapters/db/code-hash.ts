import { createHmac } from 'node:crypto';

/** Turns code digits into the keyed hash that is stored instead of them. */
export type CodeHasher = (digits: string) => string;

/**
 * HMAC-SHA256 keyed with the server secret, as hex. Without the secret a
 * stolen database does not give the codes away, even though 6–12 digit codes
 * would be trivial to brute-force from a plain hash.
 */
export function createCodeHasher(secret: string): CodeHasher {
  return (digits) => createHmac('sha256', secret).update(digits, 'utf8').digest('hex');
}
