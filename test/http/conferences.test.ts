import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiHarness } from './admin-api-harness';
import { participant } from './fake-live-control';

let api: AdminApiHarness;
beforeAll(async () => {
  api = await AdminApiHarness.start();
});
afterAll(() => api.stop());

const codeOf = (codes: Array<{ role: string; code: string }>, role: string): string => {
  const found = codes.find((c) => c.role === role);
  if (!found) throw new Error(`no ${role} code`);
  return found.code;
};

describe('conferences', () => {
  it('an org admin creates a conference with a code pair, shown once, that callers can use at once', async () => {
    const { acmeAdmin, acmeUser } = api.callers;
    const asked = {
      name: 'Board meeting',
      ownerUserId: acmeUser.user.id,
      roomType: 'small-administrative',
      language: 'nb',
      joinLeaveTones: false,
      endOnLeaderHangup: true,
      admissionRequired: true,
      namesRecorded: true,
      maxDurationMinutes: 90,
    };
    const created = await api.call(acmeAdmin, 'POST', '/conferences', asked);
    expect(created.status).toBe(201);
    expect(created.json.conference).toMatchObject({
      organisationId: api.orgs.acme.id,
      ...asked,
      validFrom: null,
      validUntil: null,
      codeKind: 'pair',
    });
    const leader = codeOf(created.json.codes, 'leader');
    const participantCode = codeOf(created.json.codes, 'participant');
    expect(leader).toMatch(/^\d{6,12}$/);
    expect(participantCode).not.toBe(leader);

    const id = created.json.conference.id;
    expect(await api.directory.findByCode(leader, Date.now())).toMatchObject({
      role: 'leader',
      conference: { conferenceId: id, capacity: 10, admissionRequired: true, namesRecorded: true },
    });
    expect((await api.directory.findByCode(participantCode, Date.now()))?.role).toBe('participant');

    // Reading it back never shows the codes again.
    const read = await api.call(acmeAdmin, 'GET', `/conferences/${id}`);
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created.json.conference);
    expect(JSON.stringify(read.json)).not.toContain(leader);
  });

  it('a single code conference has one code and no leader code to reset', async () => {
    const created = await api.createConference(api.callers.acmeAdmin, { codes: 'single', roomType: 'large-auditorium' });
    expect(created.codes.map((c) => c.role)).toEqual(['single']);
    const conference = (await api.call(api.callers.acmeAdmin, 'GET', `/conferences/${created.id}`)).json;
    expect(conference).toMatchObject({ codeKind: 'single', endOnLeaderHangup: false, roomType: 'large-auditorium' });

    const wrongRole = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${created.id}/codes/leader/reset`);
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.json.fields).toEqual([{ location: 'path', field: 'role', message: 'a single conference has no leader code' }]);
  });

  it('resetting a code returns the new code once; the old code is unknown to the next caller', async () => {
    const { id, codes } = await api.createConference(api.callers.acmeAdmin);
    const oldLeader = codeOf(codes, 'leader');
    const reset = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${id}/codes/leader/reset`);
    expect(reset.status).toBe(200);
    expect(reset.json.code.role).toBe('leader');
    const newLeader = reset.json.code.code;
    expect(newLeader).toMatch(/^\d{6,12}$/);
    expect(await api.directory.findByCode(oldLeader, Date.now())).toBeNull();
    expect((await api.directory.findByCode(newLeader, Date.now()))?.conference.conferenceId).toBe(id);
    // The participant code is untouched.
    expect((await api.directory.findByCode(codeOf(codes, 'participant'), Date.now()))?.conference.conferenceId).toBe(id);
  });

  it('a one-off meeting with a validity window: its code is unknown outside the window', async () => {
    const { id, codes } = await api.createConference(api.callers.acmeAdmin, {
      validFrom: '2030-06-01T09:00:00+02:00',
      validUntil: '2030-06-01T11:00:00+02:00',
    });
    const conference = (await api.call(api.callers.acmeAdmin, 'GET', `/conferences/${id}`)).json;
    expect(conference.validFrom).toBe('2030-06-01T07:00:00.000Z');
    expect(conference.validUntil).toBe('2030-06-01T09:00:00.000Z');
    const code = codeOf(codes, 'participant');
    expect(await api.directory.findByCode(code, Date.parse('2030-06-01T08:00:00Z'))).not.toBeNull();
    expect(await api.directory.findByCode(code, Date.parse('2030-06-01T09:00:00Z'))).toBeNull();
    expect(await api.directory.findByCode(code, Date.now())).toBeNull();

    const backwards = await api.call(api.callers.acmeAdmin, 'PATCH', `/conferences/${id}`, {
      validUntil: '2030-05-01T00:00:00Z',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.json.fields).toEqual([{ location: 'body', field: 'validUntil', message: 'validFrom must be before validUntil' }]);
  });

  it('updating changes only the given settings (an upgrade at any time), and the bridge sees them for the next caller', async () => {
    const { id, codes } = await api.createConference(api.callers.acmeAdmin, { roomType: 'personal' });
    const updated = await api.call(api.callers.acmeAdmin, 'PATCH', `/conferences/${id}`, {
      roomType: 'large-administrative',
      maxDurationMinutes: null,
      name: 'Renamed',
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ id, name: 'Renamed', roomType: 'large-administrative', maxDurationMinutes: null, language: 'en' });
    expect((await api.directory.findByCode(codeOf(codes, 'leader'), Date.now()))?.conference.capacity).toBe(50);
  });

  it('a sensitive room always requires admission: on by itself, and never to be turned off', async () => {
    const { acmeAdmin } = api.callers;
    const created = await api.createConference(acmeAdmin, { roomType: 'sensitive' });
    expect((await api.call(acmeAdmin, 'GET', `/conferences/${created.id}`)).json.admissionRequired).toBe(true);
    const off = await api.call(acmeAdmin, 'PATCH', `/conferences/${created.id}`, { admissionRequired: false });
    expect(off.status).toBe(400);
    expect(off.json.fields).toEqual([
      { location: 'body', field: 'admissionRequired', message: 'a sensitive room always requires admission' },
    ]);
    const refused = await api.call(acmeAdmin, 'POST', '/conferences', { name: 'x', roomType: 'sensitive', admissionRequired: false });
    expect(refused.status).toBe(400);
    // A per-minute room upgraded to a sensitive one: admission comes with the type.
    const open = await api.createConference(acmeAdmin);
    const upgraded = await api.call(acmeAdmin, 'PATCH', `/conferences/${open.id}`, { roomType: 'sensitive' });
    expect(upgraded.json).toMatchObject({ roomType: 'sensitive', admissionRequired: true });
  });

  it('a plain user creates, sees and changes only its own conferences', async () => {
    const { acmeUser, acmeOtherUser, acmeAdmin } = api.callers;
    const mine = await api.createConference(acmeUser, { name: 'Mine' });
    const theirs = await api.createConference(acmeOtherUser, { name: 'Theirs' });
    expect((await api.call(acmeUser, 'GET', `/conferences/${mine.id}`)).json.ownerUserId).toBe(acmeUser.user.id);

    const list = await api.call(acmeUser, 'GET', '/conferences');
    expect(list.json.conferences.every((c: { ownerUserId: string }) => c.ownerUserId === acmeUser.user.id)).toBe(true);
    expect(list.json.conferences.map((c: { id: string }) => c.id)).toContain(mine.id);

    for (const [method, path] of [
      ['GET', `/conferences/${theirs.id}`],
      ['PATCH', `/conferences/${theirs.id}`],
      ['DELETE', `/conferences/${theirs.id}`],
      ['POST', `/conferences/${theirs.id}/codes/leader/reset`],
    ] as const) {
      const response = await api.call(acmeUser, method, path, method === 'PATCH' ? { name: 'x' } : undefined);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const giveAway = await api.call(acmeUser, 'POST', '/conferences', { name: 'x', ownerUserId: acmeOtherUser.user.id });
    expect(giveAway.status).toBe(400);
    expect(giveAway.json.fields[0].field).toBe('ownerUserId');
    // The admin sees both.
    const all = (await api.call(acmeAdmin, 'GET', '/conferences')).json.conferences.map((c: { id: string }) => c.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it("another organisation's conference answers 404 on every route, exactly like one that does not exist", async () => {
    const { id } = await api.createConference(api.callers.acmeAdmin);
    for (const caller of [api.callers.otherAdmin, api.callers.otherUser, api.callers.resoldAdmin]) {
      for (const conferenceId of [id, 'conf-does-not-exist']) {
        for (const [method, path, body] of [
          ['GET', `/conferences/${conferenceId}`, undefined],
          ['PATCH', `/conferences/${conferenceId}`, { name: 'x' }],
          ['DELETE', `/conferences/${conferenceId}`, undefined],
          ['POST', `/conferences/${conferenceId}/codes/leader/reset`, undefined],
        ] as const) {
          const response = await api.call(caller, method, path, body);
          expect(response.status, `${caller.user.name} ${method} ${path}`).toBe(404);
          expect(response.json).toEqual({ error: 'not-found', message: 'conference not found' });
        }
      }
    }
    const theirList = (await api.call(api.callers.otherAdmin, 'GET', '/conferences')).json.conferences;
    expect(theirList.map((c: { id: string }) => c.id)).not.toContain(id);
    const filtered = await api.call(api.callers.otherAdmin, 'GET', `/conferences?organisationId=${api.orgs.acme.id}`);
    expect(filtered.json.conferences).toEqual([]);
    // The conference is unharmed.
    expect((await api.call(api.callers.acmeAdmin, 'GET', `/conferences/${id}`)).status).toBe(200);
  });

  it('an admin cannot create a conference in, or owned by someone of, an organisation it cannot see', async () => {
    const inOther = await api.call(api.callers.acmeAdmin, 'POST', '/conferences', {
      name: 'x',
      organisationId: api.orgs.other.id,
    });
    expect(inOther.status).toBe(400);
    expect(inOther.json.fields).toEqual([{ location: 'body', field: 'organisationId', message: 'unknown organisation' }]);
    const ownedByOther = await api.call(api.callers.acmeAdmin, 'POST', '/conferences', {
      name: 'x',
      ownerUserId: api.callers.otherUser.user.id,
    });
    expect(ownedByOther.status).toBe(400);
    expect(ownedByOther.json.fields[0].field).toBe('ownerUserId');
  });

  it('a reseller and the operator manage conferences of the organisations they serve', async () => {
    const byReseller = await api.createConference(api.callers.reseller, { organisationId: api.orgs.resold.id });
    expect((await api.call(api.callers.resoldAdmin, 'GET', `/conferences/${byReseller.id}`)).status).toBe(200);
    const notResold = await api.call(api.callers.reseller, 'POST', '/conferences', { name: 'x', organisationId: api.orgs.acme.id });
    expect(notResold.status).toBe(400);
    const byOperator = await api.createConference(api.callers.operator, { organisationId: api.orgs.other.id });
    expect((await api.call(api.callers.otherAdmin, 'GET', `/conferences/${byOperator.id}`)).status).toBe(200);
    expect((await api.call(api.callers.reseller, 'GET', `/conferences/${byOperator.id}`)).status).toBe(404);
  });

  it('deleting a conference with a meeting in progress ends the meeting first, then frees its codes', async () => {
    const { id, codes } = await api.createConference(api.callers.acmeAdmin);
    api.liveControl.startMeeting(id, [participant('leg-a', 'leader', '+4791234567')]);
    const deleted = await api.call(api.callers.acmeAdmin, 'DELETE', `/conferences/${id}`);
    expect(deleted.status).toBe(204);
    expect(api.liveControl.received).toContainEqual({ conferenceId: id, command: { kind: 'end', reason: 'conference-deleted' } });
    expect(api.liveControl.get(id)).toBeNull();
    expect((await api.call(api.callers.acmeAdmin, 'GET', `/conferences/${id}`)).status).toBe(404);
    expect(await api.directory.findByCode(codeOf(codes, 'leader'), Date.now())).toBeNull();
    // The row is kept for the meetings and legs that point at it.
    expect(api.db.prepare('SELECT deleted_at FROM conferences WHERE id = ?').get(id)).toMatchObject({
      deleted_at: expect.any(Number),
    });
  });

  it('deleting a conference without a meeting sends nothing to the bridge', async () => {
    const { id } = await api.createConference(api.callers.acmeAdmin);
    expect((await api.call(api.callers.acmeAdmin, 'DELETE', `/conferences/${id}`)).status).toBe(204);
    expect(api.liveControl.received.filter((r) => r.conferenceId === id)).toEqual([]);
  });
});

describe('searching rooms by name', () => {
  const namesOf = async (q: string): Promise<string[]> => {
    const response = await api.call(api.callers.acmeAdmin, 'GET', `/conferences?limit=50&offset=0&q=${encodeURIComponent(q)}`);
    expect(response.status).toBe(200);
    const names = (response.json.conferences as Array<{ name: string }>).map((conference) => conference.name);
    expect(response.json.total).toBe(names.length);
    return names;
  };

  it('ignores case for Norwegian letters too: "åle" finds "Ålesund", "ØST" finds "Østfold"', async () => {
    for (const name of ['Ålesund havn', 'ÅLESUND LAGER', 'Østfold', 'Aalborg', 'Blåbærturen', '50% rabatt', 'Femti rabatt'])
      await api.createConference(api.callers.acmeAdmin, { name });
    expect(await namesOf('åle')).toEqual(['Ålesund havn', 'ÅLESUND LAGER']);
    expect(await namesOf('ÅLE')).toHaveLength(2);
    expect(await namesOf('ØST')).toEqual(['Østfold']);
    expect(await namesOf('BLÅBÆR')).toEqual(['Blåbærturen']);
    // å is not a: "Aalborg" is not found by "ål", nor the Å rooms by "aal".
    expect(await namesOf('aal')).toEqual(['Aalborg']);
    // The search text is text, not a pattern.
    expect(await namesOf('0%')).toEqual(['50% rabatt']);
    expect(await namesOf('_')).toEqual([]);
  });
});
