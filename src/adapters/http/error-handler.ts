import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../logger';
import { ApiError, type ErrorBody } from './api-error';
import { loggedPath } from './logged-path';

/**
 * The one place errors become responses. Expected refusals keep their safe
 * messages; anything else is logged and answered with a bare 500, so no stack,
 * SQL or code ever reaches the caller.
 */
export function errorHandler(logger: Logger) {
  // Express recognises an error middleware by its four parameters.
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      // A streamed report failed half-way: the status is gone, so cut the response short rather than end it cleanly.
      logger.error({ err: error, method: req.method, path: loggedPath(req) }, 'http response failed while streaming');
      res.destroy();
      return;
    }
    const { status, body } = toResponse(error, req, logger);
    if (error instanceof ApiError) res.set(error.headers);
    res.status(status).json(body);
  };
}

function toResponse(error: unknown, req: Request, logger: Logger): { status: number; body: ErrorBody } {
  if (error instanceof ApiError) return { status: error.status, body: error.body };
  const parserError = bodyParserError(error);
  if (parserError) return parserError;
  // The router could not percent-decode a path parameter (e.g. `%FF`).
  if (error instanceof URIError) {
    return { status: 400, body: { error: 'invalid-request', message: 'the path is not valid UTF-8', fields: [] } };
  }
  logger.error({ err: error, method: req.method, path: loggedPath(req) }, 'http request failed');
  return { status: 500, body: { error: 'internal', message: 'internal error' } };
}

/** express.json() signals a bad or oversized body with `type` and `status` on its errors. */
function bodyParserError(error: unknown): { status: number; body: ErrorBody } | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  switch (error.type) {
    case 'entity.too.large':
      return { status: 413, body: { error: 'payload-too-large', message: 'the request body is too large' } };
    case 'entity.parse.failed':
      return {
        status: 400,
        body: { error: 'invalid-request', message: 'the body is not valid JSON', fields: [] },
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
    case 'request.aborted':
    case 'request.size.invalid':
      return { status: 400, body: { error: 'invalid-request', message: 'the body cannot be read', fields: [] } };
    default:
      return null;
  }
}
