import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/app/admin/roles';
import { AdminApiHarness, type Caller } from './admin-api-harness';

/**
 * Who may issue a token for whom, what a token records of its issuer, who
 * may revoke it, and how often its use is written down.
 */
let api: AdminApiHarness;
let now = Date.parse('2026-03-02T09:00:00Z');

beforeAll(async () => {
  api = await AdminApiHarness.start({ now: () => now });
});
afterAll(() => api.stop());

/** A new user of `role` in the organisation, made by the operator. */
async function userWithRole(role: Role, organisationId: string): Promise<string> {
  const created = await api.call(api.callers.operator, 'POST', '/users', { organisationId, name: `A ${role}`, role });
  expect(created.status, role).toBe(201);
  return created.json.id;
}

const issue = (caller: Caller, userId: string) => api.call(caller, 'POST', `/users/${userId}/tokens`, { name: 'laptop' });

describe('issuing tokens', () => {
  it('an org admin issues tokens for itself and for users and finance of its organisation, never for another org admin', async () => {
    const { acmeAdmin } = api.callers;
    const acme = api.orgs.acme.id;
    for (const target of [acmeAdmin.user.id, api.callers.acmeUser.user.id, api.callers.acmeFinance.user.id]) {
      const issued = await issue(acmeAdmin, target);
      expect(issued.status, target).toBe(201);
      expect(issued.json.token.issuedBy).toEqual({ via: 'api', userId: acmeAdmin.user.id });
    }
    const otherAdmin = await userWithRole('org-admin', acme);
    const refused = await issue(acmeAdmin, otherAdmin);
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({ error: 'forbidden', message: 'your role cannot issue tokens for another user with role org-admin' });
    expect((await api.call(api.callers.operator, 'GET', `/users/${otherAdmin}/tokens`)).json.tokens).toEqual([]);
  });

  it('a reseller issues tokens for itself and the org admins it resells, never for another reseller', async () => {
    const { reseller } = api.callers;
    expect((await issue(reseller, reseller.user.id)).status).toBe(201);
    const resoldAdmin = await issue(reseller, api.callers.resoldAdmin.user.id);
    expect(resoldAdmin.status).toBe(201);
    expect(resoldAdmin.json.token.issuedBy).toEqual({ via: 'api', userId: reseller.user.id });
    const colleague = await userWithRole('reseller', api.orgs.resellerOrg.id);
    expect((await issue(reseller, colleague)).status).toBe(403);
  });

  it('the operator issues tokens for anyone, another operator included', async () => {
    const operator = await userWithRole('operator', api.orgs.platform.id);
    for (const target of [operator, api.callers.reseller.user.id, api.callers.otherAdmin.user.id]) {
      const issued = await issue(api.callers.operator, target);
      expect(issued.status, target).toBe(201);
      expect(issued.json.token.issuedBy).toEqual({ via: 'api', userId: api.callers.operator.user.id });
    }
  });

  it('users and finance issue none, not even for themselves', async () => {
    for (const caller of [api.callers.acmeUser, api.callers.acmeFinance]) {
      expect((await issue(caller, caller.user.id)).status).toBe(403);
    }
  });
});

describe('revoking tokens', () => {
  it('every user lists and revokes its own tokens', async () => {
    for (const owner of [api.callers.acmeUser, api.callers.acmeFinance]) {
      const second = (await issue(api.callers.acmeAdmin, owner.user.id)).json;
      const listed = await api.call(owner, 'GET', `/users/${owner.user.id}/tokens`);
      expect(listed.status).toBe(200);
      expect(listed.json.tokens.map((token: { id: string }) => token.id)).toContain(second.token.id);
      expect((await api.call(owner, 'DELETE', `/tokens/${second.token.id}`)).status).toBe(204);
      expect((await api.call(second.secret, 'GET', '/me')).status).toBe(401);
    }
    // Also the very token it calls with.
    const { secret } = (await issue(api.callers.acmeAdmin, api.callers.acmeOtherUser.user.id)).json;
    const self = await api.call(secret, 'GET', '/me');
    expect((await api.call(secret, 'DELETE', `/tokens/${self.json.tokenId}`)).status).toBe(204);
    expect((await api.call(secret, 'GET', '/me')).status).toBe(401);
  });

  it("a user can neither see nor revoke another user's tokens", async () => {
    const { acmeUser, acmeOtherUser, acmeAdmin } = api.callers;
    const theirs = (await issue(acmeAdmin, acmeOtherUser.user.id)).json;
    expect((await api.call(acmeUser, 'GET', `/users/${acmeOtherUser.user.id}/tokens`)).status).toBe(403);
    expect((await api.call(acmeUser, 'DELETE', `/tokens/${theirs.token.id}`)).status).toBe(404);
    expect((await api.call(theirs.secret, 'GET', '/me')).status).toBe(200);
  });
});

describe('when a token was last used', () => {
  it('is written at most once a minute, not on every request', async () => {
    const { token, secret } = (await issue(api.callers.acmeAdmin, api.callers.acmeUser.user.id)).json;
    const lastUsed = () =>
      (api.db.prepare('SELECT last_used_at FROM api_tokens WHERE id = ?').get(token.id) as { last_used_at: number | null }).last_used_at;
    expect(lastUsed()).toBeNull();
    const first = now;
    await api.call(secret, 'GET', '/me');
    expect(lastUsed()).toBe(first);
    now += 59_999;
    await api.call(secret, 'GET', '/me');
    await api.call(secret, 'GET', '/me');
    expect(lastUsed()).toBe(first);
    now += 1;
    await api.call(secret, 'GET', '/me');
    expect(lastUsed()).toBe(first + 60_000);
  });
});
