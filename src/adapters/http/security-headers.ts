import type { NextFunction, Request, Response } from 'express';

/**
 * Headers on every response. `nosniff`: a browser never guesses another type
 * than the one sent (a CSV with a caller's `<script>` stays a CSV). Every
 * admin API answer is `no-store`: they are one caller's data, and some carry
 * conference codes or token secrets shown only once; no browser or proxy
 * cache may keep them.
 */
export function securityHeaders(apiBasePath: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.set('X-Content-Type-Options', 'nosniff');
    if (req.path === apiBasePath || req.path.startsWith(`${apiBasePath}/`)) res.set('Cache-Control', 'no-store');
    next();
  };
}
