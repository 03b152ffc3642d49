import type { NextFunction, Request, Response } from 'express';
import type { Authenticator } from '../../app/admin/authenticator';
import type { Principal } from '../../app/admin/roles';
import { ApiError } from './api-error';
import type { FailedAuthLimiter } from './failed-auth-limiter';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Resolves the bearer token to the calling principal, or answers 401; 429
 * while the client's address has failed too often lately (a request without
 * any credentials is not a failure).
 */
export function authenticate(authenticator: Authenticator, limiter: FailedAuthLimiter) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const authorization = req.get('authorization');
    if (authorization !== undefined) limiter.refuseWhileLimited(req, res);
    const match = BEARER.exec(authorization ?? '');
    const principal = match?.[1] ? authenticator.authenticate(match[1]) : null;
    if (!principal) {
      if (authorization !== undefined) limiter.failed(req);
      res.set('WWW-Authenticate', 'Bearer realm="kvorum"');
      throw new ApiError(401, { error: 'unauthorized', message: 'a valid bearer token is required' });
    }
    res.locals.principal = principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}
