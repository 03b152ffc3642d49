import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiHarness } from './admin-api-harness';
import { givePassword, PASSWORD, PortalBrowser, ULF } from './portal-browser';

/**
 * People sign in to the portal with e-mail and password and are then the
 * same principal their bearer token would be: same roles, same scope. The
 * session lives in an HttpOnly, SameSite=Strict cookie; every change made
 * with it carries the CSRF token; it ends on sign-out, after an hour unused
 * and 12 hours after sign-in. Five wrong passwords lock the account.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let api: AdminApiHarness | null = null;
let now = Date.parse('2026-03-02T09:00:00Z');
afterEach(async () => {
  await api?.stop();
  api = null;
});

/** An API whose address limit stays out of the way (it is tested on its own below). */
async function start(options: Parameters<typeof AdminApiHarness.start>[0] = {}): Promise<AdminApiHarness> {
  now = Date.parse('2026-03-02T09:00:00Z');
  api = await AdminApiHarness.start({ now: () => now, http: { failedAuthLimits: { maxFailures: 1_000, windowMs: HOUR } }, ...options });
  await givePassword(api, api.callers.acmeUser, ULF, PASSWORD);
  return api;
}

describe('signing in and out', () => {
  it('sets an HttpOnly, SameSite=Strict cookie that authenticates as the user; sign-out ends it server-side', async () => {
    const api = await start();
    const browser = new PortalBrowser(api);
    const signedIn = await browser.signIn(' Ulf@ACME.example ', PASSWORD);
    expect(signedIn.status).toBe(200);
    const { user } = api.callers.acmeUser;
    expect(signedIn.json).toEqual({
      user: { userId: user.id, email: ULF, name: user.name, role: 'user', organisationId: user.organisationId },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: new Date(now + HOUR).toISOString(),
    });
    expect(browser.setCookies).toHaveLength(1);
    expect(browser.setCookies[0]).toMatch(/^kvorum_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);

    const me = await browser.call('GET', '/me');
    expect(me.status).toBe(200);
    expect(me.json.user.id).toBe(user.id);
    expect(me.json.tokenId).toMatch(/^ses-/);
    const session = await browser.call('GET', '/session');
    expect(session.json.csrfToken).toBe(signedIn.json.csrfToken);

    const stolen = browser.cookie;
    const withoutToken = await browser.call('DELETE', '/session', undefined, { csrf: null });
    expect([withoutToken.status, withoutToken.json.error]).toEqual([403, 'csrf']);
    expect((await browser.call('GET', '/me')).status).toBe(200);

    const signedOut = await browser.call('DELETE', '/session');
    expect(signedOut.status).toBe(204);
    expect(browser.setCookies.at(-1)).toBe('kvorum_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    expect(browser.cookie).toBeNull();
    // The old cookie, kept by someone, no longer works: the session ended on the server.
    browser.cookie = stolen;
    const replayed = await browser.call('GET', '/me');
    expect([replayed.status, replayed.json.error]).toEqual([401, 'unauthorized']);
    expect(browser.cookie).toBeNull();
    browser.cookie = stolen;
    expect((await browser.call('GET', '/session')).status).toBe(401);
  });

  it('over https (behind a trusted proxy) the cookie is Secure as well', async () => {
    const api = await start({
      now: () => now,
      http: { trustProxy: ['loopback'], failedAuthLimits: { maxFailures: 1_000, windowMs: HOUR } },
    });
    const browser = new PortalBrowser(api, { 'x-forwarded-proto': 'https' });
    expect((await browser.signIn(ULF, PASSWORD)).status).toBe(200);
    expect(browser.setCookies[0]).toMatch(/; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
  });

  it('a wrong password, an unknown address and a deleted user get the very same answer', async () => {
    const api = await start();
    await givePassword(api, api.callers.acmeOtherUser, 'una@acme.example', PASSWORD);
    expect((await api.call(api.callers.acmeAdmin, 'DELETE', `/users/${api.callers.acmeOtherUser.user.id}`)).status).toBe(204);
    const answers = [];
    for (const [email, password] of [
      [ULF, 'not the password at all'],
      ['nobody@acme.example', PASSWORD],
      ['una@acme.example', PASSWORD],
    ] as const) {
      const response = await new PortalBrowser(api).signIn(email, password);
      answers.push({ status: response.status, body: response.json, cookie: response.headers.getSetCookie() });
    }
    expect(answers).toEqual(
      Array(3).fill({ status: 401, body: { error: 'unauthorized', message: 'wrong e-mail address or password' }, cookie: [] }),
    );
  });

  it('a user without a password, and a bearer token, have no session to read', async () => {
    const api = await start();
    expect((await new PortalBrowser(api).call('GET', '/session')).status).toBe(401);
    expect((await api.call(api.callers.acmeUser, 'GET', '/session')).status).toBe(401);
    const garbage = new PortalBrowser(api);
    garbage.cookie = 'made-up';
    expect((await garbage.call('GET', '/me')).status).toBe(401);
  });
});

describe('lock-out', () => {
  it('5 wrong passwords within 15 minutes lock the account, the right one too, until the first is 15 minutes old', async () => {
    const api = await start();
    const browser = new PortalBrowser(api);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await browser.signIn(ULF, `wrong password ${attempt}`)).status).toBe(401);
      now += MINUTE;
    }
    // The first failure was 5 minutes ago: 10 minutes to wait.
    const locked = await browser.signIn(ULF, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('600');
    expect(locked.json).toEqual({ error: 'too-many-requests', message: 'too many failed sign-ins for this account: try again in 600 s' });
    expect(browser.cookie).toBeNull();
    // Another account from the same address is not locked.
    await givePassword(api, api.callers.acmeAdmin, 'ada@acme.example', PASSWORD);
    expect((await new PortalBrowser(api).signIn('ada@acme.example', PASSWORD)).status).toBe(200);

    now += 10 * MINUTE - 1;
    expect((await browser.signIn(ULF, PASSWORD)).status).toBe(429);
    now += 1;
    expect((await browser.signIn(ULF, PASSWORD)).status).toBe(200);
    // A good sign-in forgets the failures: four more wrong ones do not lock.
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await browser.signIn(ULF, 'wrong again')).status).toBe(401);
    expect((await browser.signIn(ULF, PASSWORD)).status).toBe(200);
  });

  it('an unknown address locks like a known one, so the lock-out does not tell which exist', async () => {
    const api = await start();
    const browser = new PortalBrowser(api);
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await browser.signIn('ghost@acme.example', 'guess')).status).toBe(401);
    const locked = await browser.signIn('ghost@acme.example', 'guess');
    expect([locked.status, locked.headers.get('retry-after')]).toEqual([429, '900']);
  });

  it('failed sign-ins also count against the address: spraying many accounts from one address is stopped', async () => {
    const api = await start({ now: () => now, http: { failedAuthLimits: { maxFailures: 3, windowMs: MINUTE } } });
    for (const email of ['a@acme.example', 'b@acme.example', 'c@acme.example']) {
      expect((await new PortalBrowser(api).signIn(email, PASSWORD)).status).toBe(401);
    }
    const limited = await new PortalBrowser(api).signIn(ULF, PASSWORD);
    expect([limited.status, limited.json.message]).toEqual([429, 'too many failed sign-ins from your address: try again in 60 s']);
  });
});

describe('session expiry', () => {
  it('ends after an hour unused', async () => {
    const api = await start();
    const browser = new PortalBrowser(api);
    await browser.signIn(ULF, PASSWORD);
    now += HOUR - 1;
    expect((await browser.call('GET', '/me')).status).toBe(200);
    // That use moved the idle expiry on by an hour.
    now += HOUR - 1;
    expect((await browser.call('GET', '/session')).json.expiresAt).toBe(new Date(now + HOUR).toISOString());
    now += HOUR;
    expect((await browser.call('GET', '/me')).status).toBe(401);
    expect(browser.cookie).toBeNull();
  });

  it('ends 12 hours after sign-in however busy', async () => {
    const api = await start();
    const browser = new PortalBrowser(api);
    await browser.signIn(ULF, PASSWORD);
    const signedInAt = now;
    for (let half = 1; half < 24; half += 1) {
      now = signedInAt + half * 30 * MINUTE;
      expect((await browser.call('GET', '/me')).status).toBe(200);
    }
    // The idle expiry never reaches past the absolute one.
    expect((await browser.call('GET', '/session')).json.expiresAt).toBe(new Date(signedInAt + 12 * HOUR).toISOString());
    now = signedInAt + 12 * HOUR;
    expect((await browser.call('GET', '/me')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('a change made with the cookie needs the session’s X-CSRF-Token; reads do not; a bearer token never does', async () => {
    const api = await start();
    const browser = new PortalBrowser(api);
    await browser.signIn(ULF, PASSWORD);
    const missing = await browser.call('POST', '/conferences', { name: 'Forged' }, { csrf: null });
    expect(missing.status).toBe(403);
    expect(missing.json).toEqual({ error: 'csrf', message: 'X-CSRF-Token is required with the session cookie' });
    const wrong = await browser.call('POST', '/conferences', { name: 'Forged' }, { csrf: 'a'.repeat(43) });
    expect([wrong.status, wrong.json.error]).toEqual([403, 'csrf']);
    expect((await browser.call('GET', '/conferences')).json.conferences).toEqual([]);

    const made = await browser.call('POST', '/conferences', { name: 'Weekly' });
    expect(made.status).toBe(201);
    expect(made.json.conference.ownerUserId).toBe(api.callers.acmeUser.user.id);
    // Another session's token does not do either.
    const other = new PortalBrowser(api);
    await other.signIn(ULF, PASSWORD);
    expect(other.csrfToken).not.toBe(browser.csrfToken);
    const crossed = await browser.call('DELETE', `/conferences/${made.json.conference.id}`, undefined, { csrf: other.csrfToken });
    expect(crossed.status).toBe(403);
    expect((await api.call(api.callers.acmeUser, 'POST', '/conferences', { name: 'By token' })).status).toBe(201);
  });
});

describe('the session is the same principal as the user’s token', () => {
  it('sees exactly what the token sees; another organisation’s conference does not exist for either', async () => {
    const api = await start();
    await givePassword(api, api.callers.acmeAdmin, 'ada@acme.example', PASSWORD);
    const own = await api.createConference(api.callers.acmeUser, { name: 'Mine' });
    await api.createConference(api.callers.acmeAdmin, { name: 'Admin room' });
    const foreign = await api.createConference(api.callers.otherAdmin, { name: 'Other Corp room' });

    for (const [caller, email] of [
      [api.callers.acmeUser, ULF],
      [api.callers.acmeAdmin, 'ada@acme.example'],
    ] as const) {
      const browser = new PortalBrowser(api);
      await browser.signIn(email, PASSWORD);
      for (const path of [
        '/conferences',
        `/conferences/${own.id}`,
        `/conferences/${foreign.id}`,
        '/users',
        `/users/${api.callers.otherUser.user.id}`,
        `/organisations/${api.orgs.other.id}`,
        '/organisations',
      ]) {
        const byToken = await api.call(caller, 'GET', path);
        const bySession = await browser.call('GET', path);
        expect({ path, status: bySession.status, json: bySession.json }).toEqual({ path, status: byToken.status, json: byToken.json });
      }
      expect((await browser.call('GET', `/conferences/${foreign.id}`)).status).toBe(404);
      const change = await browser.call('PATCH', `/conferences/${foreign.id}`, { name: 'Taken over' });
      expect(change.status).toBe(404);
    }
    // A role's limits hold for the session as for the token.
    const ulf = new PortalBrowser(api);
    await ulf.signIn(ULF, PASSWORD);
    expect((await ulf.call('GET', '/users')).status).toBe(403);
    expect((await ulf.call('POST', `/users/${api.callers.acmeOtherUser.user.id}/password-reset`)).status).toBe(403);
  });

  it('a changed role applies to a running session at once; a deleted user’s session ends', async () => {
    const api = await start();
    const browser = new PortalBrowser(api);
    await browser.signIn(ULF, PASSWORD);
    const { user } = api.callers.acmeUser;
    expect((await api.call(api.callers.acmeAdmin, 'PATCH', `/users/${user.id}`, { role: 'org-admin' })).status).toBe(200);
    expect((await browser.call('GET', '/users')).status).toBe(200);
    expect((await api.call(api.callers.operator, 'DELETE', `/users/${user.id}`)).status).toBe(204);
    expect((await browser.call('GET', '/me')).status).toBe(401);
  });
});
