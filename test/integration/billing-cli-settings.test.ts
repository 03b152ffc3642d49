import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustmentsCommand, tariffsCommand, vatCommand } from '../../src/cli/billing-command';
import { conferencesCommand } from '../../src/cli/conferences-command';
import { reportCommand } from '../../src/cli/report-command';
import { EXIT_OK, EXIT_USAGE } from '../../src/cli/run-cli';
import { runCliCaptured, withoutLastLineEnd } from '../support/run-cli-captured';
import { createBillingWorld, csvObjects } from './billing-fixtures';

/** Finance's settings on the command line, and what they do to the charge report. */
const JUNE_3 = Date.parse('2025-06-03T07:00:00Z'); // 09:00 in Oslo
const JUNE_10 = Date.parse('2025-06-10T10:00:00Z');
const JULY_2 = Date.parse('2025-07-02T07:00:00Z');

describe('npm run kvorum -- tariffs | vat | adjustments', () => {
  let directory: string;
  let databasePath: string;
  let fjord: string;
  let other: string;
  let juneMeeting: string;
  let juneLeg: string;
  let otherLeg: string;
  let now = JUNE_10;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'kvorum-billing-settings-'));
    databasePath = join(directory, 'kvorum.db');
    const world = createBillingWorld(databasePath);
    fjord = await world.account('Fjord AS', '987654321');
    other = await world.account('Other AS', '123456789');
    const conference = await world.conference(fjord, 'Weekly');
    juneMeeting = await world.startMeeting(conference, fjord, JUNE_3);
    juneLeg = await world.call({
      conferenceId: conference,
      meetingId: juneMeeting,
      calledAt: JUNE_3,
      enteredAt: JUNE_3,
      leftAt: JUNE_3 + 90_000,
    });
    await world.ledger.meetingEnded(juneMeeting, JUNE_3 + 90_000, 'ended-by-leader');
    const otherConference = await world.conference(other, 'Elsewhere');
    const otherMeeting = await world.startMeeting(otherConference, other, JUNE_3);
    otherLeg = await world.call({
      conferenceId: otherConference,
      meetingId: otherMeeting,
      calledAt: JUNE_3,
      enteredAt: JUNE_3,
      leftAt: JUNE_3 + 60_000,
    });
    await world.ledger.meetingEnded(otherMeeting, JUNE_3 + 60_000, 'ended-by-leader');
    world.db.close();
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const groups = {
    tariffs: tariffsCommand,
    vat: vatCommand,
    adjustments: adjustmentsCommand,
    report: reportCommand,
    conferences: conferencesCommand,
  };
  const kvorum = async (...args: string[]) => {
    const {
      exitCode: code,
      stdout,
      stderr,
    } = await runCliCaptured(args, groups, { KVORUM_DB_PATH: databasePath, KVORUM_LOG_LEVEL: 'silent' }, () => now);
    const text = withoutLastLineEnd(stdout);
    return { code, text, err: withoutLastLineEnd(stderr), json: code === EXIT_OK && /^[[{]/.test(text) ? JSON.parse(text) : null };
  };
  const juneReport = async (account: string) => {
    const result = await kvorum('report', 'charges', '--from', '2025-06-01', '--to', '2025-06-30', '--account', account, '--legs');
    return csvObjects(result.text);
  };

  it('lists the reference tariff, 2.55 NOK per started minute for every account, from the beginning', async () => {
    expect((await kvorum('tariffs', 'list')).json).toEqual([
      {
        id: 'tariff-reference',
        organisationId: null,
        effectiveFrom: '1970-01-01T01:00:00+01:00',
        rateOrePerMinute: 255,
        rounding: 'per-started-minute',
        currency: 'NOK',
      },
    ]);
  });

  it("adds an account's own rate from a future day (midnight in Oslo), which rates legs from then on and never earlier ones", async () => {
    const added = await kvorum(
      'tariffs',
      'add',
      '--account',
      fjord,
      '--rate-ore',
      '199',
      '--from',
      '2025-07-01',
      '--rounding',
      'per-second',
    );
    expect(added.code).toBe(EXIT_OK);
    expect(added.json).toMatchObject({
      organisationId: fjord,
      effectiveFrom: '2025-07-01T00:00:00+02:00',
      rateOrePerMinute: 199,
      rounding: 'per-second',
    });
    expect((await kvorum('tariffs', 'list', '--account', fjord)).json.map((t: { rateOrePerMinute: number }) => t.rateOrePerMinute)).toEqual(
      [255, 199],
    );
    expect((await kvorum('tariffs', 'list', '--account', other)).json.map((t: { rateOrePerMinute: number }) => t.rateOrePerMinute)).toEqual(
      [255],
    );
    // June's leg keeps the reference rate: 90 s → 2 started minutes × 2.55.
    expect((await juneReport(fjord)).find((row) => row.record === 'leg')).toMatchObject({ rate_ore_per_minute: '255', amount_nok: '5.10' });
  });

  it('refuses a rate that would start in the past or twice on one day, a bad rate, rounding or date, with exit code 2', async () => {
    const refusals = [
      [['--rate-ore', '300', '--from', '2025-06-01'], 'a tariff cannot take effect in the past'],
      [['--account', fjord, '--rate-ore', '300', '--from', '2025-07-01'], 'a tariff for this account already starts at that instant'],
      [['--rate-ore', '2.5', '--from', '2025-08-01'], '--rate-ore must be a whole number of øre'],
      [['--rate-ore=-1', '--from', '2025-08-01'], 'the rate must be a whole, non-negative number of øre per minute'],
      [['--rate-ore', '300', '--from', '2025-02-30'], '--from must be a date YYYY-MM-DD'],
      [['--rate-ore', '300', '--from', '2025-08-01', '--rounding', 'per-hour'], '--rounding must be one of'],
      [['--rate-ore', '300', '--from', '2025-08-01', '--account', 'org-nope'], 'no organisation with that id'],
    ] as const;
    for (const [args, message] of refusals) {
      expect(await kvorum('tariffs', 'add', ...args), args.join(' ')).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining(message),
      });
    }
    expect((await kvorum('tariffs', 'list')).json).toHaveLength(2);
  });

  it('adds a VAT rate in percent from a future day; the report of a period before it keeps its figures, byte for byte', async () => {
    expect((await kvorum('vat', 'show')).json).toMatchObject({ vatRateBasisPoints: 2500, vatPercent: '25' });
    const juneBefore = await kvorum('report', 'charges', '--from', '2025-06-01', '--to', '2025-06-30', '--account', fjord, '--legs');
    const added = await kvorum('vat', 'set', '--percent', '12.5', '--from', '2025-07-01');
    expect(added.json).toMatchObject({ vatRateBasisPoints: 1250, vatPercent: '12.5', effectiveFrom: '2025-07-01T00:00:00+02:00' });
    const juneAfter = await kvorum('report', 'charges', '--from', '2025-06-01', '--to', '2025-06-30', '--account', fjord, '--legs');
    expect(juneAfter.text).toBe(juneBefore.text);
    const totals = (await juneReport(fjord)).filter((row) => row.record === 'total');
    expect(totals.find((row) => row.note?.startsWith('VAT 25 %'))?.amount_nok).toBe('1.28'); // 5.10 × 25 % = 1.275
    // Until then the rate in force is the old one; both are listed.
    expect((await kvorum('vat', 'show')).json.vatRateBasisPoints).toBe(2500);
    expect((await kvorum('vat', 'list')).json.map((rate: { vatPercent: string }) => rate.vatPercent)).toEqual(['25', '12.5']);
    const refusals = [
      [['--percent', '101', '--from', '2025-08-01'], 'the VAT rate must be 0 to 10000 basis points'],
      [['--percent=-1', '--from', '2025-08-01'], '--percent must be a number'],
      [['--percent', '25.125', '--from', '2025-08-01'], '--percent must be a number'],
      [['--percent', 'a lot', '--from', '2025-08-01'], '--percent must be a number'],
      [['--percent', '25'], '--from is required'],
      [['--percent', '25', '--from', '2025-06-01'], 'a VAT rate cannot take effect in the past'],
      [['--percent', '20', '--from', '2025-07-01'], 'a VAT rate already starts at that instant'],
    ] as const;
    for (const [args, message] of refusals) {
      expect(await kvorum('vat', 'set', ...args), args.join(' ')).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining(message),
      });
    }
    expect((await kvorum('vat', 'list')).json).toHaveLength(2);
  });

  it('adds a signed credit for a leg with a reason and who made it; it is on the report of the day it was made, and the totals include it', async () => {
    now = JULY_2;
    const added = await kvorum(
      'adjustments',
      'add',
      '--account',
      fjord,
      '--leg',
      juneLeg,
      '--amount-ore=-510',
      '--reason',
      'echo on the line',
      '--by',
      'Finn Finance',
    );
    expect(added.code).toBe(EXIT_OK);
    expect(added.json).toMatchObject({
      organisationId: fjord,
      meetingId: juneMeeting,
      legId: juneLeg,
      amountOre: -510,
      reason: 'echo on the line',
      createdBy: 'Finn Finance',
      effectiveAt: '2025-07-02T09:00:00+02:00',
    });
    expect((await kvorum('adjustments', 'list', '--account', fjord)).json.map((a: { amountOre: number }) => a.amountOre)).toEqual([-510]);
    expect((await kvorum('adjustments', 'list', '--account', fjord, '--from', '2025-06-01', '--to', '2025-06-30')).json).toEqual([]);
    // June's report, already handed to finance, does not change; July's carries the credit.
    expect((await juneReport(fjord)).filter((row) => row.record === 'adjustment')).toEqual([]);
    const july = await kvorum('report', 'charges', '--from', '2025-07-01', '--to', '2025-07-31', '--account', fjord);
    const rows = csvObjects(july.text);
    expect(rows.find((row) => row.record === 'adjustment')).toMatchObject({
      leg_id: juneLeg,
      amount_nok: '-5.10',
      note: 'echo on the line (by Finn Finance)',
    });
    // The credit corrects a June leg, so it carries June's VAT (25 %, not July's 12.5 %): -5.10 - 1.28.
    expect(rows.find((row) => row.note === 'total incl. VAT')?.amount_nok).toBe('-6.38');
  });

  it("refuses an adjustment without amount, reason or signer, of zero, or naming another account's leg", async () => {
    const base = ['--account', fjord, '--reason', 'goodwill', '--by', 'Finn'];
    const refusals = [
      [['--account', fjord, '--reason', 'goodwill', '--by', 'Finn'], '--amount-ore is required'],
      [['--account', fjord, '--amount-ore', '100', '--by', 'Finn'], '--reason is required'],
      [['--account', fjord, '--amount-ore', '100', '--reason', 'goodwill'], '--by is required'],
      [[...base, '--amount-ore', '0'], 'a whole, non-zero number of øre'],
      [[...base, '--amount-ore', '100', '--leg', otherLeg], 'the leg was charged to another account'],
      [[...base, '--amount-ore', '100', '--meeting', 'mtg-nope'], 'no meeting with that id'],
      [[...base, '--amount-ore', '100', '--meeting', juneMeeting, '--leg', juneLeg], 'not both'],
      [['--account', 'org-nope', '--amount-ore', '100', '--reason', 'goodwill', '--by', 'Finn'], 'no organisation with that id'],
    ] as const;
    for (const [args, message] of refusals) {
      expect(await kvorum('adjustments', 'add', ...args), args.join(' ')).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining(message),
      });
    }
    expect((await kvorum('adjustments', 'list', '--account', fjord)).json).toHaveLength(1);
    expect(await kvorum('adjustments', 'list', '--account', 'org-nope')).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('--account: no such account'),
    });
  });

  it('needs no code secret; the commands that hash conference codes say plainly that they do', async () => {
    expect((await kvorum('vat', 'show')).code).toBe(EXIT_OK);
    expect(await kvorum('conferences', 'list')).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('KVORUM_CODE_SECRET: must be set: conference codes are hashed with it'),
    });
  });
});
