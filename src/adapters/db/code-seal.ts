import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Seals and opens text that holds codes (a booking's codes, an e-mail waiting in the outbox). */
export interface CodeSeal {
  seal(text: string): string;
  open(sealed: string): string;
}

/**
 * AES-256-GCM with a key derived (HKDF-SHA256) from the code secret under its
 * own label, so it is never the key of the code hashes. Lookups still go by
 * the keyed hash; the sealed copy exists only so that a changed booking's
 * e-mails and the host's reminders can carry the codes. It protects them as
 * well as the hashes do: whoever holds the secret could also try every 6–12
 * digit code against a hash in seconds, and without the secret neither
 * tells anything. Format: base64url(iv).base64url(tag).base64url(ciphertext).
 */
export function createCodeSeal(secret: string): CodeSeal {
  const key = Buffer.from(hkdfSync('sha256', secret, 'kvorum', 'kvorum booking codes v1', 32));
  return {
    seal(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
    },
    open(sealed) {
      const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
      if (!iv || !tag || !body) throw new Error('a sealed value is malformed');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    },
  };
}
