import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiHarness } from './admin-api-harness';

let api: AdminApiHarness;
beforeAll(async () => {
  api = await AdminApiHarness.start();
});
afterAll(() => api.stop());

describe('host licences', () => {
  it('ships basic, enterprise and unlimited; unlimited is the default until the operator chooses', async () => {
    const plans = (await api.call(api.callers.acmeAdmin, 'GET', '/licence-plans')).json.plans;
    expect(plans).toEqual(
      expect.arrayContaining([
        {
          id: 'basic',
          name: 'Basic',
          priceOrePerYear: 0,
          currency: 'NOK',
          maxParticipants: 100,
          groupTimeLimitMinutes: 40,
          isDefault: false,
        },
        {
          id: 'enterprise',
          name: 'Enterprise',
          priceOrePerYear: 186_000,
          currency: 'NOK',
          maxParticipants: 500,
          groupTimeLimitMinutes: null,
          isDefault: false,
        },
        {
          id: 'unlimited',
          name: 'Unlimited',
          priceOrePerYear: 0,
          currency: 'NOK',
          maxParticipants: null,
          groupTimeLimitMinutes: null,
          isDefault: true,
        },
      ]),
    );
    expect((await api.call(api.callers.acmeAdmin, 'PUT', '/licence-default-plan', { planId: 'basic' })).status).toBe(403);
  });

  it('a licence is personal: never a shared mailbox, one at a time, and a licensed user cannot become a shared mailbox', async () => {
    const shared = await api.call(api.callers.acmeAdmin, 'POST', '/users', {
      name: 'Post',
      email: 'post@acme.test',
      role: 'user',
      sharedMailbox: true,
    });
    expect(shared.json.sharedMailbox).toBe(true);
    const refused = await api.call(api.callers.acmeAdmin, 'POST', `/users/${shared.json.id}/licences`, { planId: 'enterprise' });
    expect(refused.status).toBe(400);
    expect(refused.json.fields[0]).toMatchObject({ field: 'userId', message: 'a licence is personal: a shared mailbox cannot hold one' });

    const person = await api.host(api.orgs.acme, 'Lise Licence');
    expect((await api.call(api.callers.acmeAdmin, 'POST', `/users/${person.id}/licences`, { planId: 'enterprise' })).status).toBe(201);
    const twice = await api.call(api.callers.acmeAdmin, 'POST', `/users/${person.id}/licences`, { planId: 'basic' });
    expect(twice.status).toBe(400);
    expect(twice.json.fields[0].message).toContain('already holds a licence');
    const toShared = await api.call(api.callers.acmeAdmin, 'PATCH', `/users/${person.id}`, { sharedMailbox: true });
    expect(toShared.status).toBe(409);
    // Another organisation's admin cannot see, give or end it.
    expect((await api.call(api.callers.otherAdmin, 'GET', `/users/${person.id}/licences`)).status).toBe(404);
    expect((await api.call(api.callers.otherAdmin, 'POST', `/users/${person.id}/licences`, { planId: 'basic' })).status).toBe(404);
  });
});

describe('licence fees on the charge report', () => {
  it("prorates each licence by day on its organisation's report, next to usage, and the totals add up", async () => {
    const report = await AdminApiHarness.start({ now: () => Date.parse('2026-12-05T12:00:00+01:00') });
    try {
      const anna = await report.host(report.orgs.other, 'Anna Enterprise');
      const ben = await report.host(report.orgs.other, 'Ben Basic');
      const assign = (userId: string, body: object) => report.call(report.callers.otherAdmin, 'POST', `/users/${userId}/licences`, body);
      expect((await assign(anna.id, { planId: 'enterprise', startsOn: '2026-11-01' })).status).toBe(201);
      const bens = await assign(ben.id, { planId: 'enterprise', startsOn: '2026-11-16' });
      const ended = await report.call(report.callers.otherAdmin, 'POST', `/licences/${bens.json.id}/end`, { endsOn: '2026-11-20' });
      expect(ended.json.endsOn).toBe('2026-11-20');
      const later = await report.call(report.callers.otherAdmin, 'POST', `/licences/${bens.json.id}/end`, { endsOn: '2026-11-25' });
      expect(later.status).toBe(400);
      expect(later.json.fields[0]).toMatchObject({ field: 'endsOn', message: 'the licence ends before that already' });

      const json = await report.call(report.callers.otherAdmin, 'GET', '/reports/charges?from=2026-11-01&to=2026-11-30&format=json');
      expect(json.status).toBe(200);
      const [account] = json.json.accounts;
      // 1,860 NOK a year: 30 days of 365 and 5 days of 365.
      expect(account.licences.map((line: { userName: string; from: string; to: string; days: number; amountOre: number }) => line)).toEqual(
        [
          expect.objectContaining({
            userName: 'Anna Enterprise',
            planName: 'Enterprise',
            from: '2026-11-01',
            to: '2026-11-30',
            days: 30,
            amountOre: 15_288,
          }),
          expect.objectContaining({ userName: 'Ben Basic', from: '2026-11-16', to: '2026-11-20', days: 5, amountOre: 2_548 }),
        ],
      );
      expect(account.totals).toMatchObject({
        chargesOre: 0,
        licenceFeesOre: 17_836,
        adjustmentsOre: 0,
        totalExclVatOre: 17_836,
        vatOre: 4_459,
        totalInclVatOre: 22_295,
      });
      const csv = await fetch(`${report.baseUrl}/api/v1/reports/charges?from=2026-11-01&to=2026-11-30`, {
        headers: { authorization: `Bearer ${report.callers.otherAdmin.token}` },
      }).then((response) => response.text());
      expect(csv).toContain('Enterprise licence of Anna Enterprise');
      expect(csv.split('\r\n').find((line) => line.includes('licence fees'))).toContain('178.36');
      // A year of a licence adds up to its yearly price.
      const year = await report.call(report.callers.otherAdmin, 'GET', '/reports/charges?from=2027-01-01&to=2027-12-31&format=json');
      expect(year.json.accounts[0].licences[0]).toMatchObject({ userName: 'Anna Enterprise', days: 365, amountOre: 186_000 });
    } finally {
      await report.stop();
    }
  });
});
