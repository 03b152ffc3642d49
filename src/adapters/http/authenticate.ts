import type { NextFunction, Request, Response } from 'express';
import type { Authenticator } from '../../app/admin/authenticator';
import type { Principal } from '../../app/admin/roles';
import type { SessionsService } from '../../app/admin/sessions-service';
import { ApiError } from './api-error';
import { refuseWithoutCsrfToken } from './csrf';
import type { FailedAuthLimiter } from './failed-auth-limiter';
import { changeSessionCookie, sessionCookieOf } from './session-cookie';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Resolves the caller to its principal: a bearer token (machines) or, when
 * no Authorization header is sent, the portal's session cookie (people), to
 * the same principal either way. With the cookie, a request that changes
 * something needs the session's X-CSRF-Token (403 without). Otherwise 401;
 * 429 while the client's address has failed too often lately (a request
 * without any credentials is not a failure, nor is a stale session cookie:
 * a session id cannot be guessed, and a browser sends an expired one on
 * every request until it is cleared).
 */
export function authenticate(authenticator: Authenticator, sessions: SessionsService, limiter: FailedAuthLimiter) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const authorization = req.get('authorization');
    if (authorization === undefined) {
      const cookie = sessionCookieOf(req);
      const resolved = cookie === undefined ? null : await sessions.resolve(cookie);
      if (resolved) {
        refuseWithoutCsrfToken(req.method, req.get('x-csrf-token'), resolved.session.csrfToken);
        res.locals.principal = resolved.principal;
        next();
        return;
      }
      if (cookie !== undefined) changeSessionCookie(req, res, 'clear');
    } else {
      limiter.refuseWhileLimited(req);
    }
    const match = BEARER.exec(authorization ?? '');
    const principal = match?.[1] ? await authenticator.authenticate(match[1]) : null;
    if (!principal) {
      if (authorization !== undefined) limiter.failed(req);
      throw new ApiError(
        401,
        { error: 'unauthorized', message: 'a valid bearer token or a signed-in session is required' },
        { 'WWW-Authenticate': 'Bearer realm="kvorum"' },
      );
    }
    res.locals.principal = principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}
