import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { ApiError } from './api-error';

/**
 * The portal's policy: its scripts and styles are files of its own origin
 * (Vite emits no inline script); Mantine sets styles on elements and puts its
 * CSS variables in a <style> element, hence 'unsafe-inline' for styles only.
 * Every request goes to the same origin's /api/v1; nothing may frame it.
 */
export const PORTAL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Whether `dir` holds a built portal. */
export function isBuiltPortal(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

/**
 * Serves the built portal (dist/portal) at `/`: its hashed assets cached for
 * good, and index.html for every other GET outside the API (the portal's own
 * routes, /rooms/…, are drawn in the browser).
 */
export function servePortal(dir: string, apiBasePath: string): Router {
  const router = Router();
  const isApi = (path: string) => path === apiBasePath || path.startsWith(`${apiBasePath}/`);
  router.use((req, res, next) => {
    if (isApi(req.path)) {
      next();
      return;
    }
    res.set('Content-Security-Policy', PORTAL_CONTENT_SECURITY_POLICY);
    res.set('X-Frame-Options', 'DENY');
    res.set('Referrer-Policy', 'same-origin');
    next();
  });
  router.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false, redirect: false }), () => {
    // An asset of an older build: the page must not come back in its place (a script that is HTML).
    throw new ApiError(404, { error: 'not-found', message: 'no such file' });
  });
  router.get(/.*/, (req, res, next) => {
    if (isApi(req.path)) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
  return router;
}
