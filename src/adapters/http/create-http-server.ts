import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { AdminServices } from '../../app/admin/admin-services';
import { DEFAULT_FAILED_AUTH_LIMITS, type FailedAuthLimits } from '../../domain/access/failed-authentications';
import type { Logger } from '../../logger';
import { ApiError } from './api-error';
import { authenticate } from './authenticate';
import { errorHandler } from './error-handler';
import { createFailedAuthLimiter } from './failed-auth-limiter';
import { healthRoutes } from './health-routes';
import { loggedPath } from './logged-path';
import { DEFAULT_LIVE_EVENT_TIMING, type LiveEventTiming } from './live-event-stream';
import { mountRoutes } from './mount-routes';
import { buildOpenApiDocument } from './openapi';
import type { Route } from './route';
import { securityHeaders } from './security-headers';
import { servePortal } from './portal-static';
import { accessNumberRoutes } from './routes/access-number-routes';
import { conferenceRoutes } from './routes/conference-routes';
import { liveRoutes } from './routes/live-routes';
import { organisationRoutes } from './routes/organisation-routes';
import { billingRoutes } from './routes/billing-routes';
import { bookingRoutes } from './routes/booking-routes';
import { licenceRoutes } from './routes/licence-routes';
import { reportRoutes } from './routes/report-routes';
import { sessionRoutes } from './routes/session-routes';
import { userRoutes } from './routes/user-routes';

const API_BASE_PATH = '/api/v1';

export interface HttpServerDeps {
  services: AdminServices;
  /** Database open and ARI connected. */
  isReady: () => boolean;
  logger: Logger;
  /** Largest accepted request body; larger ones get 413. */
  bodyLimitBytes?: number;
  /**
   * Express's `trust proxy`: false (the default) takes the client address from
   * the connection; behind a reverse proxy, that proxy (its addresses, or how
   * many hops) so X-Forwarded-For is believed from it only.
   */
  trustProxy?: TrustProxy;
  /** Failed authentications allowed per client address (default: DEFAULT_FAILED_AUTH_LIMITS). */
  failedAuthLimits?: FailedAuthLimits;
  /** The built portal to serve at `/` (dist/portal); none: the API alone. */
  portalDir?: string;
  /** The services' clock (which meeting of a series is next), and the failed-authentication windows'; default the wall clock. */
  now?: () => number;
  /** The pace of GET /live/events (default DEFAULT_LIVE_EVENT_TIMING); tests shorten the heartbeat and the lifetime. */
  liveEvents?: Partial<LiveEventTiming>;
}

export type TrustProxy = boolean | number | readonly string[];

/** Every operation of the admin API, in the order the OpenAPI document lists them. */
function adminRoutes(services: AdminServices, now: () => number, liveEvents: LiveEventTiming): Route[] {
  return [
    ...sessionRoutes(services),
    ...userRoutes(services),
    ...organisationRoutes(services),
    ...conferenceRoutes(services),
    ...accessNumberRoutes(services),
    ...liveRoutes(services, liveEvents),
    ...reportRoutes(services),
    ...billingRoutes(services),
    ...bookingRoutes(services, now),
    ...licenceRoutes(services),
  ];
}

/** The OpenAPI document of the admin API that `createHttpServer` serves at /api/v1/openapi.json. */
export function adminApiDocument(services: AdminServices): Record<string, unknown> {
  return buildOpenApiDocument(
    adminRoutes(services, () => Date.now(), DEFAULT_LIVE_EVENT_TIMING),
    API_BASE_PATH,
  );
}

/** The express app serving the admin API under /api/v1, plus /healthz and /readyz. */
export function createHttpServer(deps: HttpServerDeps): Express {
  const { services, isReady, logger } = deps;
  const routes = adminRoutes(services, deps.now ?? (() => Date.now()), { ...DEFAULT_LIVE_EVENT_TIMING, ...deps.liveEvents });
  const openApiDocument = buildOpenApiDocument(routes, API_BASE_PATH);

  const limiter = createFailedAuthLimiter({ limits: deps.failedAuthLimits ?? DEFAULT_FAILED_AUTH_LIMITS, now: deps.now ?? Date.now });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(securityHeaders(API_BASE_PATH));
  app.use((req, res, next) => {
    const startedAt = performance.now();
    res.on('finish', () => {
      logger.info(
        {
          method: req.method,
          path: loggedPath(req),
          status: res.statusCode,
          ms: Math.round(performance.now() - startedAt),
        },
        'http request',
      );
    });
    next();
  });
  app.use(healthRoutes(isReady));
  app.get(`${API_BASE_PATH}/openapi.json`, (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(
    API_BASE_PATH,
    express.json({ limit: deps.bodyLimitBytes ?? 64 * 1024 }),
    mountRoutes(
      routes.filter((route) => route.roles === 'public'),
      limiter,
    ),
    authenticate(services.authenticator, services.sessions, limiter),
    mountRoutes(
      routes.filter((route) => route.roles !== 'public'),
      limiter,
    ),
  );
  if (deps.portalDir !== undefined) app.use(servePortal(deps.portalDir, API_BASE_PATH));
  app.use(() => {
    throw new ApiError(404, { error: 'not-found', message: 'no such route' });
  });
  app.use(errorHandler(logger));
  return app;
}

export interface RunningHttpServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Starts serving `app` on host:port and resolves once it listens. */
export function listen(app: Express, host: string, port: number): Promise<RunningHttpServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) {
        reject(error);
        return;
      }
      resolve({
        port: (server.address() as AddressInfo).port,
        server,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((closeError) => (closeError ? fail(closeError) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
