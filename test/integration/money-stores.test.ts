import { expect, it } from 'vitest';
import { BillingRepository } from '../../src/adapters/db/billing-repository';
import { createChargeRater } from '../../src/adapters/db/charges-rater';
import { licencesRunning } from '../../src/adapters/db/licences-repository';
import { roomFeeSource } from '../../src/adapters/db/room-fee-source';
import { UsageRepository } from '../../src/adapters/db/usage-repository';
import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';
import { monthPeriod } from '../../src/domain/billing/calendar';
import { createSilentLogger } from '../../src/logger';
import { writeMonthOfLegs } from '../support/month-of-legs';
import { describeEachStore } from '../support/stores-under-test';

const TIME_ZONE = 'Europe/Oslo';
const MARCH = monthPeriod(2025, 3, TIME_ZONE);
const APRIL_1 = Date.parse('2025-04-01T00:00:00Z');

/** The charges as the store holds them: how many, their sum, and legs charged more than once. */
async function chargesIn(db: SqlDatabase) {
  const totals = await db.get<{ charges: number; amount: number; legs: number }>(
    'SELECT count(*) AS charges, coalesce(sum(amount_ore), 0) AS amount, count(DISTINCT leg_id) AS legs FROM charges',
  );
  const meetings = await db.get<{ amount: number }>('SELECT coalesce(sum(amount_ore), 0) AS amount FROM meeting_charge_totals');
  const queued = await db.get<{ n: number }>('SELECT count(*) AS n FROM rating_queue');
  return { ...totals, meetingsAmount: meetings?.amount, queued: queued?.n };
}

describeEachStore('the money side of the store', (store) => {
  it('rates every closed leg once, however many raters run at once', async () => {
    const db = await store.open();
    const month = await writeMonthOfLegs(db, { legs: 600, accounts: 3, year: 2025, month: 3, timeZone: TIME_ZONE });
    const raters = [1, 2, 3].map(() => createChargeRater(db, createSilentLogger()));

    const summaries = await Promise.all(raters.map((rater) => rater.rateClosedLegs(APRIL_1)));

    const rated = summaries.reduce((sum, summary) => sum + summary.rated, 0);
    const amount = summaries.reduce((sum, summary) => sum + summary.amountOre, 0);
    expect(rated).toBe(month.legs);
    expect(summaries.every((summary) => summary.alreadyRated === 0 && summary.withoutTariff === 0)).toBe(true);
    expect(await chargesIn(db)).toEqual({ charges: month.legs, legs: month.legs, amount, meetingsAmount: amount, queued: 0 });
    expect(await raters[0]?.rateClosedLegs(APRIL_1 + 1)).toEqual({ rated: 0, amountOre: 0, alreadyRated: 0, withoutTariff: 0 });
  });

  it('keeps billing settings and corrections, and finds the account of a meeting and of a leg', async () => {
    const db = await store.open();
    await writeMonthOfLegs(db, { legs: 20, accounts: 1, year: 2025, month: 3, timeZone: TIME_ZONE });
    const billing = new BillingRepository(db);

    const tariff = await billing.insertTariff(
      { organisationId: 'org-0', effectiveFrom: APRIL_1, rateOrePerMinute: 199, rounding: 'per-second' },
      APRIL_1 - 1,
    );
    const vat = await billing.insertVatRate({ effectiveFrom: APRIL_1, basisPoints: 1500 }, APRIL_1 - 1);
    const price = await billing.insertRoomPrice({ roomType: 'personal', effectiveFrom: APRIL_1, priceOrePerMonth: 9900 }, APRIL_1 - 1);
    const adjustment = await billing.insertAdjustment({
      organisationId: 'org-0',
      meetingId: 'mtg-0',
      legId: 'leg-0',
      amountOre: -255,
      reason: 'line noise',
      createdBy: 'finance',
      effectiveAt: APRIL_1,
      createdAt: APRIL_1,
    });

    expect((await billing.tariffs()).at(-1)).toEqual(tariff);
    expect((await billing.vatRates()).at(-1)).toEqual(vat);
    expect(await billing.roomPrices()).toContainEqual(price);
    expect(await billing.adjustments('org-0')).toEqual([adjustment]);
    expect(await billing.adjustments('org-0', { startsAt: MARCH.startsAt, endsAt: MARCH.endsAt })).toEqual([]);
    expect([await billing.organisationExists('org-0'), await billing.organisationExists('org-nope')]).toEqual([true, false]);
    expect(await billing.meetingAccount('mtg-0')).toEqual({ organisationId: 'org-0' });
    expect(await billing.legAccount('leg-0')).toEqual({ organisationId: 'org-0', meetingId: 'mtg-0' });
    expect([await billing.meetingAccount('mtg-nope'), await billing.legAccount('leg-nope')]).toEqual([null, null]);
  });

  it('reads the meetings of a period with the legs that entered them, and the fees running in it', async () => {
    const db = await store.open();
    const month = await writeMonthOfLegs(db, { legs: 100, accounts: 2, year: 2025, month: 3, timeZone: TIME_ZONE });
    const usage = new UsageRepository(db);

    const meetings = [
      ...(await usage.meetingsStarted('org-0', MARCH.startsAt, MARCH.endsAt)),
      ...(await usage.meetingsStarted('org-1', MARCH.startsAt, MARCH.endsAt)),
    ];

    expect(meetings).toHaveLength(month.meetings);
    expect(meetings.reduce((legs, meeting) => legs + meeting.legs.length, 0)).toBe(month.legs);
    expect(meetings[0]).toMatchObject({ conferenceName: expect.stringMatching(/^Room /), endedAt: expect.any(Number) });
    // No room has a subscription and nobody a licence in this month: the queries run, and find none.
    expect(await roomFeeSource(db).running(null, MARCH.startsAt, MARCH.endsAt)).toEqual([]);
    expect(await roomFeeSource(db).running('org-0', MARCH.startsAt, MARCH.endsAt)).toEqual([]);
    expect(await licencesRunning(db, null, '2025-03-01', '2025-03-31')).toEqual([]);
    expect(await licencesRunning(db, 'org-0', '2025-03-01', '2025-03-31')).toEqual([]);
  });
});
