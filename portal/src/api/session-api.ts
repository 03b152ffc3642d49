import { setCsrfToken } from './client';

/** The session of a person signed in (portal contract: POST/GET/DELETE /api/v1/session). */
export interface Session {
  user: { userId: string; email: string; name?: string; role: Role; organisationId: string };
  csrfToken: string;
  expiresAt: string;
}

export type Role = 'operator' | 'reseller' | 'org-admin' | 'user' | 'finance';

export type SignInResult = { kind: 'signed-in'; session: Session } | { kind: 'wrong' } | { kind: 'locked'; retryAfterSeconds: number };

const SESSION_PATH = '/api/v1/session';

function started(session: Session): Session {
  setCsrfToken(session.csrfToken);
  return session;
}

export async function signIn(email: string, password: string): Promise<SignInResult> {
  const response = await fetch(SESSION_PATH, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status === 200) return { kind: 'signed-in', session: started((await response.json()) as Session) };
  if (response.status === 429) return { kind: 'locked', retryAfterSeconds: Number(response.headers.get('Retry-After') ?? '60') };
  if (response.status === 401 || response.status === 400) return { kind: 'wrong' };
  throw new Error(`sign-in answered ${response.status}`);
}

/** The session the browser's cookie holds, or null when there is none. */
export async function currentSession(): Promise<Session | null> {
  const response = await fetch(SESSION_PATH, { credentials: 'same-origin' });
  if (response.status !== 200) return null;
  return started((await response.json()) as Session);
}

export async function signOut(csrfToken: string): Promise<void> {
  await fetch(SESSION_PATH, { method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrfToken } });
  setCsrfToken(null);
}

/** A one-time code with which a user sets a new password (POST /api/v1/users/:userId/password-reset). */
export async function passwordResetCode(
  userId: string,
  csrfToken: string,
): Promise<{ resetCode: string; expiresAt: string } | { problem: string }> {
  const response = await fetch(`/api/v1/users/${encodeURIComponent(userId)}/password-reset`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRF-Token': csrfToken },
  });
  const body = (await response.json().catch(() => ({}))) as { resetCode?: string; expiresAt?: string; message?: string };
  if (response.status === 201 && body.resetCode !== undefined && body.expiresAt !== undefined) {
    return { resetCode: body.resetCode, expiresAt: body.expiresAt };
  }
  return { problem: body.message ?? String(response.status) };
}
