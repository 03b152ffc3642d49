import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/app/admin/roles';
import { AdminApiHarness, type ApiResponse, type Caller } from './admin-api-harness';

/**
 * Tariffs, the VAT rate and adjustments over the admin API, for every role.
 * The operator sets rates and VAT; whoever sells to an account corrects its
 * charges; an organisation's own staff read and change nothing; another
 * organisation's things answer 404.
 */
const NOW = Date.parse('2025-06-10T10:00:00Z');
const JUNE_3 = Date.parse('2025-06-03T07:00:00Z');

let api: AdminApiHarness;
let acmeMeeting: string;
let acmeLeg: string;
let otherLeg: string;

beforeAll(async () => {
  api = await AdminApiHarness.start({ now: () => NOW });
  const meetingWithOneLeg = async (caller: Caller, organisationId: string, meetingId: string, legId: string) => {
    const conferenceId = (await api.createConference(caller)).id;
    await api.recordMeeting({ meetingId, legId, conferenceId, organisationId, startedAt: JUNE_3, minutes: 10 });
  };
  acmeMeeting = 'mtg-acme';
  acmeLeg = 'leg-acme';
  otherLeg = 'leg-other';
  await meetingWithOneLeg(api.callers.acmeAdmin, api.orgs.acme.id, acmeMeeting, acmeLeg);
  await meetingWithOneLeg(api.callers.otherAdmin, api.orgs.other.id, 'mtg-other', otherLeg);
});
afterAll(async () => {
  await api?.stop();
});

function call(caller: Caller, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  return api.call(caller, method, path, body);
}

function callerWithRole(role: Role): Caller {
  const { operator, reseller, acmeAdmin, acmeUser, acmeFinance } = api.callers;
  return { operator, reseller, 'org-admin': acmeAdmin, user: acmeUser, finance: acmeFinance }[role];
}

const ALL_ROLES: Role[] = ['operator', 'reseller', 'org-admin', 'user', 'finance'];

async function expectOnlyRolesAllowed(allowed: Role[], method: string, path: string, body?: unknown) {
  for (const role of ALL_ROLES.filter((r) => !allowed.includes(r))) {
    const response = await call(callerWithRole(role), method, path, body);
    expect(response.status, `${role} ${method} ${path}`).toBe(403);
    expect(response.json).toEqual({ error: 'forbidden', message: `the ${role} role may not do this` });
  }
}

describe('tariffs over the admin API', () => {
  it('the operator adds a default rate and an account’s own from a future day; both are listed, in local time', async () => {
    const added = await call(api.callers.operator, 'POST', '/tariffs', { effectiveFrom: '2025-07-01', rateOrePerMinute: 275 });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      organisationId: null,
      effectiveFrom: '2025-07-01T00:00:00+02:00',
      rateOrePerMinute: 275,
      rounding: 'per-started-minute',
      currency: 'NOK',
    });
    const own = await call(api.callers.operator, 'POST', '/tariffs', {
      organisationId: api.orgs.acme.id,
      effectiveFrom: '2025-08-01',
      rateOrePerMinute: 199,
      rounding: 'per-second',
    });
    expect(own.status).toBe(201);
    const all = await call(api.callers.operator, 'GET', '/tariffs');
    expect(all.json.tariffs.map((t: { rateOrePerMinute: number }) => t.rateOrePerMinute)).toEqual([255, 275, 199]);
  });

  it("an organisation's staff and its reseller read the tariffs that rate it; another organisation's answer 404", async () => {
    const acmeRates = await call(api.callers.acmeFinance, 'GET', `/organisations/${api.orgs.acme.id}/tariffs`);
    expect(acmeRates.status).toBe(200);
    expect(acmeRates.json.tariffs.map((t: { rateOrePerMinute: number }) => t.rateOrePerMinute)).toEqual([255, 275, 199]);
    const resoldRates = await call(api.callers.reseller, 'GET', `/organisations/${api.orgs.resold.id}/tariffs`);
    expect(resoldRates.json.tariffs.map((t: { rateOrePerMinute: number }) => t.rateOrePerMinute)).toEqual([255, 275]);
    for (const [caller, organisationId] of [
      [api.callers.acmeFinance, api.orgs.other.id],
      [api.callers.reseller, api.orgs.acme.id],
      [api.callers.operator, 'org-nope'],
    ] as const) {
      const response = await call(caller, 'GET', `/organisations/${organisationId}/tariffs`);
      expect(response.status, organisationId).toBe(404);
      expect(response.json).toEqual({ error: 'not-found', message: 'organisation not found' });
    }
    await expectOnlyRolesAllowed(['operator', 'reseller', 'org-admin', 'finance'], 'GET', `/organisations/${api.orgs.acme.id}/tariffs`);
  });

  it('only the operator sees every tariff or adds one', async () => {
    await expectOnlyRolesAllowed(['operator'], 'GET', '/tariffs');
    await expectOnlyRolesAllowed(['operator'], 'POST', '/tariffs', { effectiveFrom: '2025-09-01', rateOrePerMinute: 1 });
    expect((await call(api.callers.operator, 'GET', '/tariffs')).json.tariffs).toHaveLength(3);
  });

  it('refuses a rate in the past (400), a second one on the same day (409), an unknown account and wrong fields (400)', async () => {
    const past = await call(api.callers.operator, 'POST', '/tariffs', { effectiveFrom: '2025-06-01', rateOrePerMinute: 300 });
    expect(past.status).toBe(400);
    expect(past.json.fields).toEqual([{ location: 'body', field: 'effectiveFrom', message: 'a tariff cannot take effect in the past' }]);
    const twice = await call(api.callers.operator, 'POST', '/tariffs', { effectiveFrom: '2025-07-01', rateOrePerMinute: 300 });
    expect(twice.status).toBe(409);
    const unknown = await call(api.callers.operator, 'POST', '/tariffs', {
      organisationId: 'org-nope',
      effectiveFrom: '2025-09-01',
      rateOrePerMinute: 300,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.fields).toEqual([{ location: 'body', field: 'organisationId', message: 'no such organisation' }]);
    const wrong = await call(api.callers.operator, 'POST', '/tariffs', {
      effectiveFrom: '2025-13-01',
      rateOrePerMinute: -1,
      rounding: 'per-hour',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.fields.map((f: { field: string }) => f.field).sort()).toEqual(['effectiveFrom', 'rateOrePerMinute', 'rounding']);
    expect((await call(api.callers.operator, 'GET', '/tariffs')).json.tariffs).toHaveLength(3);
  });
});

describe('VAT rates over the admin API', () => {
  it('report readers see the rate in force and every rate; only the operator adds one, from a day on', async () => {
    const shown = await call(api.callers.acmeFinance, 'GET', '/vat-rate');
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({
      effectiveFrom: '1970-01-01T01:00:00+01:00',
      vatRateBasisPoints: 2500,
      vatPercent: '25',
      rule: expect.stringContaining('rounded half-up'),
    });
    await expectOnlyRolesAllowed(['operator', 'reseller', 'org-admin', 'finance'], 'GET', '/vat-rate');
    await expectOnlyRolesAllowed(['operator', 'reseller', 'org-admin', 'finance'], 'GET', '/vat-rates');
    await expectOnlyRolesAllowed(['operator'], 'POST', '/vat-rates', { effectiveFrom: '2099-01-01', vatRateBasisPoints: 0 });

    const added = await call(api.callers.operator, 'POST', '/vat-rates', { effectiveFrom: '2025-07-01', vatRateBasisPoints: 1500 });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ effectiveFrom: '2025-07-01T00:00:00+02:00', vatRateBasisPoints: 1500, vatPercent: '15' });
    // Today (10 June) the old rate is still in force; both are listed.
    expect((await call(api.callers.acmeAdmin, 'GET', '/vat-rate')).json.vatRateBasisPoints).toBe(2500);
    expect(
      (await call(api.callers.acmeAdmin, 'GET', '/vat-rates')).json.vatRates.map(
        (rate: { vatRateBasisPoints: number }) => rate.vatRateBasisPoints,
      ),
    ).toEqual([2500, 1500]);
  });

  it('refuses a rate from the past, a second one on the same day, and one over 100 %, naming the field', async () => {
    const past = await call(api.callers.operator, 'POST', '/vat-rates', { effectiveFrom: '2025-06-01', vatRateBasisPoints: 1500 });
    expect(past.status).toBe(400);
    expect(past.json.fields).toEqual([{ location: 'body', field: 'effectiveFrom', message: 'a VAT rate cannot take effect in the past' }]);
    const twice = await call(api.callers.operator, 'POST', '/vat-rates', { effectiveFrom: '2025-07-01', vatRateBasisPoints: 2000 });
    expect(twice.status).toBe(409);
    expect(twice.json).toEqual({ error: 'conflict', message: 'a VAT rate already starts at that instant' });
    const tooHigh = await call(api.callers.operator, 'POST', '/vat-rates', { effectiveFrom: '2025-08-01', vatRateBasisPoints: 10_001 });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.json.fields.map((f: { field: string }) => f.field)).toEqual(['vatRateBasisPoints']);
    expect((await call(api.callers.operator, 'GET', '/vat-rates')).json.vatRates).toHaveLength(2);
  });
});

describe('adjustments over the admin API', () => {
  const acmeAdjustments = () => `/organisations/${api.orgs.acme.id}/adjustments`;

  it('the operator credits a leg with a reason; the correction is signed by the operator and names the leg’s meeting', async () => {
    const added = await call(api.callers.operator, 'POST', acmeAdjustments(), { amountOre: -2550, reason: 'line noise', legId: acmeLeg });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      organisationId: api.orgs.acme.id,
      meetingId: acmeMeeting,
      legId: acmeLeg,
      amountOre: -2550,
      reason: 'line noise',
      createdBy: api.callers.operator.user.id,
      effectiveAt: '2025-06-10T12:00:00+02:00',
    });
  });

  it('is on the charge report of the period it was made in, with its reason and signer', async () => {
    const report = await api.call(api.callers.acmeFinance, 'GET', '/reports/charges?from=2025-06-01&to=2025-06-30&format=json');
    const [account] = report.json.accounts;
    expect(account.adjustments).toEqual([
      expect.objectContaining({ amountOre: -2550, reason: 'line noise', createdBy: api.callers.operator.user.id }),
    ]);
    expect(account.totals).toMatchObject({ chargesOre: 2550, adjustmentsOre: -2550, totalExclVatOre: 0 });
  });

  it('a reseller corrects the accounts it resells, never its own; others are 404', async () => {
    const resold = await call(api.callers.reseller, 'POST', `/organisations/${api.orgs.resold.id}/adjustments`, {
      amountOre: 1000,
      reason: 'late fee',
    });
    expect(resold.status).toBe(201);
    expect(resold.json).toMatchObject({ createdBy: api.callers.reseller.user.id, meetingId: null, legId: null });
    const own = await call(api.callers.reseller, 'POST', `/organisations/${api.orgs.resellerOrg.id}/adjustments`, {
      amountOre: -1000,
      reason: 'goodwill',
    });
    expect(own.status).toBe(403);
    expect(own.json).toEqual({ error: 'forbidden', message: 'a reseller cannot correct its own account' });
    const foreign = await call(api.callers.reseller, 'POST', acmeAdjustments(), { amountOre: -1000, reason: 'goodwill' });
    expect(foreign.status).toBe(404);
  });

  it("an organisation's own admins, users and finance change nothing", async () => {
    await expectOnlyRolesAllowed(['operator', 'reseller'], 'POST', acmeAdjustments(), { amountOre: -1, reason: 'x' });
    expect((await call(api.callers.operator, 'GET', acmeAdjustments())).json.adjustments).toHaveLength(1);
  });

  it("finance reads its organisation's adjustments, all or of a period; another organisation's answer 404", async () => {
    const all = await call(api.callers.acmeFinance, 'GET', acmeAdjustments());
    expect(all.status).toBe(200);
    expect(all.json.adjustments.map((a: { amountOre: number }) => a.amountOre)).toEqual([-2550]);
    expect((await call(api.callers.acmeFinance, 'GET', `${acmeAdjustments()}?from=2025-07-01&to=2025-07-31`)).json.adjustments).toEqual([]);
    expect((await call(api.callers.acmeAdmin, 'GET', `${acmeAdjustments()}?from=2025-06-10&to=2025-06-10`)).json.adjustments).toHaveLength(
      1,
    );
    expect((await call(api.callers.acmeFinance, 'GET', `/organisations/${api.orgs.other.id}/adjustments`)).status).toBe(404);
    await expectOnlyRolesAllowed(['operator', 'reseller', 'org-admin', 'finance'], 'GET', acmeAdjustments());
  });

  it("names the wrong field: another organisation's leg reads like one that does not exist, zero, both meeting and leg, a half period", async () => {
    for (const legId of [otherLeg, 'leg-nope']) {
      const response = await call(api.callers.operator, 'POST', acmeAdjustments(), { amountOre: -100, reason: 'x', legId });
      expect(response.status, legId).toBe(400);
      expect(response.json.fields).toEqual([{ location: 'body', field: 'legId', message: 'no such leg in this organisation' }]);
    }
    const cases: Array<[unknown, string[]]> = [
      [{ amountOre: 0, reason: 'x' }, ['amountOre']],
      [{ amountOre: 1.5, reason: '  ' }, ['amountOre', 'reason']],
      [{ amountOre: 100, reason: 'x', meetingId: acmeMeeting, legId: acmeLeg }, ['legId']],
      [{ amountOre: 100, reason: 'x', createdBy: 'someone else' }, ['createdBy']],
    ];
    for (const [body, fields] of cases) {
      const response = await call(api.callers.operator, 'POST', acmeAdjustments(), body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.fields.map((f: { field: string }) => f.field).sort(), JSON.stringify(body)).toEqual(fields);
    }
    const halfPeriod = await call(api.callers.acmeFinance, 'GET', `${acmeAdjustments()}?from=2025-06-01`);
    expect(halfPeriod.status).toBe(400);
    expect((await call(api.callers.operator, 'GET', acmeAdjustments())).json.adjustments).toHaveLength(1);
  });
});
