import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { normalisePassword } from '../../domain/access/password-policy';
import type { PasswordHash } from '../ports/sign-in-stores';

/** scrypt's cost parameters: N (CPU and memory), r (block size), p (parallelism). */
export interface ScryptParameters {
  cost: number;
  blockSize: number;
  parallelism: number;
}

/**
 * OWASP's scrypt setting of equal strength to N=2^17, r=8, p=1 with a quarter
 * of the memory: N=2^15, r=8, p=3. Each hash takes 32 MiB for a fraction of
 * a second, on libuv's thread pool (never on the event loop that drives the
 * calls). Raising them later is safe: each hash keeps its own parameters, and
 * a sign-in re-hashes a password made with other ones.
 */
export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = { cost: 2 ** 15, blockSize: 8, parallelism: 3 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;

export interface PasswordHasher {
  hash(password: string): Promise<PasswordHash>;
  /** Whether `password` is the one hashed; takes as long for a wrong one as for the right one. */
  verify(password: string, stored: PasswordHash): Promise<boolean>;
  /** Whether the hash was made with other parameters than the hasher's own (re-hash it after a good sign-in). */
  isOutdated(stored: PasswordHash): boolean;
}

export function createPasswordHasher(parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS): PasswordHasher {
  return {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(password, salt, parameters);
      return { algorithm: 'scrypt', ...parameters, salt: salt.toString('base64'), hash: key.toString('base64') };
    },
    async verify(password, stored) {
      const expected = Buffer.from(stored.hash, 'base64');
      const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored, expected.length);
      return key.length === expected.length && timingSafeEqual(key, expected);
    },
    isOutdated(stored) {
      return stored.cost !== parameters.cost || stored.blockSize !== parameters.blockSize || stored.parallelism !== parameters.parallelism;
    },
  };
}

function derive(password: string, salt: Buffer, parameters: ScryptParameters, keyLength = KEY_BYTES): Promise<Buffer> {
  const options: ScryptOptions = {
    N: parameters.cost,
    r: parameters.blockSize,
    p: parameters.parallelism,
    // scrypt needs about 128 * N * r bytes; node refuses above 32 MiB unless told.
    maxmem: 256 * parameters.cost * parameters.blockSize + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(normalisePassword(password), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
