import type { RoomType } from '../../domain/room-types';

export type CodeKind = 'pair' | 'single';

/**
 * A conference as the rest of Kvorum sees it. It never carries code digits
 * or their hashes: digits are shown once, when they are issued.
 */
export interface ConferenceRecord {
  id: string;
  organisationId: string;
  ownerUserId: string | null;
  name: string;
  roomType: RoomType;
  /** Prompt language, e.g. `en`. */
  language: string;
  joinLeaveTones: boolean;
  endOnLeaderHangup: boolean;
  maxDurationMinutes: number | null;
  /** Validity window (ms since the epoch); outside it the codes are unknown. */
  validFrom: number | null;
  validUntil: number | null;
  codeKind: CodeKind;
  createdAt: number;
  updatedAt: number;
}

/** The `conferences` table row, as SQLite returns it. */
export interface ConferenceRow {
  id: string;
  organisation_id: string;
  owner_user_id: string | null;
  name: string;
  room_type: RoomType;
  language: string;
  join_leave_tones: number;
  end_on_leader_hangup: number;
  max_duration_minutes: number | null;
  valid_from: number | null;
  valid_until: number | null;
  code_kind: CodeKind;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export const CONFERENCE_COLUMNS = `id, organisation_id, owner_user_id, name, room_type, language, join_leave_tones,
  end_on_leader_hangup, max_duration_minutes, valid_from, valid_until, code_kind, created_at, updated_at, deleted_at`;

export function toConferenceRecord(row: ConferenceRow): ConferenceRecord {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    ownerUserId: row.owner_user_id,
    name: row.name,
    roomType: row.room_type,
    language: row.language,
    joinLeaveTones: row.join_leave_tones === 1,
    endOnLeaderHangup: row.end_on_leader_hangup === 1,
    maxDurationMinutes: row.max_duration_minutes,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    codeKind: row.code_kind,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
