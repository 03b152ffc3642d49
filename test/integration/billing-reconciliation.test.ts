import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BillingRepository } from '../../src/adapters/db/billing-repository';
import type { ChargeReportRequest } from '../../src/app/reports/charge-report-builder';
import { writeToString } from '../../src/app/reports/text-sink';
import { writeChargeReport } from '../../src/app/reports/write-charge-report';
import { addDays, startOfLocalDay, type LocalDate } from '../../src/domain/billing/calendar';
import { seededRandom } from '../support/seeded-random';
import { chargeReportOf, createBillingWorld, csvObjects, type BillingWorld } from './billing-fixtures';

/**
 * Reconciliation on generated data: six weeks of meetings for three accounts
 * with different tariffs, across two month ends, the October DST change and a
 * default price rise, with late meetings running past midnight, callers who
 * waited, callers who never got in, crashes (estimated legs) and adjustments.
 * For every period: leg lines = meeting lines = account total, and each leg
 * line equals an independent recomputation from the raw legs (a leg counts in
 * the period its meeting started in, at the tariff in force when it entered).
 */

const OSLO = 'Europe/Oslo';
const HOUR = 3_600_000;
// Month starts in Oslo, written out by hand: CEST (+02) until 26 October, CET (+01) after.
const SEPTEMBER = Date.parse('2025-08-31T22:00:00Z');
const NOVEMBER = Date.parse('2025-10-31T23:00:00Z');
const DECEMBER = Date.parse('2025-11-30T23:00:00Z');
const PRICE_RISE = NOVEMBER; // the default rate goes from 255 to 275 øre on 1 November

type Mode = 'per-started-minute' | 'per-second' | 'per-rounded-minute';

interface RawLeg {
  id: string;
  organisation_id: string;
  entered_at: number;
  left_at: number;
  started_at: number;
  ended_at: number | null;
  estimated: number;
}

describe('reconciliation on six weeks of generated meetings', () => {
  let world: BillingWorld;
  let accounts: { id: string; tariff: (at: number) => { rate: number; mode: Mode } }[];
  const now = DECEMBER + 24 * HOUR;

  beforeAll(async () => {
    world = createBillingWorld();
    const billing = new BillingRepository(world.sql);
    const random = seededRandom(20251026);
    const standard = await world.account('Standard AS', '911111111');
    const perSecond = await world.account('Sekund AS', '922222222');
    const rounded = await world.account('Runde AS', '+4733333333');
    await billing.insertTariff(
      { organisationId: null, effectiveFrom: PRICE_RISE, rateOrePerMinute: 275, rounding: 'per-started-minute' },
      0,
    );
    await billing.insertTariff({ organisationId: perSecond, effectiveFrom: SEPTEMBER, rateOrePerMinute: 199, rounding: 'per-second' }, 0);
    await billing.insertTariff(
      { organisationId: rounded, effectiveFrom: SEPTEMBER, rateOrePerMinute: 240, rounding: 'per-rounded-minute' },
      0,
    );
    const defaultTariff = (at: number) => ({ rate: at >= PRICE_RISE ? 275 : 255, mode: 'per-started-minute' as Mode });
    accounts = [
      { id: standard, tariff: defaultTariff },
      { id: perSecond, tariff: (at) => (at >= SEPTEMBER ? { rate: 199, mode: 'per-second' } : defaultTariff(at)) },
      { id: rounded, tariff: (at) => (at >= SEPTEMBER ? { rate: 240, mode: 'per-rounded-minute' } : defaultTariff(at)) },
    ];

    const conferences = await Promise.all(
      accounts.map(async (account) => ({ account: account.id, id: await world.conference(account.id, `Room of ${account.id}`) })),
    );
    const first = Date.parse('2025-09-25T06:00:00Z');
    const seconds = (max: number) => Math.floor(random() * max) * 1000 + Math.floor(random() * 1000);
    let start = first;
    for (let index = 0; index < 400; index += 1) {
      // Meetings through day and night; about one in five starts late in the evening and runs past midnight.
      start += Math.floor(random() * 5 * HOUR);
      const conference = conferences[Math.floor(random() * conferences.length)] ?? expect.unreachable();
      const meeting = await world.startMeeting(conference.id, conference.account, start);
      const length = seconds(3 * 3600);
      const end = start + length;
      const crash = random() < 0.1;
      const legs: string[] = [];
      const callers = 1 + Math.floor(random() * 8);
      for (let caller = 0; caller < callers; caller += 1) {
        const waited = random() < 0.3;
        const enteredAt = waited ? start : start + seconds(length / 1000);
        const calledAt = waited ? start - seconds(600) : enteredAt;
        const leftAt = crash ? undefined : Math.min(end, enteredAt + seconds(7200));
        legs.push(
          await world.call({
            conferenceId: conference.id,
            meetingId: meeting,
            role: caller === 0 ? 'leader' : 'participant',
            callerNumber: random() < 0.1 ? null : `+47${String(40_000_000 + Math.floor(random() * 59_999_999))}`,
            calledAt,
            enteredAt,
            leftAt,
          }),
        );
      }
      if (random() < 0.2) await world.call({ conferenceId: conference.id, calledAt: start - 60_000, leftAt: start - 1_000 }); // never got in
      if (crash) {
        await world.ledger.checkpoint(legs, start + seconds(length / 1000));
        await world.ledger.closeLostLegs(new Set(), end);
      } else {
        await world.ledger.meetingEnded(meeting, end, 'ended-by-leader');
      }
      if (random() < 0.05) {
        await billing.insertAdjustment({
          organisationId: conference.account,
          meetingId: meeting,
          legId: null,
          amountOre: random() < 0.7 ? -Math.ceil(random() * 5000) : 1234,
          reason: 'generated correction',
          createdBy: 'test',
          effectiveAt: end,
          createdAt: end,
        });
      }
    }
  });
  afterAll(() => world.db.close());

  const build = async (from: LocalDate, to: LocalDate, organisationId: string | null) => {
    const request: ChargeReportRequest = { from, to, organisationId, includeLegs: true, unmaskedCallers: false };
    const report = await chargeReportOf(world.db, request, now, OSLO);
    return csvObjects(await writeToString((sink) => writeChargeReport(report, 'csv', sink)));
  };

  const expectedLegs = (organisationId: string, startsAt: number, endsAt: number) => {
    const account = accounts.find((candidate) => candidate.id === organisationId) ?? expect.unreachable();
    const legs = world.db
      .prepare<[string], RawLeg>(
        `SELECT l.id, m.organisation_id, l.entered_at, l.left_at, m.started_at, m.ended_at, l.estimated
         FROM legs l JOIN meetings m ON m.id = l.meeting_id
         WHERE l.entered_at IS NOT NULL AND m.organisation_id = ?`,
      )
      .all(organisationId);
    const expected = new Map<string, { seconds: number; amountOre: number; estimated: boolean }>();
    for (const leg of legs) {
      if (leg.started_at < startsAt || leg.started_at >= endsAt) continue;
      const from = Math.max(leg.entered_at, leg.started_at);
      const until = Math.max(from, Math.min(leg.left_at, leg.ended_at ?? leg.left_at));
      const realSeconds = Math.floor((until - from) / 1000);
      const { rate, mode } = account.tariff(from);
      const charged =
        mode === 'per-second'
          ? realSeconds
          : 60 * (mode === 'per-started-minute' ? Math.ceil(realSeconds / 60) : Math.round(realSeconds / 60));
      expected.set(leg.id, { seconds: realSeconds, amountOre: Math.round((charged * rate) / 60), estimated: leg.estimated === 1 });
    }
    return expected;
  };

  const periods: [string, LocalDate, LocalDate][] = [
    ['September', { year: 2025, month: 9, day: 1 }, { year: 2025, month: 9, day: 30 }],
    ['October, with the DST change', { year: 2025, month: 10, day: 1 }, { year: 2025, month: 10, day: 31 }],
    ['November, after the price rise', { year: 2025, month: 11, day: 1 }, { year: 2025, month: 11, day: 30 }],
    ['the night of the DST change', { year: 2025, month: 10, day: 26 }, { year: 2025, month: 10, day: 26 }],
    ['a week across the October month end', { year: 2025, month: 10, day: 28 }, { year: 2025, month: 11, day: 3 }],
  ];

  it.each(periods)('%s: leg lines = meeting lines = account total, each leg as recomputed from the raw legs', async (_name, from, to) => {
    const startsAt = startOfLocalDay(from, OSLO);
    const endsAt = startOfLocalDay(addDays(to, 1), OSLO);
    const rows = await build(from, to, null);
    let legCount = 0;
    for (const account of accounts) {
      const ofAccount = rows.filter((row) => row.account_id === account.id);
      const legLines = ofAccount.filter((row) => row.record === 'leg');
      const meetingLines = ofAccount.filter((row) => row.record === 'meeting');
      const charges = ofAccount.find((row) => row.record === 'total' && row.note === 'leg charges');
      const expected = expectedLegs(account.id, startsAt, endsAt);

      expect(new Set(legLines.map((line) => line.leg_id))).toEqual(new Set(expected.keys()));
      for (const line of legLines) {
        const leg = expected.get(line.leg_id ?? '') ?? expect.unreachable();
        expect([line.seconds, toOre(line.amount_nok), line.estimated]).toEqual([
          String(leg.seconds),
          leg.amountOre,
          leg.estimated ? 'yes' : 'no',
        ]);
      }
      const expectedTotal = [...expected.values()].reduce((sum, leg) => sum + leg.amountOre, 0);
      expect(sum(legLines)).toBe(expectedTotal);
      expect(sum(meetingLines)).toBe(expectedTotal);
      // An account without activity in the period is not on the report.
      expect(charges === undefined ? 0 : toOre(charges.amount_nok)).toBe(expectedTotal);
      expect(meetingLines.reduce((count, line) => count + Number(line.participants), 0)).toBe(legLines.length);
      legCount += legLines.length;
    }
    expect(legCount).toBeGreaterThan(0);
  });

  it('splits the whole range into months without losing or double counting a leg', async () => {
    const whole = await build({ year: 2025, month: 9, day: 1 }, { year: 2025, month: 11, day: 30 }, null);
    const months = (
      await Promise.all(
        [9, 10, 11].map((month) =>
          build({ year: 2025, month, day: 1 }, { year: 2025, month, day: month === 9 || month === 11 ? 30 : 31 }, null),
        ),
      )
    ).flat();
    const legIds = (rows: Record<string, string>[]) =>
      rows
        .filter((row) => row.record === 'leg')
        .map((row) => row.leg_id)
        .sort();
    expect(legIds(months)).toEqual(legIds(whole));
    const billable = world.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM legs WHERE entered_at IS NOT NULL').get()?.n;
    expect(legIds(whole)).toHaveLength(billable ?? -1);
    const totalOf = (rows: Record<string, string>[], note: string) =>
      rows.filter((row) => row.record === 'total' && row.note === note).reduce((total, row) => total + toOre(row.amount_nok), 0);
    expect(totalOf(months, 'leg charges')).toBe(totalOf(whole, 'leg charges'));
    expect(totalOf(months, 'adjustments')).toBe(totalOf(whole, 'adjustments'));
  });

  it('covers the hard cases: crashed legs (estimated), legs past midnight and past a month end, both tariffs', async () => {
    const legs = (await build({ year: 2025, month: 9, day: 1 }, { year: 2025, month: 11, day: 30 }, null)).filter(
      (row) => row.record === 'leg',
    );
    const day = (instant: string | undefined) => instant?.slice(0, 10);
    const month = (instant: string | undefined) => instant?.slice(0, 7);
    expect(legs.some((leg) => leg.estimated === 'yes')).toBe(true);
    expect(legs.some((leg) => day(leg.start) !== day(leg.end))).toBe(true);
    expect(legs.some((leg) => month(leg.start) !== month(leg.end))).toBe(true);
    expect(new Set(legs.map((leg) => leg.rate_ore_per_minute))).toEqual(new Set(['199', '240', '255', '275']));
  });
});

function toOre(nok: string | undefined): number {
  const text = nok ?? expect.unreachable();
  const [kroner = '0', ore = '0'] = text.replace('-', '').split('.');
  return (text.startsWith('-') ? -1 : 1) * (Number(kroner) * 100 + Number(ore));
}

function sum(rows: readonly Record<string, string>[]): number {
  return rows.reduce((total, row) => total + toOre(row.amount_nok), 0);
}
