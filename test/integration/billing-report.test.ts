import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BillingRepository } from '../../src/adapters/db/billing-repository';
import type { ChargeReport } from '../../src/app/reports/charge-report';
import { createBillingManagement } from '../../src/app/billing/billing-management';
import type { ChargeReportRequest } from '../../src/app/reports/charge-report-builder';
import { writeToString } from '../../src/app/reports/text-sink';
import { writeChargeReport } from '../../src/app/reports/write-charge-report';
import { parseLocalDate } from '../../src/domain/billing/calendar';
import { allOf, chargeReportOf, chargeReportOutcome, createBillingWorld, csvObjects, type BillingWorld } from './billing-fixtures';

const MAY_12 = Date.parse('2025-05-12T08:00:00Z'); // 10:00 in Oslo (CEST)
const s = (seconds: number) => seconds * 1000;
const date = (text: string) => parseLocalDate(text) ?? expect.unreachable(text);

interface LegRow {
  id: string;
  meeting_id: string;
  caller_number: string | null;
  caller_number_normalised: string | null;
  dialled_number: string;
  entered_at: number;
  left_at: number;
}

describe('the charge report of an account', () => {
  let world: BillingWorld;
  let fjord: string;
  let now: number;
  const may = { from: date('2025-05-01'), to: date('2025-05-31') };

  const report = (request: Partial<ChargeReportRequest> = {}): Promise<ChargeReport> =>
    chargeReportOf(world.db, { ...may, organisationId: fjord, includeLegs: false, unmaskedCallers: false, ...request }, now);
  const accounts = async (request: Partial<ChargeReportRequest> = {}) => allOf((await report(request)).accounts);
  const csv = async (request: Partial<ChargeReportRequest> = {}, separator: ',' | ';' = ',') => {
    const made = await report(request);
    return writeToString((sink) => writeChargeReport(made, 'csv', sink, { separator }));
  };
  const json = async (request: Partial<ChargeReportRequest> = {}) => {
    const made = await report(request);
    return JSON.parse(await writeToString((sink) => writeChargeReport(made, 'json', sink)));
  };

  beforeEach(async () => {
    world = createBillingWorld();
    fjord = await world.account('Fjord AS', 'NO 987 654 321 MVA');
    // A name with the separator, a quote and a semicolon, to prove the quoting.
    const board = await world.conference(fjord, 'Board, "weekly"; Oslo');
    const standup = await world.conference(fjord, 'Stand-up');

    const m1 = await world.startMeeting(board, fjord, MAY_12);
    await world.call({
      conferenceId: board,
      meetingId: m1,
      role: 'leader',
      callerNumber: '+4791234567',
      calledAt: MAY_12 - s(5),
      enteredAt: MAY_12,
      leftAt: MAY_12 + s(1800),
    });
    await world.call({
      conferenceId: board,
      meetingId: m1,
      // As some carriers present it: with the international prefix instead of +.
      callerNumber: '004740011122',
      calledAt: MAY_12 - s(300),
      enteredAt: MAY_12,
      leftAt: MAY_12 + s(61),
    });
    await world.call({
      conferenceId: board,
      meetingId: m1,
      callerNumber: null,
      dialledNumber: '+4721999999',
      calledAt: MAY_12 + s(100),
      enteredAt: MAY_12 + s(100),
      leftAt: MAY_12 + s(100),
    });
    await world.ledger.meetingEnded(m1, MAY_12 + s(1800), 'ended-by-leader');

    const m2 = await world.startMeeting(standup, fjord, MAY_12 + s(86_400));
    await world.call({
      conferenceId: standup,
      meetingId: m2,
      role: 'leader',
      calledAt: MAY_12 + s(86_400),
      enteredAt: MAY_12 + s(86_400),
      leftAt: MAY_12 + s(86_400 + 59),
    });
    await world.call({
      conferenceId: standup,
      meetingId: m2,
      calledAt: MAY_12 + s(86_400),
      enteredAt: MAY_12 + s(86_400),
      leftAt: MAY_12 + s(86_400 + 60),
    });
    await world.ledger.meetingEnded(m2, MAY_12 + s(86_400 + 60), 'empty');

    // A caller in April who never got in, and an April meeting: not on May's report.
    const april = Date.parse('2025-04-30T21:59:00Z'); // 23:59 on 30 April in Oslo
    const m0 = await world.startMeeting(standup, fjord, april);
    await world.call({ conferenceId: standup, meetingId: m0, calledAt: april, enteredAt: april, leftAt: april + s(600) });
    await world.call({ conferenceId: standup, meetingId: m0, calledAt: april + s(300), enteredAt: april + s(300), leftAt: april + s(400) });
    await world.call({ conferenceId: standup, calledAt: april, leftAt: april + s(60) });

    await new BillingRepository(world.sql).insertAdjustment({
      organisationId: fjord,
      meetingId: m1,
      legId: null,
      amountOre: -255,
      reason: 'dropped call, 1 min credited',
      createdBy: 'finance',
      effectiveAt: MAY_12 + s(7200),
      createdAt: MAY_12 + s(7200),
    });
    now = MAY_12 + s(10 * 86_400);
  });
  afterEach(() => world.db.close());

  it('has one line per meeting, leg lines on request, and every line recomputes by hand from the legs', async () => {
    const rows = csvObjects(await csv({ includeLegs: true, unmaskedCallers: true }));
    const legs = world.db.prepare<[], LegRow>('SELECT * FROM legs WHERE entered_at IS NOT NULL').all();

    const legLines = rows.filter((row) => row.record === 'leg');
    expect(legLines).toHaveLength(5);
    for (const line of legLines) {
      const leg = legs.find((candidate) => candidate.id === line.leg_id) ?? expect.unreachable(line.leg_id);
      const seconds = Math.floor((leg.left_at - leg.entered_at) / 1000);
      const chargedMinutes = Math.ceil(seconds / 60);
      expect(line).toMatchObject({
        billing_reference: 'NO 987 654 321 MVA',
        meeting_id: leg.meeting_id,
        // Normalised to E.164, so international numbers start with +: written as text for spreadsheets (see src/app/reports/csv.ts).
        caller_number: leg.caller_number_normalised === null ? '' : `'${leg.caller_number_normalised}`,
        dialled_number: `'${leg.dialled_number}`,
        seconds: String(seconds),
        charged_minutes: String(chargedMinutes),
        rate_ore_per_minute: '255',
        amount_nok: ((chargedMinutes * 255) / 100).toFixed(2),
        estimated: 'no',
      });
    }

    const meetingLines = rows.filter((row) => row.record === 'meeting');
    expect(meetingLines.map((line) => [line.conference, line.participants, line.charged_minutes, line.amount_nok])).toEqual([
      ['Board, "weekly"; Oslo', '3', '32', '81.60'], // 30 + 2 + 0 minutes
      ['Stand-up', '2', '2', '5.10'], // 1 + 1 minutes
    ]);
    for (const meeting of meetingLines) {
      const ofMeeting = legLines.filter((line) => line.meeting_id === meeting.meeting_id);
      expect(sumNok(ofMeeting)).toBe(toOre(meeting.amount_nok ?? ''));
    }
    expect(meetingLines[0]).toMatchObject({ start: '2025-05-12T10:00:00+02:00', end: '2025-05-12T10:30:00+02:00' });

    const totals = Object.fromEntries(rows.filter((row) => row.record === 'total').map((row) => [row.note?.split(':')[0], row.amount_nok]));
    expect(totals).toEqual({
      'leg charges': '86.70',
      'licence fees': '0.00',
      'room fees': '0.00',
      adjustments: '-2.55',
      'total excl. VAT': '84.15',
      'VAT 25 %': '21.04', // 21.0375 rounded half-up, once, on the total
      'total incl. VAT': '105.19',
    });
    expect(sumNok(legLines)).toBe(toOre(totals['leg charges'] ?? ''));
    expect(sumNok(meetingLines)).toBe(toOre(totals['leg charges'] ?? ''));
    expect(rows.every((row) => row.billing_reference === 'NO 987 654 321 MVA' && row.period_from === '2025-05-01')).toBe(true);

    const adjustment = rows.find((row) => row.record === 'adjustment');
    expect(adjustment).toMatchObject({ amount_nok: '-2.55', note: 'dropped call, 1 min credited (by finance)' });
  });

  it('masks caller numbers unless asked not to, and leaves a withheld number empty', async () => {
    const callers = csvObjects(await csv({ includeLegs: true }))
      .filter((row) => row.record === 'leg')
      .map((row) => row.caller_number);
    expect(callers).toEqual(["'+47xxxxxx67", "'+47xxxxxx22", '', "'+47xxxxxx67", "'+47xxxxxx67"]);
  });

  it('shows every caller number in its E.164 form, while the ledger keeps it as the carrier presented it too', async () => {
    const callers = csvObjects(await csv({ includeLegs: true, unmaskedCallers: true }))
      .filter((row) => row.record === 'leg')
      .map((row) => row.caller_number);
    expect(callers).toContain("'+4740011122");
    const stored = world.db
      .prepare<[], { caller_number: string; caller_number_normalised: string }>(
        "SELECT caller_number, caller_number_normalised FROM legs WHERE caller_number LIKE '%40011122'",
      )
      .all();
    expect(stored).toEqual([{ caller_number: '004740011122', caller_number_normalised: '+4740011122' }]);
  });

  it('leaves the leg lines out unless they are asked for', async () => {
    const records = csvObjects(await csv()).map((row) => row.record);
    expect(records).toEqual(['meeting', 'meeting', 'adjustment', 'total', 'total', 'total', 'total', 'total', 'total', 'total']);
  });

  it("writes ';'-separated CSV for spreadsheets that expect it, quoting what needs quoting", async () => {
    const text = await csv({}, ';');
    expect(text.split('\r\n')[0]).toMatch(/^record;account_id;billing_reference;/);
    expect(text).toContain(';"Board, ""weekly""; Oslo";');
    expect(csvObjects(text, ';')[0]).toMatchObject({ conference: 'Board, "weekly"; Oslo', amount_nok: '81.60' });
  });

  it('gives the same figures as JSON, in øre', async () => {
    const document = await json({ includeLegs: true });
    expect(document.period).toEqual({
      from: '2025-05-01',
      to: '2025-05-31',
      timeZone: 'Europe/Oslo',
      startsAt: '2025-05-01T00:00:00+02:00',
      endsAt: '2025-06-01T00:00:00+02:00',
    });
    const [account] = document.accounts;
    expect(account.account).toEqual({ organisationId: fjord, name: 'Fjord AS', billingReference: 'NO 987 654 321 MVA' });
    expect(account.meetings.map((meeting: { amountOre: number }) => meeting.amountOre)).toEqual([8160, 510]);
    expect(account.legs).toHaveLength(5);
    expect(account.legs[1]).toMatchObject({
      callerNumber: '+47xxxxxx22',
      realSeconds: 61,
      chargedSeconds: 120,
      amountOre: 510,
      joinedAt: '2025-05-12T10:00:00+02:00',
    });
    expect(account.adjustments).toMatchObject([{ amountOre: -255, reason: 'dropped call, 1 min credited', createdBy: 'finance' }]);
    expect(account.totals).toEqual({
      participants: 5,
      realSeconds: 1800 + 61 + 0 + 59 + 60,
      chargedSeconds: (30 + 2 + 0 + 1 + 1) * 60,
      chargesOre: 8670,
      licenceFeesOre: 0,
      roomFeesOre: 0,
      adjustmentsOre: -255,
      totalExclVatOre: 8415,
      vatRateBasisPoints: 2500,
      vatOre: 2104,
      totalInclVatOre: 10_519,
    });
  });

  it("puts a meeting on the report of the month it started: the April meeting that ran past midnight is on April's, whole", async () => {
    const april = await accounts({ from: date('2025-04-01'), to: date('2025-04-30') });
    // 10 minutes from 23:59, and a caller who joined at 00:04 on 1 May for 2 minutes.
    expect(april[0]?.totals).toMatchObject({ participants: 2, chargesOre: 12 * 255, adjustmentsOre: 0 });
  });

  describe('after a VAT change', () => {
    const billing = () =>
      createBillingManagement({ store: new BillingRepository(world.sql), timeZone: 'Europe/Oslo', clock: { now: () => now } });
    const JUNE_2 = Date.parse('2025-06-02T07:00:00Z');
    const juneMeeting = async () => {
      const conference = await world.conference(fjord, 'June room');
      const meeting = await world.startMeeting(conference, fjord, JUNE_2);
      await world.call({ conferenceId: conference, meetingId: meeting, calledAt: JUNE_2, enteredAt: JUNE_2, leftAt: JUNE_2 + s(600) });
      await world.ledger.meetingEnded(meeting, JUNE_2 + s(600), 'ended-by-leader');
      return meeting;
    };

    it('an old period regenerated gives the same report, byte for byte; the new rate applies from its day', async () => {
      const before = { csv: await csv({ includeLegs: true }), json: await json({ includeLegs: true }) };
      expect(await billing().addVatRate({ from: date('2025-06-01'), basisPoints: 1500 })).toMatchObject({ basisPoints: 1500 });
      await juneMeeting();
      now = Date.parse('2025-07-01T08:00:00Z');
      expect(await csv({ includeLegs: true })).toBe(before.csv);
      const { generatedAt: _then, ...earlier } = before.json;
      const { generatedAt: _now, ...again } = await json({ includeLegs: true });
      expect(again).toEqual(earlier);
      // June: 10 minutes at 2.55, VAT 15 %.
      expect((await accounts({ from: date('2025-06-01'), to: date('2025-06-30') }))[0]?.totals).toMatchObject({
        totalExclVatOre: 2550,
        vatRateBasisPoints: 1500,
        vatOre: 383,
        totalInclVatOre: 2933,
      });
    });

    it('a period across the change has a VAT line per rate, each meeting at the rate of its start, a correction at that of its meeting', async () => {
      await billing().addVatRate({ from: date('2025-06-01'), basisPoints: 1500 });
      const june = await juneMeeting();
      now = Date.parse('2025-07-01T08:00:00Z');
      // A credit made in July for the June meeting carries the rate of the meeting.
      expect(
        await billing().addAdjustment({ organisationId: fjord, meetingId: june, amountOre: -550, reason: 'noise', createdBy: 'finance' }),
      ).toMatchObject({
        meetingId: june,
      });
      const mayToJuly = { from: date('2025-05-01'), to: date('2025-07-31') };
      const totals = (await accounts(mayToJuly))[0]?.totals;
      // 25 %: May's 86.70 - 2.55 credit = 84.15 → 21.04; 15 %: June's 25.50 - 5.50 = 20.00 → 3.00.
      expect(totals).toMatchObject({
        totalExclVatOre: 8415 + 2000,
        vatRateBasisPoints: null,
        vatByRate: [
          { vatRateBasisPoints: 1500, baseOre: 2000, vatOre: 300 },
          { vatRateBasisPoints: 2500, baseOre: 8415, vatOre: 2104 },
        ],
        vatOre: 2404,
        totalInclVatOre: 10_415 + 2404,
      });
      const vatRows = csvObjects(await csv(mayToJuly)).filter((row) => row.note?.startsWith('VAT'));
      expect(vatRows.map((row) => [row.note?.split(':')[0], row.amount_nok])).toEqual([
        ['VAT 15 % on 20.00', '3.00'],
        ['VAT 25 % on 84.15', '21.04'],
      ]);
      expect(vatRows[0]?.note).toContain('once per rate');
    });
  });

  it('rates legs that closed since the last rating before reading', async () => {
    const standup = await world.conference(fjord, 'Late');
    const meeting = await world.startMeeting(standup, fjord, MAY_12 + s(3 * 86_400));
    await world.call({
      conferenceId: standup,
      meetingId: meeting,
      calledAt: MAY_12 + s(3 * 86_400),
      enteredAt: MAY_12 + s(3 * 86_400),
      leftAt: MAY_12 + s(3 * 86_400 + 1),
    });
    expect(await allOf((await accounts())[0]?.meetings ?? [])).toHaveLength(3);
  });

  it('answers an unknown account as such', async () => {
    expect(
      await chargeReportOutcome(world.db, { ...may, organisationId: 'org-nope', includeLegs: false, unmaskedCallers: false }, now),
    ).toEqual({
      kind: 'unknown-account',
    });
  });

  it('covers every account with activity when no account is given, each with its own billing reference', async () => {
    const quiet = await world.account('Quiet AS', '+4722000000');
    await world.conference(quiet, 'Never used');
    const busy = await world.account('Busy AS', '912345678');
    const conference = await world.conference(busy, 'Daily');
    const meeting = await world.startMeeting(conference, busy, MAY_12);
    await world.call({ conferenceId: conference, meetingId: meeting, calledAt: MAY_12, enteredAt: MAY_12, leftAt: MAY_12 + s(120) });

    const all = await accounts({ organisationId: null });
    expect(all.map((account) => [account.account.name, account.account.billingReference, account.totals.chargesOre]).sort()).toEqual([
      ['Busy AS', '912345678', 510],
      ['Fjord AS', 'NO 987 654 321 MVA', 8670],
    ]);
  });
});

function toOre(nok: string): number {
  const [kroner = '0', ore = '0'] = nok.replace('-', '').split('.');
  return (nok.startsWith('-') ? -1 : 1) * (Number(kroner) * 100 + Number(ore));
}

function sumNok(rows: readonly Record<string, string>[]): number {
  return rows.reduce((sum, row) => sum + toOre(row.amount_nok ?? ''), 0);
}
