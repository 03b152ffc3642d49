import type { RoomSubscriptionRecord } from '../../app/ports/admin-stores';
import type { RoomType } from '../../domain/room-types';

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
 * The rows of room subscriptions and the history of their types (sql/0012),
 * as room-subscription-writes.ts (the conferences repository's
 * transactions) and room-fee-source.ts (the charge report) read them.
 * Nothing is edited: a change is a new row, and an end is written once.
 */
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
