import { api, problemText, setCsrfToken } from './client';
import type { IssuedResetCode, Session } from './types';

export type { Session };

export type Role = Session['user']['role'];

export type SignInResult = { kind: 'signed-in'; session: Session } | { kind: 'wrong' } | { kind: 'locked'; retryAfterSeconds: number };

function started(session: Session): Session {
  setCsrfToken(session.csrfToken);
  return session;
}

export async function signIn(email: string, password: string): Promise<SignInResult> {
  const { data, response } = await api.POST('/api/v1/session', { body: { email, password } });
  if (data !== undefined) return { kind: 'signed-in', session: started(data) };
  if (response.status === 429) return { kind: 'locked', retryAfterSeconds: Number(response.headers.get('Retry-After') ?? '60') };
  if (response.status === 401 || response.status === 400) return { kind: 'wrong' };
  throw new Error(`sign-in answered ${response.status}`);
}

/** The session the browser's cookie holds, or null when there is none. */
export async function currentSession(): Promise<Session | null> {
  const { data } = await api.GET('/api/v1/session');
  return data === undefined ? null : started(data);
}

/** Ends the session on the server (the client sends its CSRF token) and forgets the token. */
export async function signOut(): Promise<void> {
  await api.DELETE('/api/v1/session');
  setCsrfToken(null);
}

/** A one-time code with which a user sets a new password (POST /api/v1/users/:userId/password-reset). */
export async function passwordResetCode(userId: string): Promise<IssuedResetCode | { problem: string }> {
  const { data, error, response } = await api.POST('/api/v1/users/{userId}/password-reset', { params: { path: { userId } } });
  return data ?? { problem: problemText(error) || String(response.status) };
}
