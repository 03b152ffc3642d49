import { describe, expect, it } from 'vitest';
import { createPasswordHasher, DEFAULT_SCRYPT_PARAMETERS } from '../../src/app/admin/password-hashing';

describe('password hashing', () => {
  it('uses scrypt N=2^15, r=8, p=3 with a salt per password, and keeps the parameters with the hash', async () => {
    const hasher = createPasswordHasher();
    const first = await hasher.hash('correct horse battery staple');
    const second = await hasher.hash('correct horse battery staple');
    expect(first).toMatchObject({ algorithm: 'scrypt', cost: 32_768, blockSize: 8, parallelism: 3 });
    expect(Buffer.from(first.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(first.hash, 'base64')).toHaveLength(32);
    expect(second.salt).not.toBe(first.salt);
    expect(second.hash).not.toBe(first.hash);
    expect(await hasher.verify('correct horse battery staple', first)).toBe(true);
    expect(await hasher.verify('correct horse battery stapler', first)).toBe(false);
    expect(hasher.isOutdated(first)).toBe(false);
  });

  it('checks a hash by its own parameters, so raising them later keeps old passwords working', async () => {
    const old = createPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelism: 1 });
    const stored = await old.hash('sommerfugl i vinterdvale');
    const current = createPasswordHasher(DEFAULT_SCRYPT_PARAMETERS);
    expect(current.isOutdated(stored)).toBe(true);
    expect(await current.verify('sommerfugl i vinterdvale', stored)).toBe(true);
  });

  it('hashes the NFC form: å typed precomposed or as a + ring is one password', async () => {
    const hasher = createPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelism: 1 });
    const stored = await hasher.hash('bl\u00e5b\u00e6rsyltetøy');
    expect(await hasher.verify('bla\u030ab\u00e6rsyltetøy', stored)).toBe(true);
  });
});
