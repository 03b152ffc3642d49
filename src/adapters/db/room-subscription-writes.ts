import type { RoomChange, RoomSubscriptionRecord } from '../../app/ports/admin-stores';
import type { RoomType } from '../../domain/room-types';
import { newId } from './new-id';
import { SUBSCRIPTION_COLUMNS, type SubscriptionRow, toRecord, type TypeChangeRow } from './room-subscription-rows';
import type { SqlDatabase, SqlStatements } from './sql/sql-database';

/**
 * A room's subscription as the conferences repository writes it, inside the
 * transaction of the change that makes it (sql/0012). Nothing is edited: a
 * change is a new row, and an end is written once.
 */
export async function startSubscription(
  tx: SqlStatements,
  room: { conferenceId: string; organisationId: string; roomType: RoomType },
  at: number,
  bindingMonths: number,
  by: string,
): Promise<void> {
  await tx.run('INSERT INTO room_subscriptions (conference_id, organisation_id, started_at, binding_months) VALUES ($1, $2, $3, $4)', [
    room.conferenceId,
    room.organisationId,
    at,
    bindingMonths,
  ]);
  await changeRoomType(tx, room.conferenceId, room.roomType, at, { by, bindingOverride: null });
}

export async function changeRoomType(
  tx: SqlStatements,
  conferenceId: string,
  roomType: RoomType,
  at: number,
  change: RoomChange,
): Promise<void> {
  await tx.run(
    `INSERT INTO room_type_changes (id, conference_id, room_type, changed_at, changed_by, override_reason)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [newId('rtc'), conferenceId, roomType, at, change.by, change.bindingOverride],
  );
}

export async function endSubscription(tx: SqlStatements, conferenceId: string, at: number, change: RoomChange): Promise<void> {
  await tx.run(
    'UPDATE room_subscriptions SET ended_at = $1, ended_by = $2, end_override_reason = $3 WHERE conference_id = $4 AND ended_at IS NULL',
    [at, change.by, change.bindingOverride, conferenceId],
  );
}

/** The room's subscription and its history, in the order it was written (rowid: a column of its own on PostgreSQL); null when it has none. */
export async function readSubscription(db: SqlDatabase, conferenceId: string): Promise<RoomSubscriptionRecord | null> {
  const row = await db.get<SubscriptionRow>(
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM room_subscriptions s JOIN conferences c ON c.id = s.conference_id WHERE s.conference_id = $1`,
    [conferenceId],
  );
  if (!row) return null;
  const changes = await db.all<TypeChangeRow>(
    `SELECT conference_id, room_type, changed_at, changed_by, override_reason FROM room_type_changes
       WHERE conference_id = $1 ORDER BY changed_at, rowid`,
    [conferenceId],
  );
  return toRecord(row, changes);
}
