import type { AdminConference } from '../../app/ports/admin-stores';
import type { CodeKind } from '../../domain/provisioning/code-kinds';
import { DEFAULT_CONFERENCE_LANGUAGE } from '../../domain/provisioning/conference-rules';
import { promptLanguageOf } from '../../domain/prompts/languages';
import type { RoomType } from '../../domain/room-types';

/** The `conferences` table row, as SQLite returns it. */
export interface ConferenceRow {
  id: string;
  organisation_id: string;
  owner_user_id: string | null;
  name: string;
  room_type: RoomType;
  /** Any language tag in rows older than the languages Kvorum speaks (`nb_NO`, `de`); read with `promptLanguageOf`. */
  language: string;
  time_zone: string;
  join_leave_tones: number;
  end_on_leader_hangup: number;
  admission_required: number;
  names_recorded: number;
  max_duration_minutes: number | null;
  valid_from: number | null;
  valid_until: number | null;
  code_kind: CodeKind;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export const CONFERENCE_COLUMNS = `id, organisation_id, owner_user_id, name, room_type, language, time_zone, join_leave_tones,
  end_on_leader_hangup, admission_required, names_recorded, max_duration_minutes, valid_from, valid_until, code_kind, created_at,
  updated_at, deleted_at`;

/** Copies field by field, so a column added later (the row's `deleted_at`) never leaks into API answers unreviewed. */
export function toAdminConference(row: ConferenceRow): AdminConference {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    ownerUserId: row.owner_user_id,
    name: row.name,
    roomType: row.room_type,
    // A tag Kvorum does not speak was heard in English (Asterisk's fallback), and still is.
    language: promptLanguageOf(row.language) ?? DEFAULT_CONFERENCE_LANGUAGE,
    timeZone: row.time_zone,
    joinLeaveTones: row.join_leave_tones === 1,
    endOnLeaderHangup: row.end_on_leader_hangup === 1,
    admissionRequired: row.admission_required === 1,
    namesRecorded: row.names_recorded === 1,
    maxDurationMinutes: row.max_duration_minutes,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    codeKind: row.code_kind,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
