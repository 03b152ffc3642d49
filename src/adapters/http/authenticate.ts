import type { NextFunction, Request, Response } from 'express';
import type { Authenticator } from '../../app/admin/authenticator';
import type { Principal } from '../../app/admin/roles';
import { ApiError } from './api-error';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Resolves the bearer token to the calling principal, or answers 401. */
export function authenticate(authenticator: Authenticator) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    const principal = match?.[1] ? authenticator.authenticate(match[1]) : null;
    if (!principal) {
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
