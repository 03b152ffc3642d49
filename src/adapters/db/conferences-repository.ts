import type { CodeRole } from '../../domain/conference/conference-settings';
import type { IssuedCode } from '../../domain/provisioning/conference-codes';
import type { ConferenceFields, NewConferenceRecord } from '../../domain/provisioning/conference-rules';
import type {
  AdminConference,
  CodeClash,
  ConferenceListFilter,
  ConferencePage,
  ConferenceStore,
  PageRequest,
  RoomChange,
  RoomSubscriptionRecord,
} from '../../app/ports/admin-stores';
import type { CodeHasher } from './code-hash';
import { CONFERENCE_COLUMNS, type ConferenceRow, toAdminConference } from './conference-row';
import type { Database } from './database';
import { newId } from './new-id';
import { pagedSearch } from './paged-search';
import { RoomSubscriptionsRepository } from './room-subscriptions-repository';

/**
 * Conferences and their codes, stored as keyed hashes. Deleted conferences
 * are kept (meetings and legs point at them) but are invisible here and their
 * codes are freed. What may be stored is decided before it gets here (see
 * app/admin/conference-provisioning.ts); the one rule this store answers for
 * is that a code is used by one active conference at a time. Each change
 * of a room's subscription (its start, a new type, its end) is written in
 * the transaction of the change that makes it.
 */
export class ConferencesRepository implements ConferenceStore {
  private readonly insertConference;
  private readonly updateConference;
  private readonly markDeleted;
  private readonly touch;
  private readonly selectActive;
  private readonly selectList;
  private readonly selectPage;
  private readonly insertCode;
  private readonly deleteCodesOf;
  private readonly deleteCodeOf;
  private readonly selectCodeOwner;
  private readonly subscriptions;

  constructor(
    private readonly db: Database,
    private readonly hashCode: CodeHasher,
  ) {
    this.insertConference = db.prepare<[ConferenceRow]>(
      `INSERT INTO conferences (${CONFERENCE_COLUMNS}) VALUES (@id, @organisation_id, @owner_user_id, @name, @room_type,
        @language, @time_zone, @join_leave_tones, @end_on_leader_hangup, @admission_required, @names_recorded, @max_duration_minutes,
        @valid_from, @valid_until, @code_kind, @created_at, @updated_at, @deleted_at)`,
    );
    this.updateConference = db.prepare<[ConferenceRow]>(
      `UPDATE conferences SET owner_user_id = @owner_user_id, name = @name, room_type = @room_type, language = @language, time_zone = @time_zone,
        join_leave_tones = @join_leave_tones, end_on_leader_hangup = @end_on_leader_hangup,
        admission_required = @admission_required, names_recorded = @names_recorded, max_duration_minutes = @max_duration_minutes, valid_from = @valid_from, valid_until = @valid_until,
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
    this.selectList = db.prepare<[BoundFilter], ConferenceRow>(
      `SELECT ${CONFERENCE_COLUMNS} FROM conferences WHERE ${LISTED} ORDER BY created_at, id`,
    );
    // The portal's room list: a page by name, searched by a part of the name.
    this.selectPage = pagedSearch<BoundFilter, ConferenceRow>(db, {
      columns: CONFERENCE_COLUMNS,
      from: 'conferences',
      where: LISTED,
      searched: ['name'],
      orderBy: 'name COLLATE NOCASE, id',
    });
    this.insertCode = db.prepare<[string, string, CodeRole, number]>(
      'INSERT INTO conference_codes (code_hash, conference_id, role, created_at) VALUES (?, ?, ?, ?)',
    );
    this.deleteCodesOf = db.prepare<[string]>('DELETE FROM conference_codes WHERE conference_id = ?');
    this.deleteCodeOf = db.prepare<[string, CodeRole]>('DELETE FROM conference_codes WHERE conference_id = ? AND role = ?');
    // A booking's codes share the code space (0005_bookings.sql): such a code is nobody's to give again.
    this.selectCodeOwner = db.prepare<[string, string], { conference_id: string; role: CodeRole | 'booking' }>(
      `SELECT conference_id, role FROM conference_codes WHERE code_hash = ?
       UNION ALL SELECT b.conference_id, 'booking' FROM booking_codes bc JOIN bookings b ON b.id = bc.booking_id WHERE bc.code_hash = ?`,
    );
    this.subscriptions = new RoomSubscriptionsRepository(db);
  }

  create(
    conference: NewConferenceRecord,
    codes: readonly IssuedCode[],
    at: number,
    subscription: { bindingMonths: number; by: string },
  ): AdminConference | CodeClash {
    return this.db.transaction((): AdminConference | CodeClash => {
      const hashed = codes.map((code) => ({ ...code, hash: this.hashCode(code.code) }));
      const clash = hashed.find((code) => this.selectCodeOwner.get(code.hash, code.hash) !== undefined);
      if (clash !== undefined) return { kind: 'code-in-use', role: clash.role };
      const row: ConferenceRow = {
        ...toRowFields(conference),
        id: newId('conf'),
        organisation_id: conference.organisationId,
        code_kind: conference.codeKind,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      };
      this.insertConference.run(row);
      for (const code of hashed) this.insertCode.run(code.hash, row.id, code.role, at);
      this.subscriptions.start(row.id, row.organisation_id, row.room_type, at, subscription.bindingMonths, subscription.by);
      return toAdminConference(row);
    })();
  }

  get(id: string): AdminConference | null {
    const row = this.selectActive.get(id);
    return row ? toAdminConference(row) : null;
  }

  list(filter: ConferenceListFilter = {}): AdminConference[] {
    return this.selectList.all(boundFilter(filter)).map(toAdminConference);
  }

  page(filter: ConferenceListFilter, request: PageRequest): ConferencePage {
    const { rows, total } = this.selectPage(boundFilter(filter), request);
    return { conferences: rows.map(toAdminConference), total };
  }

  update(id: string, fields: ConferenceFields, at: number, change: RoomChange): AdminConference | null {
    return this.db.transaction(() => {
      const current = this.selectActive.get(id);
      if (!current) return null;
      const row: ConferenceRow = { ...current, ...toRowFields(fields), updated_at: at };
      this.updateConference.run(row);
      if (row.room_type !== current.room_type) this.subscriptions.changeType(id, row.room_type, at, change);
      return toAdminConference(row);
    })();
  }

  /**
   * Soft-deletes the conference and frees its codes (they may be issued
   * again); its subscription ends. Its meetings and legs stay. False when
   * there was nothing to delete.
   */
  delete(id: string, at: number, change: RoomChange): boolean {
    return this.db.transaction(() => {
      if (this.markDeleted.run(at, at, id).changes === 0) return false;
      this.deleteCodesOf.run(id);
      this.subscriptions.end(id, at, change);
      return true;
    })();
  }

  subscription(id: string): RoomSubscriptionRecord | null {
    return this.subscriptions.of(id);
  }

  replaceCode(id: string, code: IssuedCode, at: number): 'replaced' | CodeClash | null {
    return this.db.transaction((): 'replaced' | CodeClash | null => {
      if (!this.selectActive.get(id)) return null;
      const hash = this.hashCode(code.code);
      const owner = this.selectCodeOwner.get(hash, hash);
      // The code it replaces may be given again.
      if (owner !== undefined && !(owner.conference_id === id && owner.role === code.role)) return { kind: 'code-in-use', role: code.role };
      this.deleteCodeOf.run(id, code.role);
      this.insertCode.run(hash, id, code.role, at);
      this.touch.run(at, id);
      return 'replaced';
    })();
  }
}

/** The conferences a BoundFilter selects. */
const LISTED = `deleted_at IS NULL
  AND (@organisationId IS NULL OR organisation_id = @organisationId)
  AND (@organisationIds IS NULL OR organisation_id IN (SELECT value FROM json_each(@organisationIds)))
  AND (@ownerUserId IS NULL OR owner_user_id = @ownerUserId)`;

type BoundFilter = { organisationId: string | null; organisationIds: string | null; ownerUserId: string | null };

/** A listing's filter as its statements take it: a set of organisations as a JSON array, so one statement serves every filter. */
function boundFilter(filter: ConferenceListFilter): BoundFilter {
  return {
    organisationId: filter.organisationId ?? null,
    organisationIds: filter.organisationIds ? JSON.stringify([...filter.organisationIds]) : null,
    ownerUserId: filter.ownerUserId ?? null,
  };
}

function toRowFields(fields: ConferenceFields) {
  return {
    owner_user_id: fields.ownerUserId,
    name: fields.name,
    room_type: fields.roomType,
    language: fields.language,
    time_zone: fields.timeZone,
    join_leave_tones: toFlag(fields.joinLeaveTones),
    end_on_leader_hangup: toFlag(fields.endOnLeaderHangup),
    admission_required: toFlag(fields.admissionRequired),
    names_recorded: toFlag(fields.namesRecorded),
    max_duration_minutes: fields.maxDurationMinutes,
    valid_from: fields.validFrom,
    valid_until: fields.validUntil,
  };
}

function toFlag(value: boolean): number {
  return value ? 1 : 0;
}
