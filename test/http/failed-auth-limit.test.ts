import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiHarness } from './admin-api-harness';

/**
 * Failed authentications are limited per client address: after 3 in a
 * minute (these tests' limits; 20 in 10 minutes by default) the address gets
 * 429 with Retry-After for every credential it sends, right or wrong, until
 * the oldest failure is a minute old.
 */
let api: AdminApiHarness | null = null;
let now = Date.parse('2026-03-02T09:00:00Z');
afterEach(async () => {
  await api?.stop();
  api = null;
});

const limits = { maxFailures: 3, windowMs: 60_000 };
const WRONG = 'kvorum_this-token-was-never-issued';

describe('failed authentications', () => {
  it('after too many from one address, every credential from it waits, told how long', async () => {
    api = await AdminApiHarness.start({ now: () => now, http: { failedAuthLimits: limits } });
    const good = api.callers.acmeAdmin;
    for (let failure = 0; failure < 3; failure += 1) {
      expect((await api.call(WRONG, 'GET', '/me')).status).toBe(401);
      now += 10_000;
    }
    // The first failure was 30 s ago: 30 s to wait, for the right token as for a wrong one.
    for (const token of [WRONG, good.token]) {
      const refused = await api.call(token, 'GET', '/me');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(refused.json).toEqual({
        error: 'too-many-requests',
        message: 'too many failed sign-ins from your address: try again in 30 s',
      });
    }
    now += 29_999;
    expect((await api.call(good, 'GET', '/me')).status).toBe(429);
    now += 1;
    expect((await api.call(good, 'GET', '/me')).status).toBe(200);
    // The second failure is 50 s old: one more wrong token and the address waits again, until it leaves the window.
    expect((await api.call(WRONG, 'GET', '/me')).status).toBe(401);
    const again = await api.call(good, 'GET', '/me');
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('10');
  });

  it('requests without credentials and malformed headers: only given, wrong credentials count', async () => {
    api = await AdminApiHarness.start({ now: () => now, http: { failedAuthLimits: limits } });
    for (let request = 0; request < 10; request += 1) expect((await api.call(null, 'GET', '/me')).status).toBe(401);
    expect((await api.call(api.callers.acmeAdmin, 'GET', '/me')).status).toBe(200);
    for (let failure = 0; failure < 3; failure += 1) {
      expect((await api.call(null, 'GET', '/me', undefined, { authorization: 'Basic b2xnYTpzZWNyZXQ=' })).status).toBe(401);
    }
    expect((await api.call(api.callers.acmeAdmin, 'GET', '/me')).status).toBe(429);
  });

  it('without trust proxy, X-Forwarded-For changes nothing: the connection is the client', async () => {
    api = await AdminApiHarness.start({ now: () => now, http: { failedAuthLimits: limits } });
    for (let failure = 0; failure < 3; failure += 1) {
      await api.call(WRONG, 'GET', '/me', undefined, { 'x-forwarded-for': `203.0.113.${failure}` });
    }
    const spoofed = await api.call(api.callers.acmeAdmin, 'GET', '/me', undefined, { 'x-forwarded-for': '198.51.100.7' });
    expect(spoofed.status).toBe(429);
  });

  it('behind a trusted proxy, each client address the proxy reports is counted on its own; an IPv6 client by its /64', async () => {
    api = await AdminApiHarness.start({ now: () => now, http: { failedAuthLimits: limits, trustProxy: ['loopback'] } });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let failure = 0; failure < 3; failure += 1) await api.call(WRONG, 'GET', '/me', undefined, from('203.0.113.9'));
    expect((await api.call(api.callers.acmeAdmin, 'GET', '/me', undefined, from('203.0.113.9'))).status).toBe(429);
    expect((await api.call(api.callers.acmeAdmin, 'GET', '/me', undefined, from('198.51.100.7'))).status).toBe(200);

    for (const address of ['2001:db8:1:2::a', '2001:db8:1:2:ffff::b', '2001:0db8:0001:0002:1:2:3:4']) {
      await api.call(WRONG, 'GET', '/me', undefined, from(address));
    }
    expect((await api.call(api.callers.acmeAdmin, 'GET', '/me', undefined, from('2001:db8:1:2::99'))).status).toBe(429);
    expect((await api.call(api.callers.acmeAdmin, 'GET', '/me', undefined, from('2001:db8:1:3::99'))).status).toBe(200);
  });
});

describe('the request log', () => {
  it('shows the path of an unknown route with runs of six or more digits redacted, and a known route by its pattern', async () => {
    const logLines: string[] = [];
    api = await AdminApiHarness.start({ logLines });
    await api.call(api.callers.acmeAdmin, 'GET', '/conferences/48151623/codes/12345/call-4790012345');
    await api.call(api.callers.acmeAdmin, 'GET', '/conferences/conf-12345678');
    const paths = logLines
      .map((line) => JSON.parse(line) as { msg: string; path?: string })
      .filter((entry) => entry.msg === 'http request')
      .map((entry) => entry.path);
    expect(paths).toEqual(['/api/v1/conferences/[digits]/codes/12345/call-[digits]', '/conferences/:conferenceId']);
    expect(logLines.join('\n')).not.toMatch(/48151623|4790012345|12345678/);
  });
});
