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
import { readVatRates } from './billing-repository';
import type { Database } from './database';
import { licencesRunning } from './licences-repository';
import { roomFeeSource } from './room-fee-source';
import type { SqlDialect, SqlStatements, SqlValue } from './sql/sql-database';

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
 * A query's rows as they are read from the store, each as the tuple of its
 * columns in order, without the whole answer in memory: SQLite steps its
 * statement, PostgreSQL fetches from a cursor in the report's snapshot.
 * Walked to its end (or given up) before the next read.
 */
export type RowStream = (sql: string, params: readonly SqlValue[]) => AsyncIterable<unknown[]>;

/** What a charge report reads from: statements in one read snapshot, and a stream for the long answers. */
export interface ReportReads {
  dialect: SqlDialect;
  statements: SqlStatements;
  stream: RowStream;
}

/**
 * A SQLite connection's rows as they are stepped, as raw tuples: a month has
 * over a hundred thousand meetings, and building row objects by name costs
 * more than the query. Statements are prepared once per SQL text.
 */
export function sqliteRowStream(connection: Database): RowStream {
  const statements = new Map<string, ReturnType<Database['prepare']>>();
  return async function* stream(sql, params) {
    let statement = statements.get(sql);
    if (statement === undefined) {
      // `$1` … as the `@p1` … better-sqlite3 binds by name, as SqliteSqlDatabase does.
      statement = connection.prepare(sql.replace(/\$(\d+)/g, '@p$1')).raw(true);
      statements.set(sql, statement);
    }
    const bound = Object.fromEntries(params.map((value, index) => [`p${index + 1}`, value]));
    yield* statement.iterate(bound) as IterableIterator<unknown[]>;
  };
}

/**
 * The charge report's reads. Every query walks one index range of
 * (organisation, meeting start), already in meeting order: the charges
 * primary key for leg lines, the per-meeting totals kept at rating time
 * (sql/0004) for meeting lines.
 */
function createChargeReportSource({ dialect, statements: db, stream }: ReportReads): ChargeReportSource {
  // SQLite: CROSS JOIN pins the loop order (walk the totals, look each room up); PostgreSQL plans the join itself.
  const join = dialect === 'sqlite' ? 'CROSS JOIN' : 'JOIN';
  const selectMeetingTotals = `SELECT t.meeting_id, t.conference_id, c.name, t.meeting_started_at, t.meeting_ended_at,
            t.participants, t.real_seconds, t.charged_seconds, t.amount_ore
     FROM meeting_charge_totals t
     ${join} conferences c ON c.id = t.conference_id
     WHERE t.organisation_id = $1 AND t.meeting_started_at >= $2 AND t.meeting_started_at < $3
     ORDER BY t.meeting_started_at, t.meeting_id`;
  const selectLegCharges = `SELECT leg_id, meeting_id, role, caller_number, dialled_number, billable_from, billable_until, estimated,
            real_seconds, charged_seconds, rate_ore_per_minute, rounding, tariff_id, amount_ore
     FROM charges
     WHERE organisation_id = $1 AND meeting_started_at >= $2 AND meeting_started_at < $3
     ORDER BY meeting_started_at, meeting_id, billable_from, leg_id`;

  return {
    account: async (organisationId) =>
      (await db.get<AccountRow>(
        `SELECT id AS "organisationId", name, billing_reference AS "billingReference" FROM organisations WHERE id = $1`,
        [organisationId],
      )) ?? null,
    accountsWithActivity: (startsAt, endsAt) =>
      db.all<AccountRow>(
        `SELECT o.id AS "organisationId", o.name, o.billing_reference AS "billingReference"
         FROM organisations o
         WHERE EXISTS (SELECT 1 FROM meeting_charge_totals c
                       WHERE c.organisation_id = o.id AND c.meeting_started_at >= $1 AND c.meeting_started_at < $2)
            OR EXISTS (SELECT 1 FROM adjustments a WHERE a.organisation_id = o.id AND a.effective_at >= $1 AND a.effective_at < $2)
         ORDER BY o.id`,
        [startsAt, endsAt],
      ),
    async *meetingTotals(organisationId, startsAt, endsAt): AsyncIterable<MeetingTotalsRow> {
      for await (const row of stream(selectMeetingTotals, [organisationId, startsAt, endsAt])) {
        yield toMeetingTotalsRow(row as MeetingTotalsTuple);
      }
    },
    meetingSums: async (organisationId, startsAt, endsAt) =>
      (await db.get<MeetingSums>(
        `SELECT coalesce(sum(participants), 0) AS participants, coalesce(sum(real_seconds), 0) AS "realSeconds",
                coalesce(sum(charged_seconds), 0) AS "chargedSeconds", coalesce(sum(amount_ore), 0) AS "amountOre"
         FROM meeting_charge_totals
         WHERE organisation_id = $1 AND meeting_started_at >= $2 AND meeting_started_at < $3`,
        [organisationId, startsAt, endsAt],
      )) ?? { participants: 0, realSeconds: 0, chargedSeconds: 0, amountOre: 0 },
    async *legCharges(organisationId, startsAt, endsAt): AsyncIterable<LegChargeRow> {
      for await (const row of stream(selectLegCharges, [organisationId, startsAt, endsAt])) yield toLegChargeRow(row as LegChargeTuple);
    },
    adjustments: async (organisationId, startsAt, endsAt) =>
      (
        await db.all<AdjustmentRow & { suppliedAt: number }>(
          `SELECT a.id AS "adjustmentId", a.meeting_id AS "meetingId", a.leg_id AS "legId", a.amount_ore AS "amountOre", a.reason,
                  a.created_by AS "createdBy", a.effective_at AS "effectiveAt", a.created_at AS "createdAt",
                  coalesce(m.started_at, a.effective_at) AS "suppliedAt"
           FROM adjustments a
           LEFT JOIN meetings m ON m.id = a.meeting_id
           WHERE a.organisation_id = $1 AND a.effective_at >= $2 AND a.effective_at < $3
           ORDER BY a.effective_at, a.id`,
          [organisationId, startsAt, endsAt],
        )
      ).map(({ suppliedAt, ...adjustment }) => ({ adjustment, suppliedAt })),
    vatRates: () => readVatRates(db),
  };
}

/** Everything a charge report reads, in one snapshot: usage and adjustments, licences, rooms. */
export function chargeReportReads(reads: ReportReads): { source: ChargeReportSource; licences: LicenceFeeSource; rooms: RoomFeeSource } {
  return {
    source: createChargeReportSource(reads),
    licences: { licencesRunning: (organisationId, from, to) => licencesRunning(reads.statements, organisationId, from, to) },
    rooms: roomFeeSource(reads.statements),
  };
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
