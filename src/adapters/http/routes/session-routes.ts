import type { AdminServices } from '../../../app/admin/admin-services';
import { assertNever } from '../../../domain/assert-never';
import { ApiError } from '../api-error';
import { refuseWithoutCsrfToken } from '../csrf';
import { tooManyFailures } from '../failed-auth-limiter';
import { presentSession } from '../presenters';
import { setPasswordBody, signInBody } from '../request-schemas';
import { sessionResponse } from '../response-schemas';
import { definePublicRoute, type RequestClient, type Route } from '../route';

const NOT_SIGNED_IN = new ApiError(401, { error: 'unauthorized', message: 'not signed in' });

/**
 * People sign in to the portal with e-mail and password and get a session
 * cookie; they set a password with a one-time code an admin gave them. These
 * routes take no credentials; every other route accepts the cookie as it
 * accepts a bearer token (authenticate.ts).
 */
export function sessionRoutes(services: AdminServices): Route[] {
  const tag = 'session';
  const { sessions, passwords } = services;

  /** The session behind the request's cookie; a stale cookie is cleared. */
  async function currentSession(client: RequestClient) {
    const resolved = client.sessionCookie === undefined ? null : await sessions.resolve(client.sessionCookie);
    if (resolved === null && client.sessionCookie !== undefined) client.changeCookie('clear');
    return resolved;
  }

  return [
    definePublicRoute({
      method: 'post',
      path: '/session',
      tag,
      summary: 'Sign in with e-mail and password',
      description:
        'Sets the HttpOnly, SameSite=Strict session cookie `kvorum_session` (Secure over https). A wrong password and an ' +
        'unknown e-mail address get the same 401. 5 wrong passwords for one e-mail address within 15 minutes, or 20 failed ' +
        'sign-ins from one address within 10 minutes, answer 429 with Retry-After until the oldest is that old.',
      body: signInBody,
      response: { status: 200, description: 'signed in', schema: sessionResponse },
      handle: async ({ body, client }) => {
        client.refuseWhileLimited();
        const result = await sessions.signIn(body.email, body.password);
        switch (result.kind) {
          case 'signed-in':
            client.changeCookie({ set: result.secret });
            return { status: 200, json: presentSession(result.session) };
          case 'refused':
            client.failed();
            throw new ApiError(401, { error: 'unauthorized', message: 'wrong e-mail address or password' });
          case 'locked':
            throw tooManyFailures('for this account', result.retryInMs);
          default:
            return assertNever(result);
        }
      },
    }),
    definePublicRoute({
      method: 'get',
      path: '/session',
      tag,
      summary: 'The signed-in session: who, and the CSRF token',
      description: 'With the session cookie only (a bearer token has no session): 401 when there is none, or it ended.',
      response: { status: 200, description: 'the session', schema: sessionResponse },
      handle: async ({ client }) => {
        const resolved = await currentSession(client);
        if (resolved === null) throw NOT_SIGNED_IN;
        return { status: 200, json: presentSession(resolved.session) };
      },
    }),
    definePublicRoute({
      method: 'delete',
      path: '/session',
      tag,
      summary: 'Sign out: the session ends and the cookie is cleared',
      description: 'Needs X-CSRF-Token like every change made with the cookie; without a session, nothing to end (204).',
      response: { status: 204, description: 'signed out' },
      handle: async ({ client }) => {
        const resolved = await currentSession(client);
        if (resolved !== null) {
          refuseWithoutCsrfToken('DELETE', client.csrfToken, resolved.session.csrfToken);
          await sessions.signOut(resolved.session.sessionId);
        }
        client.changeCookie('clear');
        return { status: 204 };
      },
    }),
    definePublicRoute({
      method: 'post',
      path: '/password',
      tag,
      summary: 'Set a password with a one-time reset code',
      description:
        'The code works once, for 24 hours, for the user with this e-mail address; every session of that user ends. ' +
        'A wrong, used or expired code answers 400 `invalid-reset-code` and counts as a failed sign-in of the address; ' +
        'a password that is too weak answers 400 with the reason and leaves the code usable.',
      body: setPasswordBody,
      response: { status: 204, description: 'the password is set' },
      handle: async ({ body, client }) => {
        client.refuseWhileLimited();
        if ((await passwords.setPasswordWithCode(body)) === 'invalid-code') {
          client.failed();
          throw new ApiError(400, { error: 'invalid-reset-code', message: 'the reset code is wrong, used or expired' });
        }
        return { status: 204 };
      },
    }),
  ];
}
