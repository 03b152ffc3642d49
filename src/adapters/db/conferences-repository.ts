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
import { newId } from './new-id';
import { pagedSearch, type SqlCondition } from './paged-search';
import { inSet } from './sql/parameter-lists';
import { changeRoomType, endSubscription, readSubscription, startSubscription } from './room-subscription-writes';
import type { SqlDatabase, SqlStatements, SqlValue } from './sql/sql-database';

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
  private readonly selectPage;

  constructor(
    private readonly db: SqlDatabase,
    private readonly hashCode: CodeHasher,
  ) {
    // The portal's room list: a page by name, searched by a part of the name.
    this.selectPage = pagedSearch<ConferenceRow>(db, {
      columns: CONFERENCE_COLUMNS,
      from: 'conferences',
      searched: ['name'],
      // As SQLite's NOCASE did: ASCII case ignored, then by id.
      orderBy: 'lower(name), id',
    });
  }

  async create(
    conference: NewConferenceRecord,
    codes: readonly IssuedCode[],
    at: number,
    subscription: { bindingMonths: number; by: string },
  ): Promise<AdminConference | CodeClash> {
    const hashed = codes.map((code) => ({ ...code, hash: this.hashCode(code.code) }));
    return this.db.transaction(async (tx): Promise<AdminConference | CodeClash> => {
      for (const code of hashed) {
        if ((await codeOwner(tx, code.hash)) !== undefined) return { kind: 'code-in-use', role: code.role };
      }
      const row: ConferenceRow = {
        ...toRowFields(conference),
        id: newId('conf'),
        organisation_id: conference.organisationId,
        code_kind: conference.codeKind,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      };
      await tx.run(
        `INSERT INTO conferences (${CONFERENCE_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        [row.id, row.organisation_id, ...settingValues(row), row.code_kind, row.created_at, row.updated_at, row.deleted_at],
      );
      for (const code of hashed) await insertCode(tx, code.hash, row.id, code.role, at);
      await startSubscription(
        tx,
        { conferenceId: row.id, organisationId: row.organisation_id, roomType: row.room_type },
        at,
        subscription.bindingMonths,
        subscription.by,
      );
      return toAdminConference(row);
    });
  }

  async get(id: string): Promise<AdminConference | null> {
    const row = await activeRow(this.db, id);
    return row ? toAdminConference(row) : null;
  }

  async list(filter: ConferenceListFilter = {}): Promise<AdminConference[]> {
    const where = listed(filter);
    const rows = await this.db.all<ConferenceRow>(
      `SELECT ${CONFERENCE_COLUMNS} FROM conferences WHERE ${where.sql} ORDER BY created_at, id`,
      where.params,
    );
    return rows.map(toAdminConference);
  }

  async page(filter: ConferenceListFilter, request: PageRequest): Promise<ConferencePage> {
    const { rows, total } = await this.selectPage(listed(filter), request);
    return { conferences: rows.map(toAdminConference), total };
  }

  async update(id: string, fields: ConferenceFields, at: number, change: RoomChange): Promise<AdminConference | null> {
    return this.db.transaction(async (tx) => {
      const current = await activeRow(tx, id);
      if (!current) return null;
      const row: ConferenceRow = { ...current, ...toRowFields(fields), updated_at: at };
      await tx.run(
        `UPDATE conferences SET ${SETTING_COLUMNS.map((column, index) => `${column} = $${index + 1}`).join(', ')},
          updated_at = $${SETTING_COLUMNS.length + 1} WHERE id = $${SETTING_COLUMNS.length + 2} AND deleted_at IS NULL`,
        [...settingValues(row), row.updated_at, id],
      );
      if (row.room_type !== current.room_type) await changeRoomType(tx, id, row.room_type, at, change);
      return toAdminConference(row);
    });
  }

  /**
   * Soft-deletes the conference and frees its codes (they may be issued
   * again); its subscription ends. Its meetings and legs stay. False when
   * there was nothing to delete.
   */
  async delete(id: string, at: number, change: RoomChange): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if ((await tx.run('UPDATE conferences SET deleted_at = $1, updated_at = $1 WHERE id = $2 AND deleted_at IS NULL', [at, id])) === 0) {
        return false;
      }
      await tx.run('DELETE FROM conference_codes WHERE conference_id = $1', [id]);
      await endSubscription(tx, id, at, change);
      return true;
    });
  }

  subscription(id: string): Promise<RoomSubscriptionRecord | null> {
    return readSubscription(this.db, id);
  }

  async replaceCode(id: string, code: IssuedCode, at: number): Promise<'replaced' | CodeClash | null> {
    const hash = this.hashCode(code.code);
    return this.db.transaction(async (tx): Promise<'replaced' | CodeClash | null> => {
      if (!(await activeRow(tx, id))) return null;
      const owner = await codeOwner(tx, hash);
      // The code it replaces may be given again.
      if (owner !== undefined && !(owner.conference_id === id && owner.role === code.role)) return { kind: 'code-in-use', role: code.role };
      await tx.run('DELETE FROM conference_codes WHERE conference_id = $1 AND role = $2', [id, code.role]);
      await insertCode(tx, hash, id, code.role, at);
      await tx.run('UPDATE conferences SET updated_at = $1 WHERE id = $2', [at, id]);
      return 'replaced';
    });
  }
}

/** The columns a room's settings are stored in, in the order of CONFERENCE_COLUMNS; written on create and on update. */
const SETTING_COLUMNS = [
  'owner_user_id',
  'name',
  'room_type',
  'language',
  'time_zone',
  'join_leave_tones',
  'end_on_leader_hangup',
  'admission_required',
  'names_recorded',
  'max_duration_minutes',
  'valid_from',
  'valid_until',
] as const satisfies ReadonlyArray<keyof ConferenceRow>;

function settingValues(row: ConferenceRow): SqlValue[] {
  return SETTING_COLUMNS.map((column) => row[column]);
}

function activeRow(on: SqlStatements, id: string): Promise<ConferenceRow | undefined> {
  return on.get<ConferenceRow>(`SELECT ${CONFERENCE_COLUMNS} FROM conferences WHERE id = $1 AND deleted_at IS NULL`, [id]);
}

/** Who holds the code: a conference in one of its roles, or a booking (0005_bookings.sql), whose codes share the code space. */
function codeOwner(on: SqlStatements, hash: string): Promise<{ conference_id: string; role: CodeRole | 'booking' } | undefined> {
  return on.get(
    `SELECT conference_id, role FROM conference_codes WHERE code_hash = $1
     UNION ALL SELECT b.conference_id, 'booking' FROM booking_codes bc JOIN bookings b ON b.id = bc.booking_id WHERE bc.code_hash = $1`,
    [hash],
  );
}

async function insertCode(tx: SqlStatements, hash: string, conferenceId: string, role: CodeRole, at: number): Promise<void> {
  await tx.run('INSERT INTO conference_codes (code_hash, conference_id, role, created_at) VALUES ($1, $2, $3, $4)', [
    hash,
    conferenceId,
    role,
    at,
  ]);
}

/** The conferences a listing's filter selects. */
function listed(filter: ConferenceListFilter): SqlCondition {
  const params: SqlValue[] = [];
  const conditions = ['deleted_at IS NULL'];
  if (filter.organisationId !== undefined) conditions.push(`organisation_id = $${params.push(filter.organisationId)}`);
  if (filter.organisationIds !== undefined) conditions.push(inSet('organisation_id', filter.organisationIds, params));
  if (filter.ownerUserId !== undefined) conditions.push(`owner_user_id = $${params.push(filter.ownerUserId)}`);
  return { sql: conditions.join(' AND '), params };
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
