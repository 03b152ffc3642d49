import { afterEach, describe, expect, it } from 'vitest';
import { SqlLedger } from '../../src/adapters/db/sql-ledger';
import { AdminApiHarness } from './admin-api-harness';
import { givePassword, PASSWORD, PortalBrowser, ULF } from './portal-browser';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';

/**
 * Admins deactivate users instead of deleting them: a deactivated user
 * keeps its rooms and history, cannot sign in (the answer of a wrong
 * password), its tokens answer 401 and its sessions end at once.
 * Reactivating gives it back its sign-in and the tokens nobody revoked.
 */
const HOUR = 3_600_000;
const WRONG_PASSWORD = { status: 401, body: { error: 'unauthorized', message: 'wrong e-mail address or password' }, cookie: [] };

let api: AdminApiHarness | null = null;
let now = Date.parse('2026-03-02T09:00:00Z');
afterEach(async () => {
  await api?.stop();
  api = null;
});

async function start(): Promise<AdminApiHarness> {
  now = Date.parse('2026-03-02T09:00:00Z');
  api = await AdminApiHarness.start({ now: () => now, http: { failedAuthLimits: { maxFailures: 1_000, windowMs: HOUR } } });
  await givePassword(api, api.callers.acmeUser, ULF, PASSWORD);
  return api;
}

async function signInAnswer(api: AdminApiHarness, email: string, password: string) {
  const response = await new PortalBrowser(api).signIn(email, password);
  return { status: response.status, body: response.json, cookie: response.headers.getSetCookie() };
}

describe('deactivating and reactivating a user', () => {
  it('ends its session, stops its token and its sign-in; reactivating restores sign-in and the tokens not revoked', async () => {
    const api = await start();
    const { acmeAdmin, acmeUser } = api.callers;
    const browser = new PortalBrowser(api);
    expect((await browser.signIn(ULF, PASSWORD)).status).toBe(200);
    const revoked = (await api.call(acmeAdmin, 'POST', `/users/${acmeUser.user.id}/tokens`, { name: 'old laptop' })).json;
    expect((await api.call(acmeAdmin, 'DELETE', `/tokens/${revoked.token.id}`)).status).toBe(204);
    expect((await api.call(acmeUser, 'GET', '/me')).json.user).toMatchObject({ active: true, deactivatedAt: null });

    const deactivated = await api.call(acmeAdmin, 'POST', `/users/${acmeUser.user.id}/deactivate`);
    expect(deactivated.status).toBe(200);
    expect(deactivated.json).toMatchObject({
      id: acmeUser.user.id,
      role: 'user',
      active: false,
      deactivatedAt: new Date(now).toISOString(),
    });
    expect((await api.call(acmeAdmin, 'GET', `/users/${acmeUser.user.id}`)).json.active).toBe(false);
    const listed = (await api.call(acmeAdmin, 'GET', '/users')).json.users;
    expect(listed.find((user: { id: string }) => user.id === acmeUser.user.id)).toMatchObject({ active: false });

    const byToken = await api.call(acmeUser, 'GET', '/me');
    expect([byToken.status, byToken.json.error]).toEqual([401, 'unauthorized']);
    const byCookie = await browser.call('GET', '/me');
    expect([byCookie.status, byCookie.json.error]).toEqual([401, 'unauthorized']);
    // The right password gets exactly what a wrong one gets.
    expect(await signInAnswer(api, ULF, PASSWORD)).toEqual(WRONG_PASSWORD);
    expect(await signInAnswer(api, ULF, 'not the password at all')).toEqual(WRONG_PASSWORD);
    // No new way in meanwhile: no token, no reset code.
    for (const path of ['tokens', 'password-reset']) {
      const refused = await api.call(
        acmeAdmin,
        'POST',
        `/users/${acmeUser.user.id}/${path}`,
        path === 'tokens' ? { name: 'x' } : undefined,
      );
      expect([refused.status, refused.json.message]).toEqual([409, 'the user is deactivated: reactivate it first']);
    }
    // Again: nothing changes, the instant stays.
    now += HOUR;
    const again = await api.call(acmeAdmin, 'POST', `/users/${acmeUser.user.id}/deactivate`);
    expect([again.status, again.json.deactivatedAt]).toEqual([200, deactivated.json.deactivatedAt]);

    const reactivated = await api.call(acmeAdmin, 'POST', `/users/${acmeUser.user.id}/reactivate`);
    expect(reactivated.status).toBe(200);
    expect(reactivated.json).toMatchObject({ active: true, deactivatedAt: null });
    expect((await api.call(acmeUser, 'GET', '/me')).status).toBe(200);
    expect((await api.call(revoked.secret, 'GET', '/me')).status).toBe(401);
    // The session that ended stays ended; signing in again works.
    expect((await browser.call('GET', '/me')).status).toBe(401);
    const signedIn = new PortalBrowser(api);
    expect((await signedIn.signIn(ULF, PASSWORD)).status).toBe(200);
    expect((await signedIn.call('GET', '/me')).json.user).toMatchObject({ id: acmeUser.user.id, active: true });
  });

  it('a reset code issued before the deactivation sets no password while it lasts', async () => {
    const api = await start();
    const { acmeAdmin, acmeUser } = api.callers;
    const code = (await api.call(acmeAdmin, 'POST', `/users/${acmeUser.user.id}/password-reset`)).json.resetCode;
    await api.call(acmeAdmin, 'POST', `/users/${acmeUser.user.id}/deactivate`);
    const set = await api.call(null, 'POST', '/password', { email: ULF, resetCode: code, newPassword: 'a brand new passphrase' });
    const madeUp = await api.call(null, 'POST', '/password', {
      email: ULF,
      resetCode: 'ABCD-EFGH-JKMN-PQRS',
      newPassword: 'a brand new passphrase',
    });
    expect([set.status, set.json.error]).toEqual([400, 'invalid-reset-code']);
    expect(set.json).toEqual(madeUp.json);
  });
});

describe('who may deactivate whom', () => {
  it('within scope and below the caller: another organisation 404, an equal 403, oneself 409', async () => {
    const api = await start();
    const { acmeAdmin, otherUser, reseller, resoldAdmin, operator, acmeUser } = api.callers;
    const other = await api.call(acmeAdmin, 'POST', `/users/${otherUser.user.id}/deactivate`);
    expect([other.status, other.json]).toEqual([404, { error: 'not-found', message: 'user not found' }]);
    // The operator, in the platform organisation, does not exist for an org admin either.
    expect((await api.call(acmeAdmin, 'POST', `/users/${operator.user.id}/deactivate`)).status).toBe(404);

    const peer = (await api.call(acmeAdmin, 'POST', '/users', { name: 'Per Peer', role: 'org-admin' })).json;
    for (const change of ['deactivate', 'reactivate']) {
      const equal = await api.call(acmeAdmin, 'POST', `/users/${peer.id}/${change}`);
      expect([equal.status, equal.json.message]).toEqual([403, `your role cannot ${change} a user with role org-admin`]);
    }
    const self = await api.call(acmeAdmin, 'POST', `/users/${acmeAdmin.user.id}/deactivate`);
    expect([self.status, self.json]).toEqual([
      409,
      { error: 'conflict', message: 'you cannot deactivate yourself: another admin must do it' },
    ]);
    // A plain user has no such route at all.
    expect((await api.call(acmeUser, 'POST', `/users/${api.callers.acmeOtherUser.user.id}/deactivate`)).status).toBe(403);

    // A reseller deactivates its customer's admin (a lower role); the operator anyone but itself.
    expect((await api.call(reseller, 'POST', `/users/${resoldAdmin.user.id}/deactivate`)).json.active).toBe(false);
    expect((await api.call(resoldAdmin, 'GET', '/me')).status).toBe(401);
    expect((await api.call(operator, 'POST', `/users/${reseller.user.id}/deactivate`)).json.active).toBe(false);
    expect((await api.call(operator, 'POST', `/users/${peer.id}/deactivate`)).json.active).toBe(false);
    expect((await api.call(operator, 'POST', `/users/${operator.user.id}/deactivate`)).status).toBe(409);
    expect((await api.call(operator, 'GET', `/users/${acmeAdmin.user.id}`)).json.active).toBe(true);
  });

  // The last active operator can only be reached from the command line (over the API it is always the caller): tokens-cli tests.
  it('one operator deactivates another, and reactivates it', async () => {
    const api = await start();
    const { operator } = api.callers;
    const second = (await api.call(operator, 'POST', '/users', { name: 'Per Operator', role: 'operator' })).json;
    const secondToken = (await api.call(operator, 'POST', `/users/${second.id}/tokens`, { name: 'per' })).json.secret;
    expect((await api.call(secondToken, 'POST', `/users/${operator.user.id}/deactivate`)).json.active).toBe(false);
    expect((await api.call(operator, 'GET', '/me')).status).toBe(401);
    // Per is the last active operator now; Olga reactivated, either may go again.
    expect((await api.call(secondToken, 'POST', `/users/${operator.user.id}/reactivate`)).json.active).toBe(true);
    expect((await api.call(operator, 'POST', `/users/${second.id}/deactivate`)).json.active).toBe(false);
  });
});

describe("a deactivated user's rooms and history", () => {
  it('its room still admits callers with its codes, keeps its owner, and its meetings stay in the ledger and the report', async () => {
    const api = await start();
    const { acmeAdmin, acmeUser, acmeFinance } = api.callers;
    const room = await api.createConference(acmeAdmin, { name: 'Ulf’s room', ownerUserId: acmeUser.user.id });
    const leaderCode = room.codes.find((code) => code.role === 'leader')!.code;
    const ledger = new SqlLedger(new SqliteSqlDatabase(api.db));
    const startedAt = Date.parse('2026-02-10T09:00:00Z');
    await api.recordMeeting({
      meetingId: 'mtg-ulf',
      legId: 'leg-ulf',
      conferenceId: room.id,
      organisationId: api.orgs.acme.id,
      startedAt,
      minutes: 20,
    });
    const report = async () =>
      (await api.call(acmeFinance, 'GET', '/reports/charges?from=2026-02-01&to=2026-02-28&format=json')).json.accounts[0].meetings;
    const before = await report();
    expect(before).toEqual([expect.objectContaining({ meetingId: 'mtg-ulf', amountOre: 20 * 255 })]);

    expect((await api.call(acmeAdmin, 'POST', `/users/${acmeUser.user.id}/deactivate`)).status).toBe(200);
    // What the bridge asks when a caller types the code.
    expect(await api.directory.findByCode(leaderCode, now)).toMatchObject({ role: 'leader', conference: { conferenceId: room.id } });
    expect((await api.call(acmeAdmin, 'GET', `/conferences/${room.id}`)).json).toMatchObject({ ownerUserId: acmeUser.user.id });
    expect((await ledger.legs()).map((leg) => leg.legId)).toEqual(['leg-ulf']);
    expect(await ledger.meeting('mtg-ulf')).toMatchObject({ endedAt: startedAt + 20 * 60_000 });
    expect(await report()).toEqual(before);
  });
});
