import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiHarness } from './admin-api-harness';
import { givePassword, PASSWORD, PortalBrowser, ULF } from './portal-browser';

/**
 * Passwords are set with a one-time code that an admin issues for a user it
 * manages (the token rule: not for an equal or a superior) and hands over;
 * the code works once, for 24 hours, and setting a password ends the user's
 * sessions. No password, code, session id or token ever reaches a log.
 */
const HOUR = 3_600_000;

let api: AdminApiHarness | null = null;
let now = Date.parse('2026-03-02T09:00:00Z');
afterEach(async () => {
  await api?.stop();
  api = null;
});

async function start(logLines?: string[]): Promise<AdminApiHarness> {
  now = Date.parse('2026-03-02T09:00:00Z');
  api = await AdminApiHarness.start({ now: () => now, logLines, http: { failedAuthLimits: { maxFailures: 1_000, windowMs: HOUR } } });
  await api.stores.users.update(api.callers.acmeUser.user.id, { email: ULF });
  return api;
}

describe('reset codes', () => {
  it('an admin issues a code shown once; it sets the password once; the user then signs in with it', async () => {
    const api = await start();
    const issued = await api.call(api.callers.acmeAdmin, 'POST', `/users/${api.callers.acmeUser.user.id}/password-reset`);
    expect(issued.status).toBe(201);
    expect(issued.json).toEqual({
      resetCode: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/),
      expiresAt: new Date(now + 24 * HOUR).toISOString(),
    });
    const { resetCode } = issued.json;
    // Stored hashed: the code itself is in no table.
    const stored = api.db.prepare('SELECT * FROM password_reset_codes').all();
    expect(JSON.stringify(stored)).not.toContain(resetCode);
    expect(JSON.stringify(stored).toLowerCase()).not.toContain(resetCode.replace(/-/g, '').toLowerCase());

    // Typed in lower case without dashes, it works the same.
    const typed = resetCode.replace(/-/g, '').toLowerCase();
    const set = await api.call(null, 'POST', '/password', { email: ULF, resetCode: typed, newPassword: PASSWORD });
    expect(set.status).toBe(204);
    expect((await new PortalBrowser(api).signIn(ULF, PASSWORD)).status).toBe(200);

    const again = await api.call(null, 'POST', '/password', { email: ULF, resetCode, newPassword: 'another long passphrase' });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ error: 'invalid-reset-code', message: 'the reset code is wrong, used or expired' });
    expect((await new PortalBrowser(api).signIn(ULF, PASSWORD)).status).toBe(200);
  });

  it('expires after 24 hours; a newer code retires the older; another address or a made-up code does nothing', async () => {
    const api = await start();
    const issue = async () =>
      (await api.call(api.callers.operator, 'POST', `/users/${api.callers.acmeUser.user.id}/password-reset`)).json.resetCode as string;
    const setWith = (resetCode: string, email = ULF) => api.call(null, 'POST', '/password', { email, resetCode, newPassword: PASSWORD });

    const first = await issue();
    now += 24 * HOUR;
    expect((await setWith(first)).json.error).toBe('invalid-reset-code');

    const older = await issue();
    const newer = await issue();
    expect((await setWith(older)).json.error).toBe('invalid-reset-code');
    expect((await setWith(newer, 'ada@acme.example')).json.error).toBe('invalid-reset-code');
    expect((await setWith('AAAA-BBBB-CCCC-DDDD')).json.error).toBe('invalid-reset-code');
    now += 24 * HOUR - 1;
    expect((await setWith(newer)).status).toBe(204);
  });

  it('a weak password is refused with the reason and leaves the code usable', async () => {
    const api = await start();
    const { resetCode } = (await api.call(api.callers.acmeAdmin, 'POST', `/users/${api.callers.acmeUser.user.id}/password-reset`)).json;
    for (const [newPassword, message, why] of [
      ['short one', 'the password must have at least 12 characters', { reason: 'too-short', limit: 12 }],
      ['ULF@acme.example', 'the password must not be the e-mail address', { reason: 'is-email' }],
      ['aaaaaaaaaaaaaaaa', 'the password must not be one character repeated', { reason: 'one-character' }],
    ] as const) {
      const refused = await api.call(null, 'POST', '/password', { email: ULF, resetCode, newPassword });
      expect(refused.status).toBe(400);
      expect(refused.json).toEqual({
        error: 'invalid-request',
        message: 'the request is not valid',
        fields: [{ location: 'body', field: 'newPassword', message, ...why }],
      });
    }
    expect((await api.call(null, 'POST', '/password', { email: ULF, resetCode, newPassword: PASSWORD })).status).toBe(204);
  });

  it('setting a password ends every session the user had', async () => {
    const api = await start();
    await givePassword(api, api.callers.acmeUser, ULF, PASSWORD);
    const laptop = new PortalBrowser(api);
    const phone = new PortalBrowser(api);
    await laptop.signIn(ULF, PASSWORD);
    await phone.signIn(ULF, PASSWORD);
    await givePassword(api, api.callers.acmeUser, ULF, 'a brand new passphrase');
    expect((await laptop.call('GET', '/me')).status).toBe(401);
    expect((await phone.call('GET', '/session')).status).toBe(401);
    expect((await new PortalBrowser(api).signIn(ULF, PASSWORD)).status).toBe(401);
    expect((await new PortalBrowser(api).signIn(ULF, 'a brand new passphrase')).status).toBe(200);
  });

  it('who may issue one: as for managing the user, and not for an equal (a code, like a token, makes its holder the user)', async () => {
    const api = await start();
    const reset = (caller: keyof AdminApiHarness['callers'], target: keyof AdminApiHarness['callers']) =>
      api.call(api.callers[caller], 'POST', `/users/${api.callers[target].user.id}/password-reset`);
    for (const target of ['acmeAdmin', 'acmeFinance', 'operator', 'resoldAdmin'] as const) {
      await api.stores.users.update(api.callers[target].user.id, { email: `${target.toLowerCase()}@example.com` });
    }
    expect((await reset('acmeAdmin', 'acmeUser')).status).toBe(201);
    expect((await reset('acmeAdmin', 'acmeAdmin')).status).toBe(201);
    expect((await reset('reseller', 'resoldAdmin')).status).toBe(201);
    expect((await reset('operator', 'acmeAdmin')).status).toBe(201);
    const otherOrg = await reset('otherAdmin', 'acmeUser');
    expect([otherOrg.status, otherOrg.json.error]).toEqual([404, 'not-found']);
    expect((await reset('acmeUser', 'acmeUser')).status).toBe(403);
    expect((await reset('acmeAdmin', 'operator')).status).toBe(404);
    const secondAdmin = await api.stores.users.create(
      { organisationId: api.orgs.acme.id, name: 'Second Admin', email: 'second@acme.example', role: 'org-admin' },
      now,
    );
    const equal = await api.call(api.callers.acmeAdmin, 'POST', `/users/${secondAdmin.id}/password-reset`);
    expect([equal.status, equal.json.error]).toEqual([403, 'forbidden']);
  });

  it('the user needs an e-mail address of its own to sign in with', async () => {
    const api = await start();
    const none = await api.call(api.callers.acmeAdmin, 'POST', `/users/${api.callers.acmeOtherUser.user.id}/password-reset`);
    expect(none.status).toBe(409);
    expect(none.json.message).toBe('the user has no e-mail address to sign in with: give it one first');
    await api.stores.users.update(api.callers.acmeOtherUser.user.id, { email: 'ULF@acme.example' });
    const shared = await api.call(api.callers.acmeAdmin, 'POST', `/users/${api.callers.acmeOtherUser.user.id}/password-reset`);
    expect([shared.status, shared.json.error]).toEqual([409, 'conflict']);
  });
});

describe('secrets in logs', () => {
  it('no password, reset code, session id, CSRF token or bearer token appears in any log line', async () => {
    const logLines: string[] = [];
    const api = await start(logLines);
    const { resetCode } = (await api.call(api.callers.acmeAdmin, 'POST', `/users/${api.callers.acmeUser.user.id}/password-reset`)).json;
    await api.call(null, 'POST', '/password', { email: ULF, resetCode, newPassword: 'short' });
    await api.call(null, 'POST', '/password', { email: ULF, resetCode, newPassword: PASSWORD });
    await api.call(null, 'POST', '/password', { email: ULF, resetCode, newPassword: PASSWORD });
    const browser = new PortalBrowser(api);
    await browser.signIn(ULF, 'wrong password typed here');
    await browser.signIn(ULF, PASSWORD);
    const sessionId = browser.cookie!;
    await browser.call('POST', '/conferences', { name: 'Logged' }, { csrf: 'forged-token-value' });
    await browser.call('POST', '/conferences', { name: 'Logged' });
    await browser.call('GET', `/conferences?ownerUserId=${sessionId}`);
    await browser.call('DELETE', '/session');
    await api.call(api.callers.acmeAdmin, 'GET', '/me');

    expect(logLines.length).toBeGreaterThan(10);
    const log = logLines.join('\n');
    for (const secret of [
      PASSWORD,
      'wrong password typed here',
      resetCode,
      resetCode.replace(/-/g, ''),
      sessionId,
      browser.csrfToken!,
      'forged-token-value',
      api.callers.acmeAdmin.token,
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
