import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { ApiError, type FieldProblem } from './api-error';
import { principalOf } from './authenticate';
import type { Reply, Route, RouteInput } from './route';
import { AdminError } from '../../app/admin/admin-error';
import { adminErrorResponse } from './admin-error-response';
import { parsePart, rejectUnexpected, throwIfInvalid } from './validate-request';

/** Builds the express router from the route declarations: roles, then validation, then the handler. */
export function mountRoutes(routes: readonly Route[]): Router {
  const router = Router();
  for (const route of routes) {
    // Express 5 passes a rejected handler's error to the error handler.
    router[route.method](route.path, async (req: Request, res: Response) => {
      const principal = principalOf(res);
      if (!route.roles.includes(principal.role)) {
        throw new ApiError(403, { error: 'forbidden', message: `the ${principal.role} role may not do this` });
      }
      const problems: FieldProblem[] = [];
      const params = parsePart(route.params, req.params, 'path', problems);
      const query = route.query ? parsePart(route.query, req.query, 'query', problems) : rejectUnexpected(req.query, 'query', problems);
      const body = route.body ? parsePart(route.body, req.body, 'body', problems) : rejectUnexpected(req.body, 'body', problems);
      throwIfInvalid(problems);
      await send(res, await handle(route, { principal, params, query, body }));
    });
  }
  return router;
}

async function handle(route: Route, input: RouteInput<unknown, unknown, unknown>): Promise<Reply> {
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
