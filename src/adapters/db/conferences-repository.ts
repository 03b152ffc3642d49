import type { AdminConference, ConferenceFields } from '../../app/ports/admin-stores';
import { CODE_ROLES_OF_KIND } from '../../app/admin/code-kinds';
import type { CodeRole } from '../../domain/conference/conference-settings';
import { assertNever } from '../../domain/assert-never';
import type { RoomType } from '../../domain/room-types';
import { codeDigitsProblem, generateCodeDigits } from './code-digits';
import type { CodeHasher } from './code-hash';
import { ConferenceError } from './conference-error';
import { CONFERENCE_COLUMNS, type ConferenceRow, toAdminConference } from './conference-row';
import type { Database } from './database';
import { newId } from './new-id';

/** The codes asked for; a code left out is generated. */
export type CodesRequest = { kind: 'pair'; leader?: string; participant?: string } | { kind: 'single'; single?: string };

/** The digits issued: shown to the creator once, never stored in plain text. */
export type IssuedCodes = { kind: 'pair'; leader: string; participant: string } | { kind: 'single'; single: string };

export interface NewConference {
  organisationId: string;
  ownerUserId?: string | null;
  name: string;
  roomType?: RoomType;
  language?: string;
  joinLeaveTones?: boolean;
  /** Default: on for a leader/participant pair, off for a single code. */
  endOnLeaderHangup?: boolean;
  maxDurationMinutes?: number | null;
  validFrom?: number | null;
  validUntil?: number | null;
  codes: CodesRequest;
}

export interface ConferenceFilter {
  organisationId?: string;
  /** Only conferences of these organisations (what an admin may see). */
  organisationIds?: ReadonlySet<string>;
  ownerUserId?: string;
}

/**
 * A generated code that clashes with an existing one is drawn again; this
 * many clashes in a row means the code space is exhausted.
 */
const MAX_GENERATION_ATTEMPTS = 20;

/**
 * Conferences and their codes. Deleted conferences are kept (meetings and
 * legs point at them) but are invisible here and their codes are freed.
 */
export class ConferencesRepository {
  private readonly insertConference;
  private readonly updateConference;
  private readonly markDeleted;
  private readonly touch;
  private readonly selectActive;
  private readonly selectList;
  private readonly insertCode;
  private readonly deleteCodesOf;
  private readonly deleteCodeOf;
  private readonly selectCodeHash;
  private readonly selectOrganisation;
  private readonly selectUserOrganisation;

  constructor(
    private readonly db: Database,
    private readonly hashCode: CodeHasher,
  ) {
    this.insertConference = db.prepare<[ConferenceRow]>(
      `INSERT INTO conferences (${CONFERENCE_COLUMNS}) VALUES (@id, @organisation_id, @owner_user_id, @name, @room_type,
        @language, @join_leave_tones, @end_on_leader_hangup, @max_duration_minutes, @valid_from, @valid_until, @code_kind,
        @created_at, @updated_at, @deleted_at)`,
    );
    this.updateConference = db.prepare<[ConferenceRow]>(
      `UPDATE conferences SET owner_user_id = @owner_user_id, name = @name, room_type = @room_type, language = @language,
        join_leave_tones = @join_leave_tones, end_on_leader_hangup = @end_on_leader_hangup,
        max_duration_minutes = @max_duration_minutes, valid_from = @valid_from, valid_until = @valid_until,
        updated_at = @updated_at
       WHERE id = @id AND deleted_at IS NULL`,
    );
    this.markDeleted = db.prepare<[number, number, string]>(
      'UPDATE conferences SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL',
    );
    this.touch = db.prepare<[number, string]>('UPDATE conferences SET updated_at = ? WHERE id = ?');
    this.selectActive = db.prepare<[string], ConferenceRow>(
      `SELECT ${CONFERENCE_COLUMNS} FROM conferences WHERE id = ? AND deleted_at IS NULL`,
    );
    this.selectList = db.prepare<
      [{ organisationId: string | null; organisationIds: string | null; ownerUserId: string | null }],
      ConferenceRow
    >(
      // A set of organisations arrives as a JSON array so one prepared statement serves every filter.
      `SELECT ${CONFERENCE_COLUMNS} FROM conferences
       WHERE deleted_at IS NULL
         AND (@organisationId IS NULL OR organisation_id = @organisationId)
         AND (@organisationIds IS NULL OR organisation_id IN (SELECT value FROM json_each(@organisationIds)))
         AND (@ownerUserId IS NULL OR owner_user_id = @ownerUserId)
       ORDER BY created_at, id`,
    );
    this.insertCode = db.prepare<[string, string, CodeRole, number]>(
      'INSERT INTO conference_codes (code_hash, conference_id, role, created_at) VALUES (?, ?, ?, ?)',
    );
    this.deleteCodesOf = db.prepare<[string]>('DELETE FROM conference_codes WHERE conference_id = ?');
    this.deleteCodeOf = db.prepare<[string, CodeRole]>('DELETE FROM conference_codes WHERE conference_id = ? AND role = ?');
    this.selectCodeHash = db.prepare<[string], { code_hash: string }>('SELECT code_hash FROM conference_codes WHERE code_hash = ?');
    this.selectOrganisation = db.prepare<[string], { id: string }>('SELECT id FROM organisations WHERE id = ?');
    this.selectUserOrganisation = db.prepare<[string], { organisation_id: string }>('SELECT organisation_id FROM users WHERE id = ?');
  }

  /** Creates the conference and issues its codes, all or nothing. */
  create(input: NewConference, at: number): { conference: AdminConference; codes: IssuedCodes } {
    return this.db.transaction(() => {
      if (!this.selectOrganisation.get(input.organisationId)) {
        throw new ConferenceError('unknown-organisation', 'the organisation does not exist', 'organisationId');
      }
      const codeKind = input.codes.kind;
      const row: ConferenceRow = {
        id: newId('conf'),
        organisation_id: input.organisationId,
        owner_user_id: input.ownerUserId ?? null,
        name: input.name,
        room_type: input.roomType ?? 'unlimited',
        language: input.language ?? 'en',
        join_leave_tones: toFlag(input.joinLeaveTones ?? true),
        end_on_leader_hangup: toFlag(input.endOnLeaderHangup ?? codeKind === 'pair'),
        max_duration_minutes: input.maxDurationMinutes ?? null,
        valid_from: input.validFrom ?? null,
        valid_until: input.validUntil ?? null,
        code_kind: codeKind,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      };
      this.checkSettings(row);
      this.insertConference.run(row);
      return { conference: toAdminConference(row), codes: this.issueCodes(row.id, input.codes, at) };
    })();
  }

  get(id: string): AdminConference | null {
    const row = this.selectActive.get(id);
    return row ? toAdminConference(row) : null;
  }

  list(filter: ConferenceFilter = {}): AdminConference[] {
    return this.selectList
      .all({
        organisationId: filter.organisationId ?? null,
        organisationIds: filter.organisationIds ? JSON.stringify([...filter.organisationIds]) : null,
        ownerUserId: filter.ownerUserId ?? null,
      })
      .map(toAdminConference);
  }

  /** Changes the settings; null when there is no such (active) conference. */
  update(id: string, patch: Partial<ConferenceFields>, at: number): AdminConference | null {
    return this.db.transaction(() => {
      const current = this.selectActive.get(id);
      if (!current) return null;
      const row: ConferenceRow = {
        ...current,
        owner_user_id: patch.ownerUserId !== undefined ? patch.ownerUserId : current.owner_user_id,
        name: patch.name ?? current.name,
        room_type: patch.roomType ?? current.room_type,
        language: patch.language ?? current.language,
        join_leave_tones: patch.joinLeaveTones !== undefined ? toFlag(patch.joinLeaveTones) : current.join_leave_tones,
        end_on_leader_hangup: patch.endOnLeaderHangup !== undefined ? toFlag(patch.endOnLeaderHangup) : current.end_on_leader_hangup,
        max_duration_minutes: patch.maxDurationMinutes !== undefined ? patch.maxDurationMinutes : current.max_duration_minutes,
        valid_from: patch.validFrom !== undefined ? patch.validFrom : current.valid_from,
        valid_until: patch.validUntil !== undefined ? patch.validUntil : current.valid_until,
        updated_at: at,
      };
      this.checkSettings(row);
      this.updateConference.run(row);
      return toAdminConference(row);
    })();
  }

  /**
   * Soft-deletes the conference and frees its codes (they may be issued
   * again). Its meetings and legs stay. False when there was nothing to delete.
   */
  delete(id: string, at: number): boolean {
    return this.db.transaction(() => {
      if (this.markDeleted.run(at, at, id).changes === 0) return false;
      this.deleteCodesOf.run(id);
      return true;
    })();
  }

  /**
   * Replaces one code of the conference, effective for the next caller.
   * Returns the new digits (given or generated), or null when there is no
   * such conference.
   */
  resetCode(id: string, role: CodeRole, at: number, digits?: string): string | null {
    return this.db.transaction(() => {
      const conference = this.selectActive.get(id);
      if (!conference) return null;
      if (!CODE_ROLES_OF_KIND[conference.code_kind].includes(role)) {
        throw new ConferenceError('wrong-code-role', `this conference has no ${role} code`, 'role');
      }
      this.deleteCodeOf.run(id, role);
      const issued = this.issueCode(id, role, digits, at, 'digits');
      this.touch.run(at, id);
      return issued;
    })();
  }

  private issueCodes(conferenceId: string, codes: CodesRequest, at: number): IssuedCodes {
    switch (codes.kind) {
      case 'pair': {
        if (codes.leader !== undefined && codes.leader === codes.participant) {
          throw new ConferenceError('same-codes', 'the leader and participant codes must differ', 'codes.participant');
        }
        const leader = this.issueCode(conferenceId, 'leader', codes.leader, at, 'codes.leader');
        const participant = this.issueCode(conferenceId, 'participant', codes.participant, at, 'codes.participant');
        return { kind: 'pair', leader, participant };
      }
      case 'single':
        return { kind: 'single', single: this.issueCode(conferenceId, 'single', codes.single, at, 'codes.single') };
      default:
        return assertNever(codes);
    }
  }

  /** Stores the hash of the given digits, or of fresh ones, and returns the digits. */
  private issueCode(conferenceId: string, role: CodeRole, given: string | undefined, at: number, field: string): string {
    if (given !== undefined) {
      const problem = codeDigitsProblem(given);
      if (problem) throw new ConferenceError('invalid-code', `${field} ${problem}`, field);
      const hash = this.hashCode(given);
      if (this.selectCodeHash.get(hash)) {
        throw new ConferenceError('code-in-use', `${field} is already in use, choose another`, field);
      }
      this.insertCode.run(hash, conferenceId, role, at);
      return given;
    }
    for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
      const digits = generateCodeDigits();
      const hash = this.hashCode(digits);
      if (this.selectCodeHash.get(hash)) continue;
      this.insertCode.run(hash, conferenceId, role, at);
      return digits;
    }
    throw new Error('could not generate an unused conference code');
  }

  private checkSettings(row: ConferenceRow): void {
    if (row.valid_from !== null && row.valid_until !== null && row.valid_from >= row.valid_until) {
      throw new ConferenceError('invalid-validity-window', 'validFrom must be before validUntil', 'validUntil');
    }
    const minutes = row.max_duration_minutes;
    if (minutes !== null && !(Number.isInteger(minutes) && minutes > 0)) {
      throw new ConferenceError('invalid-max-duration', 'maxDurationMinutes must be a positive whole number', 'maxDurationMinutes');
    }
    const owner = row.owner_user_id === null ? null : this.selectUserOrganisation.get(row.owner_user_id);
    if (owner !== null && owner?.organisation_id !== row.organisation_id) {
      throw new ConferenceError('unknown-owner', 'the owner is not a user of the organisation', 'ownerUserId');
    }
  }
}

function toFlag(value: boolean): number {
  return value ? 1 : 0;
}
