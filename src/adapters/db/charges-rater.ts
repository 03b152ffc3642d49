import type { Logger } from '../../logger';
import { assertNever } from '../../domain/assert-never';
import { normaliseCallerNumber } from '../../domain/call/caller-number';
import { rateLeg, type LegCharge } from '../../domain/billing/rate-leg';
import type { LegRole } from '../../domain/conference/legs-and-meetings';
import type { ChargeRater, RatingSummary } from '../../app/ports/charge-rater';
import { tariffReader } from './billing-repository';
import type { Database } from './database';

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

/** Legs rated per transaction: bounds the time the write lock is held. */
const BATCH_SIZE = 5_000;

/** The rater over SQLite: walks `rating_queue`, filled by triggers on `legs` (see sql/0002_billing.sql). */
export function createChargeRater(db: Database, logger: Logger): ChargeRater {
  const readTariffs = tariffReader(db);
  // CROSS JOIN pins the loop order: walk the (small) queue, look up each leg.
  // Left to itself the planner may scan every leg ever recorded instead.
  const nextQueued = db.prepare<[number], QueuedLegRow>(
    `SELECT q.leg_id, l.meeting_id, m.organisation_id, l.role, l.caller_number, l.dialled_number,
            l.entered_at, l.left_at, l.estimated, m.started_at, m.ended_at
     FROM rating_queue q
     CROSS JOIN legs l ON l.id = q.leg_id
     CROSS JOIN meetings m ON m.id = l.meeting_id
     LIMIT ?`,
  );
  const insertCharge = db.prepare(
    `INSERT INTO charges (organisation_id, meeting_started_at, meeting_id, billable_from, leg_id, billable_until,
       real_seconds, charged_seconds, amount_ore, tariff_id, rate_ore_per_minute, rounding, role, caller_number,
       dialled_number, estimated, rated_at)
     VALUES (@organisationId, @periodInstant, @meetingId, @billableFrom, @legId, @billableUntil, @realSeconds,
       @chargedSeconds, @amountOre, @tariffId, @rateOrePerMinute, @rounding, @role, @callerNumber, @dialledNumber,
       @estimated, @ratedAt)
     ON CONFLICT DO NOTHING`,
  );
  const dequeue = db.prepare<[string]>('DELETE FROM rating_queue WHERE leg_id = ?');

  const rateBatch = db.transaction((at: number, summary: RatingSummary, skipped: Set<string>): number => {
    const tariffs = readTariffs();
    const rows = nextQueued.all(BATCH_SIZE + skipped.size).filter((row) => !skipped.has(row.leg_id));
    for (const row of rows) {
      const rating = rateLeg(
        { enteredAt: row.entered_at, leftAt: row.left_at },
        { startedAt: row.started_at, endedAt: row.ended_at },
        row.organisation_id,
        tariffs,
      );
      switch (rating.kind) {
        case 'charged':
          if (insertCharge.run(chargeParameters(row, rating.charge, at)).changes === 1) {
            summary.rated += 1;
            summary.amountOre += rating.charge.amountOre;
          } else {
            summary.alreadyRated += 1;
            logger.warn({ legId: row.leg_id }, 'leg changed after it was rated; charge kept');
          }
          dequeue.run(row.leg_id);
          break;
        case 'not-billable':
          dequeue.run(row.leg_id);
          break;
        case 'no-tariff':
          // Stays queued: it is rated as soon as a tariff covers it.
          skipped.add(row.leg_id);
          summary.withoutTariff += 1;
          logger.error({ legId: row.leg_id, organisationId: row.organisation_id }, 'no tariff in force for leg');
          break;
        default:
          assertNever(rating);
      }
    }
    return rows.length;
  });

  return {
    rateClosedLegs(at) {
      const summary: RatingSummary = { rated: 0, amountOre: 0, alreadyRated: 0, withoutTariff: 0 };
      const skipped = new Set<string>();
      // BEGIN IMMEDIATE: the batch reads the queue, then writes. Deferred, a commit by another process
      // sharing the file in between (README, "Several media servers") fails the write at once (SQLITE_BUSY).
      while (rateBatch.immediate(at, summary, skipped) > 0);
      if (summary.rated > 0) logger.debug({ rated: summary.rated, amountOre: summary.amountOre }, 'legs rated');
      return summary;
    },
  };
}

function chargeParameters(row: QueuedLegRow, charge: LegCharge, ratedAt: number) {
  return {
    organisationId: row.organisation_id,
    periodInstant: charge.periodInstant,
    billableFrom: charge.billableFrom,
    legId: row.leg_id,
    meetingId: row.meeting_id,
    billableUntil: charge.billableUntil,
    realSeconds: charge.realSeconds,
    chargedSeconds: charge.chargedSeconds,
    amountOre: charge.amountOre,
    tariffId: charge.tariff.id,
    rateOrePerMinute: charge.tariff.rateOrePerMinute,
    rounding: charge.tariff.rounding,
    role: row.role,
    // The charge line carries the number as reported: normalised, so one caller reads the same whatever the carrier sent.
    callerNumber: normaliseCallerNumber(row.caller_number),
    dialledNumber: row.dialled_number,
    estimated: row.estimated,
    ratedAt,
  };
}
