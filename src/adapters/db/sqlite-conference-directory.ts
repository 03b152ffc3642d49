import type { AdminConference } from '../../app/ports/admin-stores';
import type { CodeRole, ConferenceSettings } from '../../domain/conference/conference-settings';
import type { CodeMatch, ConferenceDirectory, ConferenceSettingsSource } from '../../app/ports/conference-directory';
import { roomRules } from '../../domain/room-types';
import type { CodeHasher } from './code-hash';
import { type ConferenceRow, toAdminConference } from './conference-row';
import type { Database } from './database';

type MatchRow = ConferenceRow & { role: CodeRole };

const MINUTE_MS = 60_000;

/**
 * Finds the conference a caller's code belongs to, by the code's keyed hash;
 * and a conference's run-time settings by id, for meetings taken back after a
 * restart.
 */
export class SqliteConferenceDirectory implements ConferenceDirectory, ConferenceSettingsSource {
  private readonly selectByCodeHash;
  private readonly selectById;

  constructor(
    db: Database,
    private readonly hashCode: CodeHasher,
  ) {
    // Validity window: valid_from inclusive, valid_until exclusive.
    this.selectByCodeHash = db.prepare<[{ hash: string; at: number }], MatchRow>(
      `SELECT c.*, cc.role
       FROM conference_codes cc JOIN conferences c ON c.id = cc.conference_id
       WHERE cc.code_hash = @hash
         AND c.deleted_at IS NULL
         AND (c.valid_from IS NULL OR c.valid_from <= @at)
         AND (c.valid_until IS NULL OR @at < c.valid_until)`,
    );
    this.selectById = db.prepare<[string], ConferenceRow>('SELECT * FROM conferences WHERE id = ? AND deleted_at IS NULL');
  }

  settingsOf(conferenceId: string): ConferenceSettings | null {
    const row = this.selectById.get(conferenceId);
    return row ? settingsOf(toAdminConference(row)) : null;
  }

  findByCode(digits: string, at: number): CodeMatch | null {
    const row = this.selectByCodeHash.get({ hash: this.hashCode(digits), at });
    if (!row) return null;
    return { role: row.role, conference: settingsOf(toAdminConference(row)) };
  }
}

function settingsOf(conference: AdminConference): ConferenceSettings {
  const rules = roomRules(conference.roomType);
  return {
    conferenceId: conference.id,
    organisationId: conference.organisationId,
    name: conference.name,
    language: conference.language,
    joinLeaveTones: conference.joinLeaveTones,
    endOnLeaderHangup: conference.endOnLeaderHangup,
    capacity: rules.capacity,
    participantsJoinMuted: rules.participantsJoinMuted,
    maxDurationMs: conference.maxDurationMinutes === null ? null : conference.maxDurationMinutes * MINUTE_MS,
  };
}
