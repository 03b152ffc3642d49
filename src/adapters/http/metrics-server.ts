import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express } from 'express';
import type { Logger } from '../../logger';
import { ApiError } from './api-error';
import { errorHandler } from './error-handler';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export interface MetricsServerDeps {
  scrape: () => Promise<{ contentType: string; body: string }>;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | null;
  logger: Logger;
}

/**
 * `GET /metrics` for Prometheus, on a listener of its own (README: "Metrics"):
 * the admin API may face customers, while call counts, failed codes and the
 * guessing alarms are for operators. Nothing else is served here.
 */
export function createMetricsServer(deps: MetricsServerDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    next();
  });
  app.get('/metrics', async (req, res) => {
    if (deps.token !== null && !sameSecret(BEARER.exec(req.get('authorization') ?? '')?.[1], deps.token)) {
      res.set('WWW-Authenticate', 'Bearer realm="kvorum-metrics"');
      throw new ApiError(401, { error: 'unauthorized', message: 'the metrics token is required' });
    }
    const { contentType, body } = await deps.scrape();
    res.type(contentType).send(body);
  });
  app.use(() => {
    throw new ApiError(404, { error: 'not-found', message: 'only /metrics is served here' });
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** Compared by digest in constant time: the answer's timing tells nothing about the token. */
function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
