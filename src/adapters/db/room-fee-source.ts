import type { RoomFeeSource, RunningRoomSubscription } from '../../app/ports/charge-report-source';
import { readRoomPrices } from './billing-repository';
import { SUBSCRIPTION_COLUMNS, toRecord, type SubscriptionRow, type TypeChangeRow } from './room-subscription-rows';
import type { SqlStatements } from './sql/sql-database';

const RUNNING = `FROM room_subscriptions s JOIN conferences c ON c.id = s.conference_id
  WHERE (CAST($1 AS TEXT) IS NULL OR s.organisation_id = $1) AND s.started_at < $3 AND (s.ended_at IS NULL OR s.ended_at >= $2)`;

/** The room subscriptions and prices the charge report's room lines are made of (sql/0012). */
export function roomFeeSource(db: SqlStatements): RoomFeeSource {
  return {
    roomPrices: () => readRoomPrices(db),

    async running(organisationId, startsAt, endsAt): Promise<RunningRoomSubscription[]> {
      const range = [organisationId, startsAt, endsAt];
      const changes = new Map<string, TypeChangeRow[]>();
      const changeRows = await db.all<TypeChangeRow>(
        `SELECT t.conference_id, t.room_type, t.changed_at, t.changed_by, t.override_reason
         FROM room_type_changes t WHERE t.conference_id IN (SELECT s.conference_id ${RUNNING})
         ORDER BY t.conference_id, t.changed_at, t.rowid`,
        range,
      );
      for (const change of changeRows) changes.set(change.conference_id, [...(changes.get(change.conference_id) ?? []), change]);
      const rows = await db.all<SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS} ${RUNNING} ORDER BY s.organisation_id, s.started_at, s.conference_id`,
        range,
      );
      return rows.map((row) => ({ ...toRecord(row, changes.get(row.conference_id) ?? []), conferenceName: row.conference_name }));
    },
  };
}
