import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/app/admin/roles';
import { AdminApiHarness, type Caller } from './admin-api-harness';

/**
 * Every route of the admin API, with the roles that may use it. Every other
 * role is refused with 403 before anything happens, and a caller without a
 * valid token gets 401. (What allowed roles can do is tested per feature.)
 */
interface RouteCase {
  method: string;
  path: string;
  body?: unknown;
  allowed: readonly Role[];
}

const ADMINS: Role[] = ['operator', 'reseller', 'org-admin'];
const CONFERENCE_MANAGERS: Role[] = [...ADMINS, 'user'];
const REPORT_READERS: Role[] = [...ADMINS, 'finance'];
const EVERYONE: Role[] = [...ADMINS, 'user', 'finance'];

let api: AdminApiHarness;
let routes: RouteCase[];

beforeAll(async () => {
  // Every route is called with a wrong token here, far more often than the
  // limit on failed sign-ins per address allows; that limit has its own
  // tests (failed-auth-limit.test.ts), this file checks roles.
  api = await AdminApiHarness.start({ http: { failedAuthLimits: { maxFailures: 1_000_000, windowMs: 60_000 } } });
  const org = api.orgs.acme.id;
  const user = api.callers.acmeOtherUser.user.id;
  const conference = (await api.createConference(api.callers.acmeUser)).id;
  const tokenId = (await api.call(api.callers.acmeAdmin, 'POST', `/users/${user}/tokens`, { name: 'cli' })).json.token.id;
  const host = await api.host();
  const room = (await api.createConference(api.callers.acmeAdmin, { ownerUserId: host.id })).id;
  const booking = (await api.createBooking(api.callers.acmeAdmin, { conferenceId: room, hostUserId: host.id })).id;
  const licence = (await api.call(api.callers.acmeAdmin, 'POST', `/users/${host.id}/licences`, { planId: 'basic' })).json.id;
  routes = [
    { method: 'GET', path: '/me', allowed: EVERYONE },
    { method: 'GET', path: '/organisations', allowed: REPORT_READERS },
    { method: 'POST', path: '/organisations', body: { name: 'New', billingReference: '123' }, allowed: ['operator', 'reseller'] },
    { method: 'GET', path: `/organisations/${org}`, allowed: REPORT_READERS },
    { method: 'PATCH', path: `/organisations/${org}`, body: { name: 'Renamed' }, allowed: ADMINS },
    { method: 'GET', path: `/organisations/${org}/statistics?from=2025-03-01&to=2025-03-31`, allowed: REPORT_READERS },
    {
      method: 'GET',
      path: `/organisations/${org}/conferences/${conference}/statistics?from=2025-03-01&to=2025-03-31`,
      allowed: REPORT_READERS,
    },
    { method: 'GET', path: '/statistics?from=2025-03-01&to=2025-03-31', allowed: REPORT_READERS },
    { method: 'GET', path: '/users', allowed: ADMINS },
    { method: 'POST', path: '/users', body: { name: 'New', role: 'user' }, allowed: ADMINS },
    { method: 'GET', path: `/users/${user}`, allowed: ADMINS },
    { method: 'PATCH', path: `/users/${user}`, body: { name: 'Renamed' }, allowed: ADMINS },
    { method: 'DELETE', path: `/users/${user}`, allowed: ADMINS },
    // Every role may list and revoke its own tokens; whose others it may touch is the tokens service's rule (tokens tests).
    { method: 'GET', path: `/users/${user}/tokens`, allowed: EVERYONE },
    { method: 'POST', path: `/users/${user}/tokens`, body: { name: 'x' }, allowed: ADMINS },
    { method: 'POST', path: `/users/${user}/password-reset`, allowed: ADMINS },
    { method: 'POST', path: `/users/${user}/deactivate`, allowed: ADMINS },
    { method: 'POST', path: `/users/${user}/reactivate`, allowed: ADMINS },
    { method: 'DELETE', path: `/tokens/${tokenId}`, allowed: EVERYONE },
    { method: 'GET', path: '/conferences', allowed: CONFERENCE_MANAGERS },
    { method: 'POST', path: '/conferences', body: { name: 'x' }, allowed: CONFERENCE_MANAGERS },
    { method: 'GET', path: `/conferences/${conference}`, allowed: CONFERENCE_MANAGERS },
    { method: 'PATCH', path: `/conferences/${conference}`, body: { name: 'x' }, allowed: CONFERENCE_MANAGERS },
    { method: 'DELETE', path: `/conferences/${conference}`, allowed: CONFERENCE_MANAGERS },
    { method: 'GET', path: `/conferences/${conference}/subscription`, allowed: CONFERENCE_MANAGERS },
    { method: 'GET', path: `/conferences/${conference}/dial-in-card`, allowed: CONFERENCE_MANAGERS },
    { method: 'POST', path: `/conferences/${conference}/codes/leader/reset`, allowed: CONFERENCE_MANAGERS },
    { method: 'GET', path: '/access-numbers', allowed: EVERYONE },
    { method: 'GET', path: '/access-numbers/22222222', allowed: EVERYONE },
    { method: 'POST', path: '/access-numbers', body: { number: '80012345', label: 'x', defaultLanguage: 'nb' }, allowed: ['operator'] },
    { method: 'PATCH', path: '/access-numbers/22222222', body: { label: 'x' }, allowed: ['operator'] },
    { method: 'DELETE', path: '/access-numbers/22222222', allowed: ['operator'] },
    { method: 'GET', path: '/live', allowed: CONFERENCE_MANAGERS },
    { method: 'GET', path: '/live/events', allowed: CONFERENCE_MANAGERS },
    { method: 'GET', path: `/conferences/${conference}/live`, allowed: CONFERENCE_MANAGERS },
    {
      method: 'POST',
      path: `/conferences/${conference}/live/participants/leg-1/mute`,
      body: { muted: true },
      allowed: CONFERENCE_MANAGERS,
    },
    { method: 'DELETE', path: `/conferences/${conference}/live/participants/leg-1`, allowed: CONFERENCE_MANAGERS },
    { method: 'POST', path: `/conferences/${conference}/live/listen-mode`, body: { on: true }, allowed: CONFERENCE_MANAGERS },
    { method: 'POST', path: `/conferences/${conference}/live/lock`, body: { locked: true }, allowed: CONFERENCE_MANAGERS },
    { method: 'POST', path: `/conferences/${conference}/live/lobby/next/admit`, allowed: CONFERENCE_MANAGERS },
    { method: 'POST', path: `/conferences/${conference}/live/lobby/next/refuse`, allowed: CONFERENCE_MANAGERS },
    { method: 'POST', path: `/conferences/${conference}/live/participants/disconnect`, allowed: CONFERENCE_MANAGERS },
    { method: 'POST', path: `/conferences/${conference}/live/end`, allowed: CONFERENCE_MANAGERS },
    { method: 'GET', path: '/reports/charges?from=2025-03-01&to=2025-03-31', allowed: REPORT_READERS },
    { method: 'GET', path: '/tariffs', allowed: ['operator'] },
    { method: 'POST', path: '/tariffs', body: { effectiveFrom: '2099-01-01', rateOrePerMinute: 1 }, allowed: ['operator'] },
    { method: 'GET', path: `/organisations/${org}/tariffs`, allowed: REPORT_READERS },
    { method: 'GET', path: '/vat-rate', allowed: REPORT_READERS },
    { method: 'GET', path: '/vat-rates', allowed: REPORT_READERS },
    { method: 'POST', path: '/vat-rates', body: { effectiveFrom: '2099-01-01', vatRateBasisPoints: 2500 }, allowed: ['operator'] },
    { method: 'GET', path: '/room-prices', allowed: REPORT_READERS },
    {
      method: 'POST',
      path: '/room-prices',
      body: { roomType: 'personal', effectiveFrom: '2099-01-01', priceOrePerMonth: 8000 },
      allowed: ['operator'],
    },
    { method: 'GET', path: `/organisations/${org}/adjustments`, allowed: REPORT_READERS },
    { method: 'POST', path: `/organisations/${org}/adjustments`, body: { amountOre: -1, reason: 'x' }, allowed: ['operator', 'reseller'] },
    {
      method: 'POST',
      path: '/bookings',
      body: { conferenceId: room, title: 'x', startsAt: '2099-01-01T09:00', endsAt: '2099-01-01T10:00' },
      allowed: CONFERENCE_MANAGERS,
    },
    { method: 'GET', path: '/bookings', allowed: CONFERENCE_MANAGERS },
    { method: 'GET', path: '/bookings/upcoming', allowed: CONFERENCE_MANAGERS },
    { method: 'GET', path: `/bookings/${booking}`, allowed: CONFERENCE_MANAGERS },
    { method: 'PATCH', path: `/bookings/${booking}`, body: { title: 'x' }, allowed: CONFERENCE_MANAGERS },
    { method: 'DELETE', path: `/bookings/${booking}`, allowed: CONFERENCE_MANAGERS },
    {
      method: 'POST',
      path: `/bookings/${booking}/cancelled-occurrences`,
      body: { start: '2099-01-01T09:00:00+01:00' },
      allowed: CONFERENCE_MANAGERS,
    },
    { method: 'GET', path: '/licence-plans', allowed: REPORT_READERS },
    {
      method: 'POST',
      path: '/licence-plans',
      body: { id: 'x', name: 'x', priceOrePerYear: 0, maxParticipants: null, groupTimeLimitMinutes: null },
      allowed: ['operator'],
    },
    { method: 'PATCH', path: '/licence-plans/basic', body: { name: 'Basic' }, allowed: ['operator'] },
    { method: 'PUT', path: '/licence-default-plan', body: { planId: 'unlimited' }, allowed: ['operator'] },
    { method: 'GET', path: `/users/${host.id}/licences`, allowed: REPORT_READERS },
    { method: 'POST', path: `/users/${host.id}/licences`, body: { planId: 'basic' }, allowed: ADMINS },
    { method: 'GET', path: `/organisations/${org}/licences`, allowed: REPORT_READERS },
    { method: 'POST', path: `/licences/${licence}/end`, allowed: ADMINS },
  ];
});

afterAll(() => api.stop());

function callerWithRole(role: Role): Caller {
  const { operator, reseller, acmeAdmin, acmeUser, acmeFinance } = api.callers;
  const byRole: Record<Role, Caller> = { operator, reseller, 'org-admin': acmeAdmin, user: acmeUser, finance: acmeFinance };
  return byRole[role];
}

describe('roles on every route', () => {
  it('covers every operation in the OpenAPI document', async () => {
    const document = (await api.call(null, 'GET', '/openapi.json')).json;
    // Signing in and setting a password with a code take no credentials (security: []): portal-sessions tests.
    const documented = Object.entries(document.paths as Record<string, Record<string, { security?: unknown[] }>>).flatMap(
      ([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => operation.security?.length !== 0)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const tested = routes.map((route) => `${route.method} /api/v1${route.path.split('?')[0]}`);
    expect(documented).toHaveLength(routes.length);
    for (const operation of documented) {
      const pattern = new RegExp(`^${operation.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      expect(
        tested.some((t) => pattern.test(t)),
        operation,
      ).toBe(true);
    }
  });

  it('refuses each role that may not use a route with 403, and says nothing more', async () => {
    for (const route of routes) {
      for (const role of (['operator', 'reseller', 'org-admin', 'user', 'finance'] as const).filter((r) => !route.allowed.includes(r))) {
        const response = await api.call(callerWithRole(role), route.method, route.path, route.body);
        expect(response.status, `${role} ${route.method} ${route.path}`).toBe(403);
        expect(response.json).toEqual({ error: 'forbidden', message: `the ${role} role may not do this` });
      }
    }
    // Nothing was changed by the refused calls.
    expect((await api.call(api.callers.acmeAdmin, 'GET', `/users/${api.callers.acmeOtherUser.user.id}`)).json.name).toBe('Una User');
  });

  it('answers 401 on every route without a token, with a wrong token, or with a malformed header', async () => {
    for (const route of routes) {
      for (const token of [null, 'kvorum_not-a-real-token']) {
        const response = await api.call(token, route.method, route.path, route.body);
        expect(response.status, `${route.method} ${route.path}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="kvorum"');
        expect(response.json.error).toBe('unauthorized');
      }
    }
    const basic = await api.call(null, 'GET', '/me', undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
  });
});
