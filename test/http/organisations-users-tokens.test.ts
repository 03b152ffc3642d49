import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiHarness, type Caller } from './admin-api-harness';

let api: AdminApiHarness;
beforeAll(async () => {
  api = await AdminApiHarness.start();
});
afterAll(() => api.stop());

const ids = (items: Array<{ id: string }>): string[] => items.map((item) => item.id);

describe('the caller', () => {
  it('/me tells the caller who it is and with which token', async () => {
    const me = await api.call(api.callers.acmeFinance, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.json.user).toMatchObject({ name: 'Finn Finance', role: 'finance', organisationId: api.orgs.acme.id });
    expect(me.json.tokenId).toMatch(/^tok-/);
  });
});

describe('organisations', () => {
  it('each role sees the organisations in its scope', async () => {
    const { operator, reseller, acmeAdmin, acmeFinance } = api.callers;
    const { platform, acme, resellerOrg, resold, other } = api.orgs;
    expect(ids((await api.call(operator, 'GET', '/organisations')).json.organisations)).toEqual(
      expect.arrayContaining([platform.id, acme.id, resellerOrg.id, resold.id, other.id]),
    );
    expect(ids((await api.call(reseller, 'GET', '/organisations')).json.organisations).sort()).toEqual([resellerOrg.id, resold.id].sort());
    expect(ids((await api.call(acmeAdmin, 'GET', '/organisations')).json.organisations)).toEqual([acme.id]);
    expect(ids((await api.call(acmeFinance, 'GET', '/organisations')).json.organisations)).toEqual([acme.id]);
    const read = await api.call(acmeFinance, 'GET', `/organisations/${acme.id}`);
    expect(read.json).toMatchObject({ name: 'Acme', billingReference: 'ref Acme', resellerOrganisationId: null });
  });

  it('another organisation answers 404, like one that does not exist', async () => {
    for (const id of [api.orgs.other.id, 'org-nope']) {
      for (const [method, path, body] of [
        ['GET', `/organisations/${id}`, undefined],
        ['PATCH', `/organisations/${id}`, { name: 'x' }],
        ['GET', `/organisations/${id}/statistics?from=2025-01-01&to=2025-01-31`, undefined],
      ] as const) {
        const response = await api.call(api.callers.acmeAdmin, method, path, body);
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.json).toEqual({ error: 'not-found', message: 'organisation not found' });
      }
    }
    expect((await api.call(api.callers.reseller, 'GET', `/organisations/${api.orgs.acme.id}`)).status).toBe(404);
  });

  it('a reseller creates customers that it then administers; only an operator picks the reseller', async () => {
    const created = await api.call(api.callers.reseller, 'POST', '/organisations', {
      name: 'Fjord AS',
      billingReference: '987654321',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'Fjord AS', resellerOrganisationId: api.orgs.resellerOrg.id });
    // The reseller's next request sees the new customer and can put users in it.
    const admin = await api.call(api.callers.reseller, 'POST', '/users', {
      organisationId: created.json.id,
      name: 'Frida',
      role: 'org-admin',
    });
    expect(admin.status).toBe(201);

    const choosing = await api.call(api.callers.reseller, 'POST', '/organisations', {
      name: 'x',
      billingReference: '1',
      resellerOrganisationId: api.orgs.acme.id,
    });
    expect(choosing.status).toBe(403);

    const moved = await api.call(api.callers.operator, 'PATCH', `/organisations/${api.orgs.other.id}`, {
      resellerOrganisationId: api.orgs.resellerOrg.id,
    });
    expect(moved.status).toBe(200);
    expect((await api.call(api.callers.reseller, 'GET', `/organisations/${api.orgs.other.id}`)).status).toBe(200);
    await api.call(api.callers.operator, 'PATCH', `/organisations/${api.orgs.other.id}`, { resellerOrganisationId: null });
    expect((await api.call(api.callers.reseller, 'GET', `/organisations/${api.orgs.other.id}`)).status).toBe(404);
  });

  it('an org admin renames its organisation but cannot move it to a reseller', async () => {
    const renamed = await api.call(api.callers.resoldAdmin, 'PATCH', `/organisations/${api.orgs.resold.id}`, {
      name: 'Resold Holding',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: 'Resold Holding', resellerOrganisationId: api.orgs.resellerOrg.id });
    const escape = await api.call(api.callers.resoldAdmin, 'PATCH', `/organisations/${api.orgs.resold.id}`, {
      resellerOrganisationId: null,
    });
    expect(escape.status).toBe(403);
  });
});

describe('users and roles', () => {
  it('an org admin adds, lists, changes and deletes users of its organisation', async () => {
    const { acmeAdmin } = api.callers;
    const created = await api.call(acmeAdmin, 'POST', '/users', { name: 'Nina', email: 'nina@acme.example', role: 'user' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ organisationId: api.orgs.acme.id, name: 'Nina', email: 'nina@acme.example', role: 'user' });
    const id = created.json.id;

    const list = (await api.call(acmeAdmin, 'GET', '/users')).json.users;
    expect(list.every((u: { organisationId: string }) => u.organisationId === api.orgs.acme.id)).toBe(true);
    expect(ids(list)).toContain(id);

    const promoted = await api.call(acmeAdmin, 'PATCH', `/users/${id}`, { role: 'finance', email: null });
    expect(promoted.json).toMatchObject({ role: 'finance', email: null, name: 'Nina' });

    expect((await api.call(acmeAdmin, 'DELETE', `/users/${id}`)).status).toBe(204);
    expect((await api.call(acmeAdmin, 'GET', `/users/${id}`)).status).toBe(404);
    expect(ids((await api.call(acmeAdmin, 'GET', '/users')).json.users)).not.toContain(id);
  });

  it('nobody grants a role above what it may manage', async () => {
    for (const role of ['operator', 'reseller']) {
      const response = await api.call(api.callers.acmeAdmin, 'POST', '/users', { name: 'Eve', role });
      expect(response.status, role).toBe(403);
    }
    const promote = await api.call(api.callers.acmeAdmin, 'PATCH', `/users/${api.callers.acmeUser.user.id}`, {
      role: 'operator',
    });
    expect(promote.status).toBe(403);
    // A reseller's own reseller users are out of reach of a reseller, and the operator manages everyone.
    const operatorMade = await api.call(api.callers.operator, 'POST', '/users', {
      organisationId: api.orgs.resellerOrg.id,
      name: 'Rune Reseller',
      role: 'reseller',
    });
    expect(operatorMade.status).toBe(201);
    expect((await api.call(api.callers.reseller, 'DELETE', `/users/${operatorMade.json.id}`)).status).toBe(403);
  });

  it("another organisation's users answer 404, and cannot be created there", async () => {
    const target = api.callers.otherUser.user.id;
    for (const [method, path, body] of [
      ['GET', `/users/${target}`, undefined],
      ['PATCH', `/users/${target}`, { name: 'x' }],
      ['DELETE', `/users/${target}`, undefined],
      ['GET', `/users/${target}/tokens`, undefined],
      ['POST', `/users/${target}/tokens`, { name: 'x' }],
    ] as const) {
      const response = await api.call(api.callers.acmeAdmin, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.json).toEqual({ error: 'not-found', message: 'user not found' });
    }
    const elsewhere = await api.call(api.callers.acmeAdmin, 'POST', '/users', {
      organisationId: api.orgs.other.id,
      name: 'x',
      role: 'user',
    });
    expect(elsewhere.status).toBe(400);
    expect((await api.call(api.callers.acmeAdmin, 'GET', `/users?organisationId=${api.orgs.other.id}`)).json.users).toEqual([]);
    expect((await api.call(api.callers.otherAdmin, 'GET', `/users/${target}`)).status).toBe(200);
  });
});

describe('a page of users, searched', () => {
  const page = async (caller: Caller, query: string): Promise<{ names: string[]; total: number }> => {
    const response = await api.call(caller, 'GET', `/users?${query}`);
    expect(response.status, query).toBe(200);
    return { names: (response.json.users as Array<{ name: string }>).map((user) => user.name), total: response.json.total };
  };
  const make = async (caller: Caller, name: string, email: string | null = null) =>
    expect((await api.call(caller, 'POST', '/users', { name, email, role: 'user' })).status).toBe(201);

  it('pages by name with the total, and searches names and e-mail addresses ignoring case, Norwegian letters too', async () => {
    const { acmeAdmin } = api.callers;
    for (const name of ['Sidemann E', 'Sidemann C', 'sidemann A', 'Sidemann D', 'SIDEMANN B']) await make(acmeAdmin, name);
    expect(await page(acmeAdmin, 'q=sidemann&limit=2')).toEqual({ names: ['sidemann A', 'SIDEMANN B'], total: 5 });
    expect(await page(acmeAdmin, 'q=sidemann&limit=2&offset=2')).toEqual({ names: ['Sidemann C', 'Sidemann D'], total: 5 });
    expect(await page(acmeAdmin, 'q=sidemann&limit=2&offset=4')).toEqual({ names: ['Sidemann E'], total: 5 });
    expect(await page(acmeAdmin, 'q=sidemann&limit=2&offset=6')).toEqual({ names: [], total: 5 });

    await make(acmeAdmin, 'Åse Ødegård');
    await make(acmeAdmin, 'ÅSMUND ØYE', 'asmund@acme.example');
    await make(acmeAdmin, 'Aase Berg');
    expect((await page(acmeAdmin, 'q=%C3%A5s')).names).toEqual(['Åse Ødegård', 'ÅSMUND ØYE']);
    expect((await page(acmeAdmin, 'q=%C3%98YE')).names).toEqual(['ÅSMUND ØYE']);
    expect((await page(acmeAdmin, 'q=aas')).names).toEqual(['Aase Berg']);
    // The e-mail address is searched too; a user without one is not found by "null".
    expect((await page(acmeAdmin, 'q=ASMUND%40')).names).toEqual(['ÅSMUND ØYE']);
    expect((await page(acmeAdmin, 'q=null')).names).toEqual([]);
    expect((await page(acmeAdmin, 'q=%25')).names).toEqual([]);
  });

  it("another organisation's users are never in a page nor counted in its total", async () => {
    const { acmeAdmin, otherAdmin, operator, reseller } = api.callers;
    await make(acmeAdmin, 'Grenseløs Acme');
    await make(otherAdmin, 'Grenseløs Other');
    expect(await page(acmeAdmin, 'q=grensel%C3%B8s&limit=10')).toEqual({ names: ['Grenseløs Acme'], total: 1 });
    expect(await page(otherAdmin, 'q=grensel%C3%B8s&limit=10')).toEqual({ names: ['Grenseløs Other'], total: 1 });
    expect(await page(reseller, 'q=grensel%C3%B8s&limit=10')).toEqual({ names: [], total: 0 });
    expect(await page(operator, 'q=grensel%C3%B8s&limit=10')).toEqual({ names: ['Grenseløs Acme', 'Grenseløs Other'], total: 2 });
    // Asking for the other organisation by name gets nothing either.
    expect(await page(acmeAdmin, `organisationId=${api.orgs.other.id}&limit=10`)).toEqual({ names: [], total: 0 });
    const everyone = await api.call(acmeAdmin, 'GET', '/users?limit=500');
    expect(everyone.json.users.every((user: { organisationId: string }) => user.organisationId === api.orgs.acme.id)).toBe(true);
  });

  it('without limit nor q the list is every user in order of creation, as before pages; a bad page is a 400', async () => {
    const { acmeAdmin } = api.callers;
    const all = await api.call(acmeAdmin, 'GET', '/users');
    expect(all.json.total).toBe(all.json.users.length);
    const created = all.json.users.map((user: { createdAt: string }) => user.createdAt);
    expect(created).toEqual([...created].sort());
    const paged = await api.call(acmeAdmin, 'GET', `/users?limit=${all.json.users.length}`);
    expect(paged.json.total).toBe(all.json.total);
    for (const query of ['limit=0', 'limit=501', 'offset=-1', 'limit=x'])
      expect((await api.call(acmeAdmin, 'GET', `/users?${query}`)).status, query).toBe(400);
  });
});

describe('API tokens', () => {
  it('a token is shown once, works at once, is listed without its secret, and stops working when revoked', async () => {
    const { acmeAdmin } = api.callers;
    const userId = (await api.call(acmeAdmin, 'POST', '/users', { name: 'Tor', role: 'user' })).json.id;
    const issued = await api.call(acmeAdmin, 'POST', `/users/${userId}/tokens`, { name: 'laptop' });
    expect(issued.status).toBe(201);
    const secret: string = issued.json.secret;
    expect(secret).toMatch(/^kvorum_[A-Za-z0-9_-]{43}$/);

    const me = await api.call(secret, 'GET', '/me');
    expect(me.json.user).toMatchObject({ id: userId, role: 'user' });

    const listed = await api.call(acmeAdmin, 'GET', `/users/${userId}/tokens`);
    expect(listed.json.tokens).toEqual([
      expect.objectContaining({ id: issued.json.token.id, name: 'laptop', revokedAt: null, lastUsedAt: expect.any(String) }),
    ]);
    expect(JSON.stringify(listed.json)).not.toContain(secret);
    // Only a hash is stored.
    const stored = api.db.prepare('SELECT token_hash FROM api_tokens WHERE id = ?').get(issued.json.token.id) as { token_hash: string };
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(secret);

    expect((await api.call(acmeAdmin, 'DELETE', `/tokens/${issued.json.token.id}`)).status).toBe(204);
    expect((await api.call(secret, 'GET', '/me')).status).toBe(401);
    expect((await api.call(acmeAdmin, 'GET', `/users/${userId}/tokens`)).json.tokens[0].revokedAt).toEqual(expect.any(String));
  });

  it("deleting a user ends its tokens; another organisation's token cannot be revoked", async () => {
    const { acmeAdmin, otherAdmin } = api.callers;
    const userId = (await api.call(acmeAdmin, 'POST', '/users', { name: 'Siv', role: 'finance' })).json.id;
    const issued = (await api.call(acmeAdmin, 'POST', `/users/${userId}/tokens`, { name: 'ci' })).json;
    expect((await api.call(otherAdmin, 'DELETE', `/tokens/${issued.token.id}`)).status).toBe(404);
    expect((await api.call(issued.secret, 'GET', '/me')).status).toBe(200);
    await api.call(acmeAdmin, 'DELETE', `/users/${userId}`);
    expect((await api.call(issued.secret, 'GET', '/me')).status).toBe(401);
  });
});
