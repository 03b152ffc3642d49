import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiHarness, type ApiResponse } from './admin-api-harness';

/**
 * Headers every answer carries: `X-Content-Type-Options: nosniff` on every
 * response, and `Cache-Control: no-store` on every admin API response (some
 * carry codes or token secrets shown only once; all are one caller's data).
 * The routes are enumerated from the OpenAPI document, so a new one is
 * checked without touching this file.
 */
let api: AdminApiHarness;
/** `open`: takes no credentials (signing in, setting a password), so anyone gets its own answer, not 401. */
let operations: Array<{ method: string; path: string; open: boolean }>;

beforeAll(async () => {
  // The live events stream ends at once here, so that reading every route's whole answer ends too.
  api = await AdminApiHarness.start({ http: { liveEvents: { lifetimeMs: 10 } } });
  const document = (await api.call(null, 'GET', '/openapi.json')).json as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{[^}]+\}/g, 'nope'),
      open: operation.security?.length === 0,
    })),
  );
});
afterAll(() => api.stop());

const expectApiHeaders = (response: ApiResponse, what: string) => {
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('cache-control'), what).toBe('no-store');
};

describe('headers', () => {
  it('every route of the API answers with nosniff and no-store, whatever it answers', async () => {
    expect(operations.length).toBeGreaterThan(30);
    for (const { method, path, open } of operations) {
      const url = `/${path.replace(/^\/api\/v1\//, '')}`;
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const asOperator = await api.call(api.callers.operator, method, url, body);
      expectApiHeaders(asOperator, `${method} ${path}: ${asOperator.status}`);
      const anonymous = await api.call(null, method, url, body);
      if (!open) expect(anonymous.status, `${method} ${path} without a token`).toBe(401);
      expectApiHeaders(anonymous, `${method} ${path} without a token`);
    }
  });

  it('answers that carry a code or a token secret are not to be stored', async () => {
    const created = await api.call(api.callers.acmeAdmin, 'POST', '/conferences', { name: 'Board' });
    expect(created.status).toBe(201);
    expect(created.json.codes).toHaveLength(2);
    expectApiHeaders(created, 'new conference with its codes');
    const reset = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${created.json.conference.id}/codes/leader/reset`);
    expect(reset.json.code.code).toMatch(/^\d+$/);
    expectApiHeaders(reset, 'reset code');
    const token = await api.call(api.callers.acmeAdmin, 'POST', `/users/${api.callers.acmeUser.user.id}/tokens`, { name: 'ci' });
    expect(token.json.secret).toMatch(/^kvorum_/);
    expectApiHeaders(token, 'token secret');
  });

  it('so do a streamed report, the OpenAPI document, an unknown route and an oversized body; health answers are nosniff', async () => {
    expectApiHeaders(await api.call(api.callers.acmeFinance, 'GET', '/reports/charges?from=2025-03-01&to=2025-03-31'), 'report');
    expectApiHeaders(await api.call(null, 'GET', '/openapi.json'), 'openapi');
    expectApiHeaders(await api.call(api.callers.operator, 'GET', '/no/such/route'), 'unknown route');
    expectApiHeaders(await api.call(api.callers.operator, 'POST', '/users', { name: 'x'.repeat(100_000) }), 'too large');
    for (const path of ['//healthz', '//readyz', '//no-such-page']) {
      expect((await api.call(null, 'GET', path)).headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});
