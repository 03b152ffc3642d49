/**
 * People sign in with their e-mail address. It is checked for shape only
 * (something@somewhere.tld, no spaces): it is a name to sign in with here,
 * and the address the user was given is what it is compared with.
 */
export const SIGN_IN_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Failed sign-ins are counted per e-mail address as typed, with case and surrounding space ignored. */
export function signInEmailKey(email: string): string {
  return email.trim().toLowerCase();
}
