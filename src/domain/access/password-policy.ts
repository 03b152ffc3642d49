import { assertNever } from '../assert-never';

/**
 * What a password must be. Length is what makes a password hard to guess
 * (NIST SP 800-63B): at least 12 characters, no composition rules. Refused
 * besides: the sign-in e-mail address or its name part, and one character
 * repeated. Passwords are compared in Unicode NFC, so the same word typed on
 * two systems is the same password; length counts characters, not bytes.
 */
export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
}

/** 1,024 characters at most: long enough for any passphrase, short enough that nobody hashes a megabyte per try. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 12, maxLength: 1024 };

/**
 * Why a password is refused: a reason a client can put in its own words
 * (the portal does, in Norwegian), with the limit it broke where it has one.
 */
export type PasswordRefusal =
  { reason: 'too-short'; limit: number } | { reason: 'too-long'; limit: number } | { reason: 'is-email' } | { reason: 'one-character' };

/** Why a password is refused, or null when it may be used. */
export function passwordRefusal(
  password: string,
  email: string | null,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): PasswordRefusal | null {
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  if (length < policy.minLength) return { reason: 'too-short', limit: policy.minLength };
  if (length > policy.maxLength) return { reason: 'too-long', limit: policy.maxLength };
  const folded = normalised.trim().toLowerCase();
  if (email !== null) {
    const address = email.trim().toLowerCase();
    const namePart = address.split('@')[0] ?? address;
    if (folded === address || folded === namePart) return { reason: 'is-email' };
  }
  if (new Set(normalised.toLowerCase()).size === 1) return { reason: 'one-character' };
  return null;
}

/** The refusal in words to show to the person choosing the password (the API's message). */
export function passwordRefusalText(refusal: PasswordRefusal): string {
  switch (refusal.reason) {
    case 'too-short':
      return `the password must have at least ${refusal.limit} characters`;
    case 'too-long':
      return `the password must have at most ${refusal.limit} characters`;
    case 'is-email':
      return 'the password must not be the e-mail address';
    case 'one-character':
      return 'the password must not be one character repeated';
    default:
      return assertNever(refusal);
  }
}

/** The form a password is hashed in: Unicode NFC, otherwise exactly as typed (spaces count). */
export function normalisePassword(password: string): string {
  return password.normalize('NFC');
}
