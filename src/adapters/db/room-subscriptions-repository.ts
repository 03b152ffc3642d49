import type { RoomChange, RoomSubscriptionRecord } from '../../app/ports/admin-stores';
import type { RoomType } from '../../domain/room-types';
import type { Database } from './database';
import { newId } from './new-id';

export interface SubscriptionRow {
  conference_id: string;
  organisation_id: string;
  conference_name: string;
  started_at: number;
  binding_months: number;
  ended_at: number | null;
  ended_by: string | null;
  end_override_reason: string | null;
}

export interface TypeChangeRow {
  conference_id: string;
  room_type: RoomType;
  changed_at: number;
  changed_by: string;
  override_reason: string | null;
}

export const SUBSCRIPTION_COLUMNS = `s.conference_id, s.organisation_id, c.name AS conference_name, s.started_at, s.binding_months,
  s.ended_at, s.ended_by, s.end_override_reason`;

/**
 * Room subscriptions and the history of their types (sql/0012): written by
 * the conferences repository inside its own transactions, read by the admin
 * services and, in room-fee-source.ts, by the charge report. Nothing is
 * edited: a change is a new row, and an end is written once.
 */
export class RoomSubscriptionsRepository {
  private readonly insertSubscription;
  private readonly insertTypeChange;
  private readonly updateEnd;
  private readonly selectOne;
  private readonly selectChangesOfOne;

  constructor(db: Database) {
    this.insertSubscription = db.prepare<[string, string, number, number]>(
      'INSERT INTO room_subscriptions (conference_id, organisation_id, started_at, binding_months) VALUES (?, ?, ?, ?)',
    );
    this.insertTypeChange = db.prepare<[TypeChangeRow & { id: string }]>(
      `INSERT INTO room_type_changes (id, conference_id, room_type, changed_at, changed_by, override_reason)
       VALUES (@id, @conference_id, @room_type, @changed_at, @changed_by, @override_reason)`,
    );
    this.updateEnd = db.prepare<[number, string, string | null, string]>(
      'UPDATE room_subscriptions SET ended_at = ?, ended_by = ?, end_override_reason = ? WHERE conference_id = ? AND ended_at IS NULL',
    );
    this.selectOne = db.prepare<[string], SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM room_subscriptions s JOIN conferences c ON c.id = s.conference_id WHERE s.conference_id = ?`,
    );
    this.selectChangesOfOne = db.prepare<[string], TypeChangeRow>(
      `SELECT conference_id, room_type, changed_at, changed_by, override_reason FROM room_type_changes
       WHERE conference_id = ? ORDER BY changed_at, rowid`,
    );
  }

  start(conferenceId: string, organisationId: string, roomType: RoomType, at: number, bindingMonths: number, by: string): void {
    this.insertSubscription.run(conferenceId, organisationId, at, bindingMonths);
    this.changeType(conferenceId, roomType, at, { by, bindingOverride: null });
  }

  changeType(conferenceId: string, roomType: RoomType, at: number, change: RoomChange): void {
    this.insertTypeChange.run({
      id: newId('rtc'),
      conference_id: conferenceId,
      room_type: roomType,
      changed_at: at,
      changed_by: change.by,
      override_reason: change.bindingOverride,
    });
  }

  end(conferenceId: string, at: number, change: RoomChange): void {
    this.updateEnd.run(at, change.by, change.bindingOverride, conferenceId);
  }

  of(conferenceId: string): RoomSubscriptionRecord | null {
    const row = this.selectOne.get(conferenceId);
    return row ? toRecord(row, this.selectChangesOfOne.all(conferenceId)) : null;
  }
}

export function toRecord(row: SubscriptionRow, changes: readonly TypeChangeRow[]): RoomSubscriptionRecord {
  return {
    conferenceId: row.conference_id,
    organisationId: row.organisation_id,
    startedAt: row.started_at,
    bindingMonths: row.binding_months,
    types: changes.map((change) => ({
      roomType: change.room_type,
      at: change.changed_at,
      by: change.changed_by,
      bindingOverride: change.override_reason,
    })),
    endedAt: row.ended_at,
    ended: row.ended_by === null ? null : { by: row.ended_by, bindingOverride: row.end_override_reason },
  };
}
