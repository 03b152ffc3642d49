import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlLedger } from '../../src/adapters/db/sql-ledger';
import { AdminApiHarness } from './admin-api-harness';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';

/** Charge reports over HTTP: the billing's report, limited to the caller's organisations. */
let api: AdminApiHarness;
const MARCH = 'from=2025-03-01&to=2025-03-31';

beforeAll(async () => {
  api = await AdminApiHarness.start();
  const ledger = new SqlLedger(new SqliteSqlDatabase(api.db));
  const meeting = async (organisationId: string, conferenceId: string, meetingId: string, legs: Array<[string, number]>) => {
    const startedAt = Date.parse('2025-03-03T09:00:00Z');
    await ledger.meetingStarted({ meetingId, conferenceId, organisationId, at: startedAt });
    for (const [legId, minutes] of legs) {
      await ledger.openLeg({
        legId,
        channelId: `chan-${legId}`,
        conferenceId,
        role: 'participant',
        callerNumber: '+4791234567',
        dialledNumber: '+4722000000',
        calledAt: startedAt,
      });
      await ledger.legEnteredMeeting(legId, meetingId, startedAt);
      await ledger.closeLeg(legId, startedAt + minutes * 60_000, 'caller-hung-up');
    }
    await ledger.meetingEnded(meetingId, startedAt + 60 * 60_000, 'ended-by-leader');
  };
  const acmeRoom = (await api.createConference(api.callers.acmeAdmin, { name: 'Acme room' })).id;
  const otherRoom = (await api.createConference(api.callers.otherAdmin, { name: 'Other room' })).id;
  await meeting(api.orgs.acme.id, acmeRoom, 'mtg-acme', [
    ['leg-a1', 30],
    ['leg-a2', 15],
  ]);
  await meeting(api.orgs.other.id, otherRoom, 'mtg-other', [['leg-o1', 10]]);
});
afterAll(() => api.stop());

describe('charge reports', () => {
  it('finance gets its own organisation’s report as JSON, 2.55 NOK per started minute, callers masked', async () => {
    const response = await api.call(api.callers.acmeFinance, 'GET', `/reports/charges?${MARCH}&format=json&legs=true`);
    expect(response.status).toBe(200);
    const [account, ...others] = response.json.accounts;
    expect(others).toEqual([]);
    expect(account.account).toEqual({ organisationId: api.orgs.acme.id, name: 'Acme', billingReference: 'ref Acme' });
    expect(account.meetings).toEqual([expect.objectContaining({ meetingId: 'mtg-acme', participants: 2, amountOre: (30 + 15) * 255 })]);
    expect(account.legs).toHaveLength(2);
    expect(JSON.stringify(account.legs)).not.toContain('+4791234567');
  });

  it('is CSV by default, as a download', async () => {
    const response = await fetch(`${api.baseUrl}/api/v1/reports/charges?${MARCH}`, {
      headers: { authorization: `Bearer ${api.callers.acmeAdmin.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=charges-2025-03-01-2025-03-31.csv');
    const csv = await response.text();
    expect(csv).toContain('mtg-acme');
    expect(csv).not.toContain('mtg-other');
  });

  it('the operator gets every account with activity; a reseller must name one it serves', async () => {
    const all = await api.call(api.callers.operator, 'GET', `/reports/charges?${MARCH}&format=json`);
    expect(all.json.accounts.map((a: { account: { organisationId: string } }) => a.account.organisationId).sort()).toEqual(
      [api.orgs.acme.id, api.orgs.other.id].sort(),
    );
    const unnamed = await api.call(api.callers.reseller, 'GET', `/reports/charges?${MARCH}`);
    expect(unnamed.status).toBe(400);
    expect(unnamed.json.fields).toEqual([{ location: 'query', field: 'account', message: 'name the account: a reseller serves several' }]);
    const resold = await api.call(api.callers.reseller, 'GET', `/reports/charges?${MARCH}&format=json&account=${api.orgs.resold.id}`);
    expect(resold.status).toBe(200);
    expect(resold.json.accounts.map((a: { account: { organisationId: string } }) => a.account.organisationId)).toEqual([
      api.orgs.resold.id,
    ]);
  });

  it("another organisation's report answers 404, like an account that does not exist", async () => {
    for (const account of [api.orgs.other.id, 'org-nope']) {
      const response = await api.call(api.callers.acmeFinance, 'GET', `/reports/charges?${MARCH}&account=${account}`);
      expect(response.status, account).toBe(404);
      expect(response.json).toEqual({ error: 'not-found', message: 'organisation not found' });
    }
  });

  it('refuses a period longer than 13 months with a 400 that says so', async () => {
    const tooLong = await api.call(api.callers.acmeFinance, 'GET', '/reports/charges?from=2024-03-01&to=2025-04-01');
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.fields).toEqual([
      { location: 'query', field: 'to', message: 'a report covers at most 13 months: end it before 2025-04-01' },
    ]);
    const longest = await api.call(api.callers.acmeFinance, 'GET', '/reports/charges?from=2024-03-01&to=2025-03-31&format=json');
    expect(longest.status).toBe(200);
    expect(longest.json.accounts[0].meetings).toHaveLength(1);
  });

  it('names a wrong query parameter', async () => {
    const response = await api.call(api.callers.acmeFinance, 'GET', '/reports/charges?from=2025-03-01&to=2025-03-31&format=pdf');
    expect(response.status).toBe(400);
    expect(response.json.fields.map((f: { location: string; field: string }) => `${f.location}:${f.field}`).sort()).toEqual([
      'query:format',
    ]);
  });
});
