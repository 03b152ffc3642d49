import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvObjects } from '../integration/billing-fixtures';
import { AdminApiHarness, type ApiResponse, type Caller } from './admin-api-harness';

/**
 * NHN's rooms over the admin API: effective-dated room prices, a room's
 * subscription from its creation, the binding rule (upgrade any time, no
 * downgrade or deletion inside the first 12 months unless an operator
 * overrides it with a reason), and the room fees on the charge report. The
 * clock is moved by each story; days are Europe/Oslo's.
 */
let now = Date.parse('2025-01-05T09:00:00+01:00');
const logLines: string[] = [];
let api: AdminApiHarness;

beforeAll(async () => {
  api = await AdminApiHarness.start({ now: () => now, logLines });
});
afterAll(async () => {
  await api?.stop();
});

function at(instant: string): void {
  now = Date.parse(instant);
}

function call(caller: Caller, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  return api.call(caller, method, path, body);
}

describe("a room's subscription and its binding", () => {
  it('starts when the room is created; an upgrade is allowed at once, a downgrade is refused with the day it is allowed from', async () => {
    at('2025-01-05T09:00:00+01:00');
    const { id } = await api.createConference(api.callers.acmeAdmin, { name: 'Ward 7', roomType: 'small-administrative' });

    at('2025-03-16T10:00:00+01:00');
    const upgraded = await call(api.callers.acmeAdmin, 'PATCH', `/conferences/${id}`, { roomType: 'large-administrative' });
    expect(upgraded.status).toBe(200);
    expect(upgraded.json.roomType).toBe('large-administrative');

    at('2025-06-01T12:00:00+02:00');
    const downgrade = await call(api.callers.acmeAdmin, 'PATCH', `/conferences/${id}`, { roomType: 'personal', name: 'Ward 7b' });
    expect(downgrade.status).toBe(409);
    expect(downgrade.json).toEqual({
      error: 'conflict',
      message:
        'the room is bound for 12 months from 2025-01-05: a downgrade from large-administrative to personal is allowed from 2026-01-05',
    });
    // Nothing of the refused change was stored.
    expect((await call(api.callers.acmeAdmin, 'GET', `/conferences/${id}`)).json).toMatchObject({
      name: 'Ward 7',
      roomType: 'large-administrative',
    });

    const subscription = await call(api.callers.acmeAdmin, 'GET', `/conferences/${id}/subscription`);
    expect(subscription.status).toBe(200);
    expect(subscription.json).toEqual({
      conferenceId: id,
      organisationId: api.orgs.acme.id,
      startedAt: '2025-01-05T08:00:00.000Z',
      bindingMonths: 12,
      bindingEndsOn: '2026-01-05',
      endedAt: null,
      endedBy: null,
      endBindingOverride: null,
      types: [
        { roomType: 'small-administrative', from: '2025-01-05T08:00:00.000Z', by: api.callers.acmeAdmin.user.id, bindingOverride: null },
        { roomType: 'large-administrative', from: '2025-03-16T09:00:00.000Z', by: api.callers.acmeAdmin.user.id, bindingOverride: null },
      ],
    });

    // From the day the binding ends, the downgrade is the admin's to make.
    at('2026-01-05T00:00:00+01:00');
    expect((await call(api.callers.acmeAdmin, 'PATCH', `/conferences/${id}`, { roomType: 'personal' })).status).toBe(200);
  });

  it('refuses deleting a room sold by the month inside its binding; an unlimited room may go at once', async () => {
    at('2025-02-01T10:00:00+01:00');
    const sensitive = await api.createConference(api.callers.acmeAdmin, { roomType: 'sensitive' });
    const unlimited = await api.createConference(api.callers.acmeAdmin, { roomType: 'unlimited' });
    at('2025-12-31T23:59:00+01:00');
    const refused = await call(api.callers.acmeAdmin, 'DELETE', `/conferences/${sensitive.id}`);
    expect(refused.status).toBe(409);
    expect(refused.json.message).toBe('the room is bound for 12 months from 2025-02-01: it can be deleted from 2026-02-01');
    expect((await call(api.callers.acmeAdmin, 'GET', `/conferences/${sensitive.id}`)).status).toBe(200);
    expect((await call(api.callers.acmeAdmin, 'DELETE', `/conferences/${unlimited.id}`)).status).toBe(204);
    at('2026-02-01T00:00:00+01:00');
    expect((await call(api.callers.acmeAdmin, 'DELETE', `/conferences/${sensitive.id}`)).status).toBe(204);
  });

  it('lets only an operator override the binding, with a reason that is kept in the history and logged, never a code', async () => {
    at('2025-04-01T09:00:00+02:00');
    const { id, codes } = await api.createConference(api.callers.acmeAdmin, { roomType: 'large-auditorium' });
    at('2025-04-20T15:30:00+02:00');
    const reason = 'the clinic closed; agreed with the customer in case 2025-118';

    const byAdmin = await call(api.callers.acmeAdmin, 'PATCH', `/conferences/${id}`, {
      roomType: 'personal',
      bindingOverrideReason: reason,
    });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.json).toEqual({ error: 'forbidden', message: "only an operator may override a room's binding" });
    const deleteByAdmin = await call(
      api.callers.acmeAdmin,
      'DELETE',
      `/conferences/${id}?bindingOverrideReason=${encodeURIComponent(reason)}`,
    );
    expect(deleteByAdmin.status).toBe(403);
    const blank = await call(api.callers.operator, 'PATCH', `/conferences/${id}`, { roomType: 'personal', bindingOverrideReason: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.json.fields[0]).toMatchObject({ location: 'body', field: 'bindingOverrideReason' });

    const overridden = await call(api.callers.operator, 'PATCH', `/conferences/${id}`, {
      roomType: 'personal',
      bindingOverrideReason: reason,
    });
    expect(overridden.status).toBe(200);
    at('2025-04-21T08:00:00+02:00');
    const deleted = await call(api.callers.operator, 'DELETE', `/conferences/${id}?bindingOverrideReason=${encodeURIComponent(reason)}`);
    expect(deleted.status).toBe(204);

    const history = await api.stores.conferences.subscription(id);
    expect(history?.types.map((change) => [change.roomType, change.by, change.bindingOverride])).toEqual([
      ['large-auditorium', api.callers.acmeAdmin.user.id, null],
      ['personal', api.callers.operator.user.id, reason],
    ]);
    expect(history?.ended).toEqual({ by: api.callers.operator.user.id, bindingOverride: reason });

    const overrides = logLines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'room binding overridden');
    expect(overrides.map((line) => [line.conferenceId, line.change, line.by, line.reason])).toEqual([
      [id, 'downgrade', api.callers.operator.user.id, reason],
      [id, 'deletion', api.callers.operator.user.id, reason],
    ]);
    for (const { code } of codes) expect(logLines.join('\n')).not.toContain(code);
  });
});

describe('room prices', () => {
  it("start as NHN's price list, in force from the beginning of time", async () => {
    const prices = await call(api.callers.acmeFinance, 'GET', '/room-prices');
    expect(prices.status).toBe(200);
    expect(
      prices.json.roomPrices.map((price: { roomType: string; priceOrePerMonth: number }) => [price.roomType, price.priceOrePerMonth]),
    ).toEqual([
      ['large-administrative', 20000],
      ['large-auditorium', 50000],
      ['personal', 7000],
      ['sensitive', 5000],
      ['small-administrative', 10000],
      ['small-auditorium', 35000],
    ]);
    expect(prices.json.roomPrices[0]).toMatchObject({ effectiveFrom: '1970-01-01T01:00:00+01:00', currency: 'NOK' });
  });

  it('are added by the operator from a day on, never in the past, one per type and day; the unlimited room has none', async () => {
    at('2025-06-10T12:00:00+02:00');
    const added = await call(api.callers.operator, 'POST', '/room-prices', {
      roomType: 'personal',
      effectiveFrom: '2025-07-01',
      priceOrePerMonth: 7500,
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ roomType: 'personal', effectiveFrom: '2025-07-01T00:00:00+02:00', priceOrePerMonth: 7500 });

    const past = await call(api.callers.operator, 'POST', '/room-prices', {
      roomType: 'personal',
      effectiveFrom: '2025-06-09',
      priceOrePerMonth: 7500,
    });
    expect(past.status).toBe(400);
    expect(past.json.fields).toEqual([
      { location: 'body', field: 'effectiveFrom', message: 'a room price cannot take effect in the past' },
    ]);
    const twice = await call(api.callers.operator, 'POST', '/room-prices', {
      roomType: 'personal',
      effectiveFrom: '2025-07-01',
      priceOrePerMonth: 8000,
    });
    expect(twice.status).toBe(409);
    expect(twice.json).toEqual({ error: 'conflict', message: 'a room price for this room type already starts at that instant' });
    const unlimited = await call(api.callers.operator, 'POST', '/room-prices', {
      roomType: 'unlimited',
      effectiveFrom: '2025-07-01',
      priceOrePerMonth: 0,
    });
    expect(unlimited.status).toBe(400);
    expect(unlimited.json.fields[0].field).toBe('roomType');
    expect(
      (
        await call(api.callers.acmeAdmin, 'POST', '/room-prices', {
          roomType: 'personal',
          effectiveFrom: '2025-08-01',
          priceOrePerMonth: 1,
        })
      ).status,
    ).toBe(403);
  });
});

describe('room fees on the monthly charge report', () => {
  it('are lines next to the usage, prorated by day in the first month and from an upgrade, and CSV and JSON reconcile', async () => {
    // A health trust of its own, so the report holds only this story.
    const trust = (
      await api.stores.organisations.create({ name: 'Helse Fjord', billingReference: 'NO 999 888 777', resellerOrganisationId: null }, now)
    ).id;
    const admin = await api.stores.users.create({ organisationId: trust, name: 'Hild Admin', email: null, role: 'org-admin' }, now);
    const operator = api.callers.operator;
    const create = async (instant: string, name: string, roomType: string) => {
      at(instant);
      const created = await call(operator, 'POST', '/conferences', { organisationId: trust, name, roomType, ownerUserId: admin.id });
      expect(created.status).toBe(201);
      return created.json.conference.id as string;
    };
    const team = await create('2025-02-10T09:00:00+01:00', 'Team room', 'personal');
    await create('2025-03-20T14:00:00+01:00', 'Patient talks', 'sensitive');
    const board = await create('2025-01-05T09:00:00+01:00', 'Board', 'small-administrative');
    await create('2025-02-01T09:00:00+01:00', 'Open line', 'unlimited');
    at('2025-03-16T10:00:00+01:00');
    expect((await call(operator, 'PATCH', `/conferences/${board}`, { roomType: 'large-administrative' })).status).toBe(200);

    // Ten minutes of usage in the team room, at the reference tariff of 255 øre a minute.
    await api.recordMeeting({
      meetingId: 'mtg-team',
      legId: 'leg-team',
      conferenceId: team,
      organisationId: trust,
      startedAt: Date.parse('2025-03-12T10:00:00+01:00'),
      minutes: 10,
    });

    at('2025-04-02T08:00:00+02:00');
    const query = `/reports/charges?from=2025-03-01&to=2025-03-31&account=${trust}`;
    const json = await call(operator, 'GET', `${query}&format=json`);
    expect(json.status).toBe(200);
    const [account] = json.json.accounts;
    expect(
      account.rooms.map((line: Record<string, unknown>) => [
        line.conferenceName,
        line.roomType,
        line.from,
        line.to,
        line.days,
        line.amountOre,
      ]),
    ).toEqual([
      // By the subscriptions' start. Upgraded on the 16th: 15 days at 100 NOK, 16 at 200 NOK (4838.71 and 10322.58 øre).
      ['Board', 'small-administrative', '2025-03-01', '2025-03-15', 15, 4839],
      ['Board', 'large-administrative', '2025-03-16', '2025-03-31', 16, 10323],
      // 31 days of 70 NOK: the whole month.
      ['Team room', 'personal', '2025-03-01', '2025-03-31', 31, 7000],
      // Created on the 20th: 12 of 31 days at 50 NOK = 1935.48 øre.
      ['Patient talks', 'sensitive', '2025-03-20', '2025-03-31', 12, 1935],
    ]);
    expect(account.totals).toMatchObject({
      chargesOre: 2550,
      licenceFeesOre: 0,
      roomFeesOre: 24_097,
      adjustmentsOre: 0,
      totalExclVatOre: 26_647,
      vatRateBasisPoints: 2500,
      vatOre: 6662,
      totalInclVatOre: 33_309,
    });

    const csv = await fetch(`${api.baseUrl}/api/v1${query}`, { headers: { authorization: `Bearer ${operator.token}` } }).then((response) =>
      response.text(),
    );
    const rows = csvObjects(csv);
    const roomRows = rows.filter((row) => row.record === 'room');
    expect(roomRows.map((row) => [row.conference, row.start, row.end, row.amount_nok])).toEqual([
      ['Board', '2025-03-01', '2025-03-15', '48.39'],
      ['Board', '2025-03-16', '2025-03-31', '103.23'],
      ['Team room', '2025-03-01', '2025-03-31', '70.00'],
      ['Patient talks', '2025-03-20', '2025-03-31', '19.35'],
    ]);
    expect(roomRows[1]?.note).toBe(`large-administrative room (${board}): 16 days at 200.00 NOK a month`);
    const totals = Object.fromEntries(rows.filter((row) => row.record === 'total').map((row) => [row.note?.split(':')[0], row.amount_nok]));
    expect(totals).toEqual({
      'leg charges': '25.50',
      'licence fees': '0.00',
      'room fees': '240.97',
      adjustments: '0.00',
      'total excl. VAT': '266.47',
      'VAT 25 %': '66.62',
      'total incl. VAT': '333.09',
    });
    // Both documents agree line by line, and the lines add up to the totals.
    expect(roomRows.map((row) => toOre(row.amount_nok))).toEqual(account.rooms.map((line: { amountOre: number }) => line.amountOre));
    expect(sum(roomRows.map((row) => toOre(row.amount_nok)))).toBe(toOre(totals['room fees']));
    expect(toOre(totals['leg charges']) + toOre(totals['room fees'])).toBe(toOre(totals['total excl. VAT']));

    // The month after: every room a whole month, the unlimited one none.
    const april = await call(operator, 'GET', `/reports/charges?from=2025-04-01&to=2025-04-30&account=${trust}&format=json`);
    expect(april.json.accounts[0].totals.roomFeesOre).toBe(7000 + 5000 + 20000);
  });

  it('brings an account that only has room fees onto the report of every account', async () => {
    at('2025-05-02T09:00:00+02:00');
    const quiet = (
      await api.stores.organisations.create({ name: 'Quiet Clinic', billingReference: 'NO 111 222 333', resellerOrganisationId: null }, now)
    ).id;
    expect(
      (await call(api.callers.operator, 'POST', '/conferences', { organisationId: quiet, name: 'Quiet', roomType: 'sensitive' })).status,
    ).toBe(201);
    at('2025-06-02T09:00:00+02:00');
    const report = await call(api.callers.operator, 'GET', '/reports/charges?from=2025-05-01&to=2025-05-31&format=json');
    const account = report.json.accounts.find(
      (candidate: { account: { organisationId: string } }) => candidate.account.organisationId === quiet,
    );
    // 30 of 31 days at 50 NOK.
    expect(account?.rooms).toEqual([
      expect.objectContaining({
        conferenceName: 'Quiet',
        roomType: 'sensitive',
        from: '2025-05-02',
        to: '2025-05-31',
        days: 30,
        amountOre: 4839,
      }),
    ]);
  });
});

function toOre(nok: string | undefined): number {
  const [kroner = '0', ore = '0'] = (nok ?? '').replace('-', '').split('.');
  return (nok?.startsWith('-') ? -1 : 1) * (Number(kroner) * 100 + Number(ore.padEnd(2, '0')));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
