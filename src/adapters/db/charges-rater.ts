import type { Logger } from '../../logger';
import { assertNever } from '../../domain/assert-never';
import { normaliseCallerNumber } from '../../domain/call/caller-number';
import { rateLeg, type LegCharge } from '../../domain/billing/rate-leg';
import type { LegRole } from '../../domain/conference/legs-and-meetings';
import type { ChargeRater, RatingSummary } from '../../app/ports/charge-rater';
import { readTariffs } from './billing-repository';
import type { SqlDatabase, SqlDialect, SqlStatements, SqlValue } from './sql/sql-database';
import { inSet, valueRows } from './sql/parameter-lists';

interface QueuedLegRow {
  leg_id: string;
  meeting_id: string;
  organisation_id: string;
  role: LegRole;
  caller_number: string | null;
  dialled_number: string;
  entered_at: number;
  left_at: number;
  estimated: number;
  started_at: number;
  ended_at: number | null;
}

/** What one committed batch did; logged and counted only once it committed (a batch may run twice). */
interface BatchOutcome {
  /** Queue rows read. */
  read: number;
  rated: number;
  amountOre: number;
  /** Legs whose charge was there already. */
  alreadyRated: string[];
  /** Legs no tariff covers, left queued. */
  withoutTariff: Array<{ legId: string; organisationId: string }>;
}

/** Legs rated per transaction: bounds the time the write lock is held. */
const BATCH_SIZE = 5_000;

/**
 * The next queued legs. On SQLite CROSS JOIN pins the loop order: walk the
 * (small) queue, look up each leg; left to itself the planner may scan every
 * leg ever recorded instead. PostgreSQL has no such hint (nor needs it).
 * Ordered, so that the legs left queued for want of a tariff are skipped by
 * OFFSET rather than read again in every batch.
 */
function selectQueued(dialect: SqlDialect): string {
  const join = dialect === 'sqlite' ? 'CROSS JOIN' : 'JOIN';
  return `SELECT q.leg_id, l.meeting_id, m.organisation_id, l.role, l.caller_number, l.dialled_number,
       l.entered_at, l.left_at, l.estimated, m.started_at, m.ended_at
     FROM rating_queue q
     ${join} legs l ON l.id = q.leg_id
     ${join} meetings m ON m.id = l.meeting_id
     ORDER BY q.leg_id
     LIMIT $1 OFFSET $2`;
}

/**
 * Rows per multi-row statement (a charge INSERT binds 17 values a row): a
 * batch in a few statements, within both stores' parameter limits, and in
 * these sizes only, since each size is one more statement SQLite prepares
 * and keeps for the life of the connection.
 */
const ROWS_PER_STATEMENT = [1_000, 100, 10, 1] as const;
const CHARGE_VALUES = 17;

/** The charges that were not there yet come back: one per leg, kept if it was. */
function insertCharges(count: number): string {
  return `INSERT INTO charges (organisation_id, meeting_started_at, meeting_id, billable_from, leg_id, billable_until,
       real_seconds, charged_seconds, amount_ore, tariff_id, rate_ore_per_minute, rounding, role, caller_number,
       dialled_number, estimated, rated_at)
     VALUES ${valueRows(count, CHARGE_VALUES)}
     ON CONFLICT DO NOTHING
     RETURNING leg_id`;
}

/**
 * The rater over either store: walks `rating_queue`, filled by triggers on
 * `legs` (see sql/0002_billing.sql). Each batch is one transaction (SQLite:
 * BEGIN IMMEDIATE; PostgreSQL: SERIALIZABLE), which reads the queue rows and
 * deletes those it rated. Two raters on one PostgreSQL that read the same
 * rows cannot both commit: the second one's delete of a row the first
 * deleted is a serialization failure, and its batch runs again on the queue
 * as the first left it. The charge's key (one per leg) backs that up.
 */
export function createChargeRater(db: SqlDatabase, logger: Logger): ChargeRater {
  const selectQueuedLegs = selectQueued(db.dialect);
  async function rateBatch(tx: SqlStatements, at: number, skipped: number): Promise<BatchOutcome> {
    const tariffs = await readTariffs(tx);
    const rows = await tx.all<QueuedLegRow>(selectQueuedLegs, [BATCH_SIZE, skipped]);
    const outcome: BatchOutcome = { read: rows.length, rated: 0, amountOre: 0, alreadyRated: [], withoutTariff: [] };
    const charged: Array<{ row: QueuedLegRow; charge: LegCharge }> = [];
    const dequeued: string[] = [];
    for (const row of rows) {
      const rating = rateLeg(
        { enteredAt: row.entered_at, leftAt: row.left_at },
        { startedAt: row.started_at, endedAt: row.ended_at },
        row.organisation_id,
        tariffs,
      );
      switch (rating.kind) {
        case 'charged':
          charged.push({ row, charge: rating.charge });
          dequeued.push(row.leg_id);
          break;
        case 'not-billable':
          dequeued.push(row.leg_id);
          break;
        case 'no-tariff':
          // Stays queued: it is rated as soon as a tariff covers it.
          outcome.withoutTariff.push({ legId: row.leg_id, organisationId: row.organisation_id });
          break;
        default:
          assertNever(rating);
      }
    }
    for (const part of partsOf(charged)) {
      const inserted = await tx.all<{ leg_id: string }>(
        insertCharges(part.length),
        part.flatMap(({ row, charge }) => chargeParameters(row, charge, at)),
      );
      const insertedLegs = new Set(inserted.map((charge) => charge.leg_id));
      for (const { row, charge } of part) {
        if (insertedLegs.has(row.leg_id)) {
          outcome.rated += 1;
          outcome.amountOre += charge.amountOre;
        } else {
          outcome.alreadyRated.push(row.leg_id);
        }
      }
    }
    for (const part of partsOf(dequeued)) {
      const params: SqlValue[] = [];
      await tx.run(`DELETE FROM rating_queue WHERE ${inSet('leg_id', new Set(part), params)}`, params);
    }
    return outcome;
  }

  return {
    async rateClosedLegs(at) {
      const summary: RatingSummary = { rated: 0, amountOre: 0, alreadyRated: 0, withoutTariff: 0 };
      for (;;) {
        const batch = await db.transaction((tx) => rateBatch(tx, at, summary.withoutTariff));
        summary.rated += batch.rated;
        summary.amountOre += batch.amountOre;
        summary.alreadyRated += batch.alreadyRated.length;
        summary.withoutTariff += batch.withoutTariff.length;
        for (const legId of batch.alreadyRated) logger.warn({ legId }, 'leg changed after it was rated; charge kept');
        for (const leg of batch.withoutTariff) logger.error(leg, 'no tariff in force for leg');
        if (batch.read === 0) break;
      }
      if (summary.rated > 0) logger.debug({ rated: summary.rated, amountOre: summary.amountOre }, 'legs rated');
      return summary;
    },
  };
}

/** `items` in parts of the sizes of ROWS_PER_STATEMENT, largest first. */
function partsOf<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  let start = 0;
  for (const size of ROWS_PER_STATEMENT) {
    for (; items.length - start >= size; start += size) parts.push(items.slice(start, start + size));
  }
  return parts;
}

function chargeParameters(row: QueuedLegRow, charge: LegCharge, ratedAt: number): SqlValue[] {
  return [
    row.organisation_id,
    charge.periodInstant,
    row.meeting_id,
    charge.billableFrom,
    row.leg_id,
    charge.billableUntil,
    charge.realSeconds,
    charge.chargedSeconds,
    charge.amountOre,
    charge.tariff.id,
    charge.tariff.rateOrePerMinute,
    charge.tariff.rounding,
    row.role,
    // The charge line carries the number as reported: normalised, so one caller reads the same whatever the carrier sent.
    normaliseCallerNumber(row.caller_number),
    row.dialled_number,
    row.estimated,
    ratedAt,
  ];
}
