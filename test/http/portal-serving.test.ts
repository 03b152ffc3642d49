import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, listen, type RunningHttpServer } from '../../src/adapters/http/create-http-server';
import { PORTAL_CONTENT_SECURITY_POLICY } from '../../src/adapters/http/portal-static';
import { createSilentLogger } from '../../src/logger';
import { AdminApiHarness } from './admin-api-harness';

describe('the portal, served by the Kvorum process at /', () => {
  let api: AdminApiHarness;
  let server: RunningHttpServer;
  let dir: string;
  let base: string;
  beforeAll(async () => {
    api = await AdminApiHarness.start();
    dir = mkdtempSync(join(tmpdir(), 'kvorum-portal-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log("portal")');
    server = await listen(
      createHttpServer({ services: api.services.admin, isReady: () => true, logger: createSilentLogger(), portalDir: dir }),
      '127.0.0.1',
      0,
    );
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/', '/rooms', '/rooms/c_123', '/users/u_1/tokens'])('answers %s with the portal page and its policy', async (path) => {
    const response = await fetch(base + path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('/assets/index-abc.js');
    expect(response.headers.get('content-security-policy')).toBe(PORTAL_CONTENT_SECURITY_POLICY);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the hashed assets to be cached for good, and a missing one is 404, not the page', async () => {
    const asset = await fetch(`${base}/assets/index-abc.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/assets/gone.js`)).status).toBe(404);
  });

  it('keeps /api/v1 the API: an unknown route is a JSON 404 (or 401), never the portal page', async () => {
    const response = await fetch(`${base}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBeNull();
    const unknown = await fetch(`${base}/api/v1/no-such-route`);
    expect([401, 404]).toContain(unknown.status);
    expect(unknown.headers.get('content-type')).toMatch(/json/);
  });

  it("allows scripts only from the portal's own origin", () => {
    expect(PORTAL_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(PORTAL_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
  });
});
