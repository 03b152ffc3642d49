import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BillingRepository } from '../../src/adapters/db/billing-repository';
import { createChargeRater } from '../../src/adapters/db/charges-rater';
import type { ChargeRater } from '../../src/app/ports/charge-rater';
import { createBillingManagement, type BillingManagement } from '../../src/app/billing/billing-management';
import { createSilentLogger } from '../../src/logger';
import { createBillingWorld, type BillingWorld } from './billing-fixtures';

const T0 = Date.parse('2025-05-12T08:00:00Z'); // 10:00 in Oslo
const s = (seconds: number) => seconds * 1000;

interface ChargeRow {
  leg_id: string;
  organisation_id: string;
  meeting_id: string;
  real_seconds: number;
  charged_seconds: number;
  amount_ore: number;
  tariff_id: string;
  rate_ore_per_minute: number;
  estimated: number;
  billable_from: number;
  billable_until: number;
  rated_at: number;
}

describe('rating closed legs into charges', () => {
  let world: BillingWorld;
  let rater: ChargeRater;
  let billing: BillingRepository;
  let fjord: string;
  let weekly: string;

  const charges = () => world.db.prepare<[], ChargeRow>('SELECT * FROM charges ORDER BY billable_from, leg_id').all();
  const chargeOf = (legId: string) => world.db.prepare<[string], ChargeRow>('SELECT * FROM charges WHERE leg_id = ?').get(legId);

  beforeEach(async () => {
    world = createBillingWorld();
    rater = createChargeRater(world.sql, createSilentLogger());
    billing = new BillingRepository(world.sql);
    fjord = await world.account('Fjord AS', '987654321');
    weekly = await world.conference(fjord, 'Weekly');
  });
  afterEach(() => world.db.close());

  it('charges a participant from the moment the leader opened the meeting, per started minute at 2.55', async () => {
    // The participant called 4 minutes early and waited with music; the leader opened at T0.
    const meeting = await world.startMeeting(weekly, fjord, T0);
    const leader = await world.call({
      conferenceId: weekly,
      meetingId: meeting,
      role: 'leader',
      calledAt: T0 - s(20),
      enteredAt: T0,
      leftAt: T0 + s(600),
    });
    const early = await world.call({ conferenceId: weekly, meetingId: meeting, calledAt: T0 - s(240), enteredAt: T0, leftAt: T0 + s(61) });

    expect(await rater.rateClosedLegs(T0 + s(700))).toEqual({ rated: 2, amountOre: 10 * 255 + 2 * 255, alreadyRated: 0, withoutTariff: 0 });
    expect(chargeOf(early)).toMatchObject({
      organisation_id: fjord,
      meeting_id: meeting,
      billable_from: T0,
      real_seconds: 61,
      charged_seconds: 120,
      amount_ore: 510,
      tariff_id: 'tariff-reference',
      rate_ore_per_minute: 255,
      estimated: 0,
      rated_at: T0 + s(700),
    });
    expect(chargeOf(leader)).toMatchObject({ real_seconds: 600, charged_seconds: 600, amount_ore: 2550 });
  });

  it('is idempotent: rating again writes nothing and never rewrites a charge', async () => {
    const meeting = await world.startMeeting(weekly, fjord, T0);
    await world.call({ conferenceId: weekly, meetingId: meeting, calledAt: T0, enteredAt: T0, leftAt: T0 + s(30) });
    await rater.rateClosedLegs(T0 + s(60));
    const first = charges();
    expect(await rater.rateClosedLegs(T0 + s(120))).toEqual({ rated: 0, amountOre: 0, alreadyRated: 0, withoutTariff: 0 });
    expect(charges()).toEqual(first);
  });

  it('rates a leg only once it has closed', async () => {
    const meeting = await world.startMeeting(weekly, fjord, T0);
    const open = await world.call({ conferenceId: weekly, meetingId: meeting, calledAt: T0, enteredAt: T0 });
    expect((await rater.rateClosedLegs(T0 + s(60))).rated).toBe(0);
    await world.ledger.closeLeg(open, T0 + s(90), 'caller-hung-up');
    expect((await rater.rateClosedLegs(T0 + s(100))).rated).toBe(1);
    expect(chargeOf(open)).toMatchObject({ real_seconds: 90, charged_seconds: 120 });
  });

  it('never charges a caller who only waited for a leader who did not come', async () => {
    await world.call({ conferenceId: weekly, calledAt: T0, leftAt: T0 + s(900) });
    expect((await rater.rateClosedLegs(T0 + s(1000))).rated).toBe(0);
    expect(charges()).toEqual([]);
  });

  it('refuses to change or delete a charge: corrections are adjustments', async () => {
    const meeting = await world.startMeeting(weekly, fjord, T0);
    await world.call({ conferenceId: weekly, meetingId: meeting, calledAt: T0, enteredAt: T0, leftAt: T0 + s(30) });
    await rater.rateClosedLegs(T0 + s(60));
    expect(() => world.db.exec('UPDATE charges SET amount_ore = 0')).toThrow(/immutable/);
    expect(() => world.db.exec('DELETE FROM charges')).toThrow(/immutable/);
  });

  it('keeps a charge as rated even if the leg is changed afterwards', async () => {
    const meeting = await world.startMeeting(weekly, fjord, T0);
    const leg = await world.call({ conferenceId: weekly, meetingId: meeting, calledAt: T0, enteredAt: T0, leftAt: T0 + s(30) });
    await rater.rateClosedLegs(T0 + s(60));
    world.db.prepare('UPDATE legs SET left_at = ? WHERE id = ?').run(T0 + s(3600), leg);
    expect(await rater.rateClosedLegs(T0 + s(4000))).toMatchObject({ rated: 0, alreadyRated: 1 });
    expect(chargeOf(leg)).toMatchObject({ real_seconds: 30, amount_ore: 255 });
  });

  it('rates with the tariff in force when the leg entered, so a new rate never rewrites earlier charges', async () => {
    const july = Date.parse('2025-06-30T22:00:00Z'); // 1 July 00:00 in Oslo
    const meeting = await world.startMeeting(weekly, fjord, july - s(600));
    const before = await world.call({
      conferenceId: weekly,
      meetingId: meeting,
      calledAt: july - s(600),
      enteredAt: july - s(600),
      leftAt: july + s(1200),
    });
    await rater.rateClosedLegs(july + s(1200));
    const rated = chargeOf(before);

    // A price rise added after that leg was rated, effective from the next day.
    const rise = await billing.insertTariff(
      { organisationId: null, effectiveFrom: july + s(86_400), rateOrePerMinute: 300, rounding: 'per-started-minute' },
      july + s(1300),
    );
    const after = await world.call({
      conferenceId: weekly,
      meetingId: meeting,
      calledAt: july + s(86_400),
      enteredAt: july + s(86_400),
      leftAt: july + s(86_400 + 120),
    });
    await rater.rateClosedLegs(july + s(90_000));

    expect(chargeOf(before)).toEqual(rated);
    expect(chargeOf(before)).toMatchObject({ charged_seconds: 1800, amount_ore: 30 * 255, tariff_id: 'tariff-reference' });
    expect(chargeOf(after)).toMatchObject({ charged_seconds: 120, amount_ore: 600, tariff_id: rise.id });
  });

  it("uses an account's own tariff and rounding for its legs only", async () => {
    const other = await world.account('Other AS', '+4722000000');
    const otherConference = await world.conference(other, 'Other weekly');
    await billing.insertTariff({ organisationId: fjord, effectiveFrom: T0, rateOrePerMinute: 120, rounding: 'per-second' }, T0);
    const fjordMeeting = await world.startMeeting(weekly, fjord, T0);
    const otherMeeting = await world.startMeeting(otherConference, other, T0);
    const fjordLeg = await world.call({ conferenceId: weekly, meetingId: fjordMeeting, calledAt: T0, enteredAt: T0, leftAt: T0 + s(61) });
    const otherLeg = await world.call({
      conferenceId: otherConference,
      meetingId: otherMeeting,
      calledAt: T0,
      enteredAt: T0,
      leftAt: T0 + s(61),
    });
    await rater.rateClosedLegs(T0 + s(100));
    expect(chargeOf(fjordLeg)).toMatchObject({ charged_seconds: 61, amount_ore: 122, rate_ore_per_minute: 120 });
    expect(chargeOf(otherLeg)).toMatchObject({ charged_seconds: 120, amount_ore: 510, rate_ore_per_minute: 255 });
  });

  it('refuses a tariff that would start in the past, and stores nothing', async () => {
    const management = createBillingManagement({ store: billing, timeZone: 'Europe/Oslo', clock: { now: () => T0 } });
    expect(
      await management.addTariff({
        organisationId: null,
        from: { year: 2025, month: 5, day: 12 },
        rateOrePerMinute: 300,
        rounding: 'per-second',
      }),
    ).toMatchObject({ kind: 'refused', code: 'retroactive', field: 'effectiveFrom' });
    expect(await billing.tariffs()).toHaveLength(1);
  });

  it('rates the legs of a crash at their last checkpoint, marked as estimated', async () => {
    const meeting = await world.startMeeting(weekly, fjord, T0);
    const lost = await world.call({ conferenceId: weekly, meetingId: meeting, calledAt: T0, enteredAt: T0 });
    await world.ledger.checkpoint([lost], T0 + s(150));
    // The process died; on restart the call no longer exists.
    await world.ledger.closeLostLegs(new Set(), T0 + s(400));
    await rater.rateClosedLegs(T0 + s(400));
    expect(chargeOf(lost)).toMatchObject({ real_seconds: 150, charged_seconds: 180, amount_ore: 765, estimated: 1 });
  });
});

describe('adjustments', () => {
  let world: BillingWorld;
  let billing: BillingManagement;
  let now: number;
  let fjord: string;
  let meeting: string;

  beforeEach(async () => {
    world = createBillingWorld();
    now = T0;
    billing = createBillingManagement({ store: new BillingRepository(world.sql), timeZone: 'Europe/Oslo', clock: { now: () => now } });
    fjord = await world.account('Fjord AS', '987654321');
    meeting = await world.startMeeting(await world.conference(fjord, 'Weekly'), fjord, T0);
  });
  afterEach(() => world.db.close());

  it('records a signed correction with its reason, who made it and when', async () => {
    now = T0 + s(3600);
    const credit = await billing.addAdjustment({
      organisationId: fjord,
      meetingId: meeting,
      amountOre: -510,
      reason: 'line noise, 2 min credited',
      createdBy: 'finance@kvorum',
    });
    expect(credit).not.toHaveProperty('kind');
    expect(world.db.prepare('SELECT * FROM adjustments').all()).toEqual([
      {
        id: (credit as { id: string }).id,
        organisation_id: fjord,
        meeting_id: meeting,
        leg_id: null,
        amount_ore: -510,
        reason: 'line noise, 2 min credited',
        created_by: 'finance@kvorum',
        effective_at: T0 + s(3600),
        created_at: T0 + s(3600),
      },
    ]);
    expect(() => world.db.exec('UPDATE adjustments SET amount_ore = 1')).toThrow(/immutable/);
  });

  it("refuses an adjustment on another account's meeting or leg, without a reason, or of zero, and stores nothing", async () => {
    const other = await world.account('Other AS', '+4722000000');
    const leg = await world.call({
      conferenceId: await world.conference(fjord, 'Daily'),
      meetingId: meeting,
      calledAt: T0,
      enteredAt: T0,
      leftAt: T0 + s(60),
    });
    const refusal = async (request: Partial<Parameters<BillingManagement['addAdjustment']>[0]>) => {
      const outcome = await billing.addAdjustment({ organisationId: fjord, amountOre: -100, reason: 'x', createdBy: 'me', ...request });
      return 'kind' in outcome ? [outcome.code, outcome.field] : 'accepted';
    };
    expect(await refusal({ organisationId: other, meetingId: meeting })).toEqual(['meeting-of-another-organisation', 'meetingId']);
    expect(await refusal({ organisationId: other, legId: leg })).toEqual(['leg-of-another-organisation', 'legId']);
    expect(await refusal({ meetingId: 'mtg-nope' })).toEqual(['unknown-meeting', 'meetingId']);
    expect(await refusal({ legId: 'leg-nope' })).toEqual(['unknown-leg', 'legId']);
    expect(await refusal({ reason: '  ' })).toEqual(['missing-reason', 'reason']);
    expect(await refusal({ createdBy: '' })).toEqual(['missing-reason', 'reason']);
    expect(await refusal({ amountOre: 0 })).toEqual(['invalid-amount', 'amountOre']);
    expect(await refusal({ amountOre: 1.5 })).toEqual(['invalid-amount', 'amountOre']);
    expect(await refusal({ organisationId: 'org-nope' })).toEqual(['unknown-organisation', 'organisationId']);
    expect(world.db.prepare('SELECT count(*) AS n FROM adjustments').get()).toEqual({ n: 0 });
    // A leg names its meeting.
    expect(await billing.addAdjustment({ organisationId: fjord, legId: leg, amountOre: -100, reason: 'x', createdBy: 'me' })).toMatchObject(
      {
        meetingId: meeting,
        legId: leg,
      },
    );
  });
});
