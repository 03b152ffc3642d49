import { Router } from 'express';

/**
 * For orchestrators, without authentication: `/healthz` answers while the
 * process serves requests; `/readyz` answers 200 only while the bridge can take
 * calls (database open, ARI connected), 503 otherwise.
 */
export function healthRoutes(isReady: () => boolean): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const ready = isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready' });
  });
  return router;
}
