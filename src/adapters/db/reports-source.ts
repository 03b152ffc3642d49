import type {
  AccountRow,
  AdjustmentRow,
  ChargeReportSource,
  LegChargeRow,
  LicenceFeeSource,
  MeetingSums,
  MeetingTotalsRow,
  RoomFeeSource,
} from '../../app/ports/charge-report-source';
import type { LegRole } from '../../domain/conference/legs-and-meetings';
import { BillingRepository } from './billing-repository';
import type { Database } from './database';
import { LicencesRepository } from './licences-repository';
import { RoomSubscriptionsRepository } from './room-subscriptions-repository';

type Range = [organisationId: string, startsAt: number, endsAt: number];

type MeetingTotalsTuple = [
  meetingId: string,
  conferenceId: string,
  conferenceName: string,
  startedAt: number,
  endedAt: number | null,
  participants: number,
  realSeconds: number,
  chargedSeconds: number,
  amountOre: number,
];

type LegChargeTuple = [
  legId: string,
  meetingId: string,
  role: LegRole,
  callerNumber: string | null,
  dialledNumber: string,
  joinedAt: number,
  leftAt: number,
  estimated: number,
  realSeconds: number,
  chargedSeconds: number,
  rateOrePerMinute: number,
  rounding: string,
  tariffId: string,
  amountOre: number,
];

/**
 * The charge report's reads. Every query walks one index range of
 * (organisation, meeting start), already in meeting order: the charges
 * primary key for leg lines, the per-meeting totals kept at rating time
 * (sql/0004) for meeting lines.
 */
function createSqliteChargeReportSource(db: Database): ChargeReportSource {
  const billing = new BillingRepository(db);
  const selectAccount = db.prepare<[string], AccountRow>(
    `SELECT id AS organisationId, name, billing_reference AS billingReference FROM organisations WHERE id = ?`,
  );
  const selectActiveAccounts = db.prepare<[{ startsAt: number; endsAt: number }], AccountRow>(
    `SELECT o.id AS organisationId, o.name, o.billing_reference AS billingReference
     FROM organisations o
     WHERE EXISTS (SELECT 1 FROM meeting_charge_totals c
                   WHERE c.organisation_id = o.id AND c.meeting_started_at >= @startsAt AND c.meeting_started_at < @endsAt)
        OR EXISTS (SELECT 1 FROM adjustments a WHERE a.organisation_id = o.id AND a.effective_at >= @startsAt AND a.effective_at < @endsAt)
     ORDER BY o.id`,
  );
  // Raw tuples: a month has over a hundred thousand meetings, and building row objects by name costs more than the query.
  const selectMeetingTotals = db
    .prepare<Range, MeetingTotalsTuple>(
      `SELECT t.meeting_id, t.conference_id, c.name, t.meeting_started_at, t.meeting_ended_at,
              t.participants, t.real_seconds, t.charged_seconds, t.amount_ore
       FROM meeting_charge_totals t
       CROSS JOIN conferences c ON c.id = t.conference_id
       WHERE t.organisation_id = ? AND t.meeting_started_at >= ? AND t.meeting_started_at < ?
       ORDER BY t.meeting_started_at, t.meeting_id`,
    )
    .raw(true);
  const selectMeetingSums = db.prepare<Range, MeetingSums>(
    `SELECT coalesce(sum(participants), 0) AS participants, coalesce(sum(real_seconds), 0) AS realSeconds,
            coalesce(sum(charged_seconds), 0) AS chargedSeconds, coalesce(sum(amount_ore), 0) AS amountOre
     FROM meeting_charge_totals
     WHERE organisation_id = ? AND meeting_started_at >= ? AND meeting_started_at < ?`,
  );
  const selectLegCharges = db
    .prepare<Range, LegChargeTuple>(
      `SELECT leg_id, meeting_id, role, caller_number, dialled_number, billable_from, billable_until, estimated,
              real_seconds, charged_seconds, rate_ore_per_minute, rounding, tariff_id, amount_ore
       FROM charges
       WHERE organisation_id = ? AND meeting_started_at >= ? AND meeting_started_at < ?
       ORDER BY meeting_started_at, meeting_id, billable_from, leg_id`,
    )
    .raw(true);
  const selectAdjustments = db.prepare<Range, AdjustmentRow & { suppliedAt: number }>(
    `SELECT a.id AS adjustmentId, a.meeting_id AS meetingId, a.leg_id AS legId, a.amount_ore AS amountOre, a.reason,
            a.created_by AS createdBy, a.effective_at AS effectiveAt, a.created_at AS createdAt,
            coalesce(m.started_at, a.effective_at) AS suppliedAt
     FROM adjustments a
     LEFT JOIN meetings m ON m.id = a.meeting_id
     WHERE a.organisation_id = ? AND a.effective_at >= ? AND a.effective_at < ?
     ORDER BY a.effective_at, a.id`,
  );

  return {
    account: (organisationId) => selectAccount.get(organisationId) ?? null,
    accountsWithActivity: (startsAt, endsAt) => selectActiveAccounts.all({ startsAt, endsAt }),
    *meetingTotals(organisationId, startsAt, endsAt): Iterable<MeetingTotalsRow> {
      for (const row of selectMeetingTotals.iterate(organisationId, startsAt, endsAt)) yield toMeetingTotalsRow(row);
    },
    meetingSums: (organisationId, startsAt, endsAt) =>
      selectMeetingSums.get(organisationId, startsAt, endsAt) ?? { participants: 0, realSeconds: 0, chargedSeconds: 0, amountOre: 0 },
    *legCharges(organisationId, startsAt, endsAt): Iterable<LegChargeRow> {
      for (const row of selectLegCharges.iterate(organisationId, startsAt, endsAt)) yield toLegChargeRow(row);
    },
    adjustments: (organisationId, startsAt, endsAt) =>
      selectAdjustments.all(organisationId, startsAt, endsAt).map(({ suppliedAt, ...adjustment }) => ({ adjustment, suppliedAt })),
    vatRates: () => billing.vatRates(),
  };
}

/** Everything a charge report reads, on one connection: usage and adjustments, licences, rooms. */
export function sqliteChargeReportReads(db: Database): { source: ChargeReportSource; licences: LicenceFeeSource; rooms: RoomFeeSource } {
  return { source: createSqliteChargeReportSource(db), licences: new LicencesRepository(db), rooms: new RoomSubscriptionsRepository(db) };
}

function toMeetingTotalsRow(row: MeetingTotalsTuple): MeetingTotalsRow {
  return {
    meetingId: row[0],
    conferenceId: row[1],
    conferenceName: row[2],
    startedAt: row[3],
    endedAt: row[4],
    participants: row[5],
    realSeconds: row[6],
    chargedSeconds: row[7],
    amountOre: row[8],
  };
}

function toLegChargeRow(row: LegChargeTuple): LegChargeRow {
  return {
    legId: row[0],
    meetingId: row[1],
    role: row[2],
    callerNumber: row[3],
    dialledNumber: row[4],
    joinedAt: row[5],
    leftAt: row[6],
    estimated: row[7] === 1,
    realSeconds: row[8],
    chargedSeconds: row[9],
    rateOrePerMinute: row[10],
    rounding: row[11],
    tariffId: row[12],
    amountOre: row[13],
  };
}
