import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChargeRater } from '../../src/adapters/db/charges-rater';
import { openDatabase, type Database } from '../../src/adapters/db/database';
import { SqlLedger } from '../../src/adapters/db/sql-ledger';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';
import { DEFAULT_SQL_DIR, migrate } from '../../src/adapters/db/migrations';
import { parseLocalDate } from '../../src/domain/billing/calendar';
import { createSilentLogger } from '../../src/logger';
import { allOf, chargeReportOf, createBillingWorld, type BillingWorld } from './billing-fixtures';
import { sqliteSql } from '../support/store-provisioning';

/**
 * The meeting lines of a report come from per-meeting totals kept as legs are
 * rated (sql/0004): they must say what the legs say, whenever the legs were
 * rated and however the meeting ended.
 */
const MAY_12 = Date.parse('2025-05-12T08:00:00Z');
const s = (seconds: number) => seconds * 1000;
const may = { from: parseLocalDate('2025-05-01')!, to: parseLocalDate('2025-05-31')! };

async function meetingLinesAndLegSums(db: Database, organisationId: string, now: number) {
  const [account] = await allOf(
    (await chargeReportOf(db, { ...may, organisationId, includeLegs: true, unmaskedCallers: false }, now)).accounts,
  );
  const sums = new Map<string, { participants: number; realSeconds: number; chargedSeconds: number; amountOre: number }>();
  for await (const leg of account?.legs ?? []) {
    const sum = sums.get(leg.meetingId) ?? { participants: 0, realSeconds: 0, chargedSeconds: 0, amountOre: 0 };
    sums.set(leg.meetingId, {
      participants: sum.participants + 1,
      realSeconds: sum.realSeconds + leg.realSeconds,
      chargedSeconds: sum.chargedSeconds + leg.chargedSeconds,
      amountOre: sum.amountOre + leg.amountOre,
    });
  }
  return { meetings: account ? await allOf(account.meetings) : [], sums };
}

describe('per-meeting totals of the charge report', () => {
  let world: BillingWorld;
  let fjord: string;
  let board: string;
  beforeEach(async () => {
    world = createBillingWorld();
    fjord = await world.account('Fjord AS', '987654321');
    board = await world.conference(fjord, 'Board');
  });
  afterEach(() => world.db.close());

  it('a meeting whose first legs were rated while it ran shows its end and every leg once it is over', async () => {
    const meeting = await world.startMeeting(board, fjord, MAY_12);
    await world.call({ conferenceId: board, meetingId: meeting, role: 'leader', calledAt: MAY_12, enteredAt: MAY_12 });
    await world.call({ conferenceId: board, meetingId: meeting, calledAt: MAY_12, enteredAt: MAY_12, leftAt: MAY_12 + s(61) });
    const running = await meetingLinesAndLegSums(world.db, fjord, MAY_12 + s(120));
    expect(running.meetings).toMatchObject([{ meetingId: meeting, endedAt: null, participants: 1, chargedSeconds: 120, amountOre: 510 }]);

    await world.call({
      conferenceId: board,
      meetingId: meeting,
      calledAt: MAY_12 + s(200),
      enteredAt: MAY_12 + s(200),
      leftAt: MAY_12 + s(230),
    });
    world.db.prepare("UPDATE legs SET left_at = ?, end_reason = 'caller-hung-up' WHERE role = 'leader'").run(MAY_12 + s(600));
    await world.ledger.meetingEnded(meeting, MAY_12 + s(600), 'empty');
    const over = await meetingLinesAndLegSums(world.db, fjord, MAY_12 + s(700));
    expect(over.meetings).toEqual([
      {
        meetingId: meeting,
        conferenceId: board,
        conferenceName: 'Board',
        startedAt: MAY_12,
        endedAt: MAY_12 + s(600),
        ...over.sums.get(meeting),
      },
    ]);
    expect(over.sums.get(meeting)).toEqual({
      participants: 3,
      realSeconds: 61 + 30 + 600,
      chargedSeconds: 120 + 60 + 600,
      amountOre: (2 + 1 + 10) * 255,
    });
  });

  it('migration 0004 adds up the charges rated before it, and the totals go on from there', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'kvorum-0004-'));
    const db = openDatabase(join(directory, 'kvorum.db'));
    try {
      for (const name of readdirSync(DEFAULT_SQL_DIR).filter((file) => /^000[1-3]_/.test(file))) {
        copyFileSync(join(DEFAULT_SQL_DIR, name), join(directory, name));
      }
      expect(migrate(db, directory).toVersion).toBe(3);
      const organisationId = (await new OrganisationsRepository(sqliteSql(db)).create({ name: 'Old AS', billingReference: '1' }, 0)).id;
      // A room as version 3 stores it (today's repository writes columns added later).
      const conferenceId = 'conf-old-room';
      db.prepare(
        `INSERT INTO conferences (id, organisation_id, name, end_on_leader_hangup, code_kind, created_at, updated_at)
         VALUES (?, ?, 'Old room', 1, 'pair', 0, 0)`,
      ).run(conferenceId, organisationId);
      // The ledger of that time, as plain SQL: today's ledger writes columns that later migrations added.
      const oldLeg = (legId: string, meetingId: string, enteredAt: number, leftAt: number) =>
        db
          .prepare(
            `INSERT INTO legs (id, channel_id, conference_id, meeting_id, role, caller_number, dialled_number, called_at,
                               entered_at, left_at, end_reason)
             VALUES (?, ?, ?, ?, 'participant', NULL, '+4721000000', ?, ?, ?, 'caller-hung-up')`,
          )
          .run(legId, `chan-${legId}`, conferenceId, meetingId, enteredAt, enteredAt, leftAt);
      for (const day of [0, 1]) {
        const at = MAY_12 + s(86_400 * day);
        db.prepare('INSERT INTO meetings (id, conference_id, organisation_id, started_at) VALUES (?, ?, ?, ?)').run(
          `mtg-${day}`,
          conferenceId,
          organisationId,
          at,
        );
        oldLeg(`leg-${day}-a`, `mtg-${day}`, at, at + s(90));
        oldLeg(`leg-${day}-b`, `mtg-${day}`, at + s(10), at + s(3600));
      }
      db.prepare("UPDATE meetings SET ended_at = ?, end_reason = 'empty' WHERE id = 'mtg-0'").run(MAY_12 + s(3600));
      expect((await createChargeRater(sqliteSql(db), createSilentLogger()).rateClosedLegs(MAY_12 + s(100_000))).rated).toBe(4);

      expect(migrate(db).applied.slice(0, 1)).toEqual(['0004_meeting_charge_totals.sql']);
      // After the migration: one more leg of the second meeting is rated, and the meeting ends.
      const ledger = new SqlLedger(sqliteSql(db));
      const enteredAt = MAY_12 + s(86_400 + 100);
      await ledger.openLeg({
        legId: 'leg-1-c',
        channelId: 'chan-leg-1-c',
        conferenceId,
        role: 'participant',
        callerNumber: null,
        dialledNumber: '+4721000000',
        calledAt: enteredAt,
      });
      await ledger.legEnteredMeeting('leg-1-c', 'mtg-1', enteredAt);
      await ledger.closeLeg('leg-1-c', MAY_12 + s(86_400 + 160), 'caller-hung-up');
      await ledger.meetingEnded('mtg-1', MAY_12 + s(86_400 + 3600), 'empty');
      const { meetings, sums } = await meetingLinesAndLegSums(db, organisationId, MAY_12 + s(200_000));
      expect(meetings.map((line) => [line.meetingId, line.participants, line.endedAt])).toEqual([
        ['mtg-0', 2, MAY_12 + s(3600)],
        ['mtg-1', 3, MAY_12 + s(86_400 + 3600)],
      ]);
      for (const { meetingId, participants, realSeconds, chargedSeconds, amountOre } of meetings) {
        expect({ participants, realSeconds, chargedSeconds, amountOre }, meetingId).toEqual(sums.get(meetingId));
      }
    } finally {
      db.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
