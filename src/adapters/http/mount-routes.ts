import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { ApiError, type FieldProblem } from './api-error';
import { principalOf } from './authenticate';
import type { FailedAuthLimiter } from './failed-auth-limiter';
import type { HandlerInput, Reply, RequestClient, Route } from './route';
import { changeSessionCookie, sessionCookieOf } from './session-cookie';
import { AdminError } from '../../app/admin/admin-error';
import { adminErrorResponse } from './admin-error-response';
import { parsePart, rejectUnexpected, throwIfInvalid } from './validate-request';

/**
 * Builds the express router from the route declarations: roles, then
 * validation, then the handler. Public routes (no credentials) go on a router
 * mounted before authentication, the others after it.
 */
export function mountRoutes(routes: readonly Route[], limiter: FailedAuthLimiter): Router {
  const router = Router();
  for (const route of routes) {
    // Express 5 passes a rejected handler's error to the error handler.
    router[route.method](route.path, async (req: Request, res: Response) => {
      const { roles } = route;
      const principal = roles === 'public' ? undefined : principalOf(res);
      if (principal && roles !== 'public' && !roles.includes(principal.role)) {
        throw new ApiError(403, { error: 'forbidden', message: `the ${principal.role} role may not do this` });
      }
      const problems: FieldProblem[] = [];
      const params = parsePart(route.params, req.params, 'path', problems);
      const query = route.query ? parsePart(route.query, req.query, 'query', problems) : rejectUnexpected(req.query, 'query', problems);
      const body = route.body ? parsePart(route.body, req.body, 'body', problems) : rejectUnexpected(req.body, 'body', problems);
      throwIfInvalid(problems);
      const client = roles === 'public' ? requestClient(req, res, limiter) : undefined;
      await send(res, await handle(route, { principal, client, params, query, body }));
    });
  }
  return router;
}

function requestClient(req: Request, res: Response, limiter: FailedAuthLimiter): RequestClient {
  return {
    sessionCookie: sessionCookieOf(req),
    csrfToken: req.get('x-csrf-token'),
    refuseWhileLimited: () => limiter.refuseWhileLimited(req),
    failed: () => limiter.failed(req),
    changeCookie: (change) => changeSessionCookie(req, res, change),
  };
}

async function handle(route: Route, input: HandlerInput): Promise<Reply> {
  try {
    return await route.handle(input);
  } catch (error) {
    throw error instanceof AdminError ? adminErrorResponse(error, route) : error;
  }
}

async function send(res: Response, reply: Reply): Promise<void> {
  if ('json' in reply) {
    res.status(reply.status).json(reply.json);
  } else if ('body' in reply) {
    if (reply.fileName) res.attachment(reply.fileName);
    if (reply.headers) res.set(reply.headers);
    res.status(reply.status).type(reply.contentType);
    // Backpressure: the next chunk is taken only when the socket has room. A client that goes away ends the report.
    try {
      await pipeline(Readable.from(reply.body, { highWaterMark: 1 }), res);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    }
  } else {
    res.status(reply.status).end();
  }
}
