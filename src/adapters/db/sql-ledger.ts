import type { LegEndReason, LegOpened, LegRole, MeetingEndReason, MeetingStarted } from '../../domain/conference/legs-and-meetings';
import { normaliseCallerNumber } from '../../domain/call/caller-number';
import type { LedgerRecovery, LostLegsRecovery, OpenLegRecord } from '../../app/ports/ledger';
import type { SqlDatabase, SqlStatements } from './sql/sql-database';

/** A leg (one caller's call) as written in the ledger, open or closed. */
export interface LegRecord extends OpenLegRecord {
  /** The caller number as Kvorum counts and reports it (E.164 where it could be normalised); null when withheld or written before migration 0007. */
  normalisedCallerNumber: string | null;
  leftAt: number | null;
  endReason: LegEndReason | null;
  checkpointAt: number | null;
  /** leftAt was estimated from the last sign of life after a crash. */
  estimated: boolean;
}

export interface MeetingRecord {
  meetingId: string;
  conferenceId: string;
  organisationId: string;
  startedAt: number;
  endedAt: number | null;
  endReason: MeetingEndReason | null;
}

export interface LegFilter {
  conferenceId?: string;
  meetingId?: string;
  /** true: only legs still open; false: only closed legs. */
  open?: boolean;
}

interface LegRow {
  id: string;
  channel_id: string;
  conference_id: string;
  meeting_id: string | null;
  role: LegRole;
  caller_number: string | null;
  caller_number_normalised: string | null;
  dialled_number: string;
  called_at: number;
  entered_at: number | null;
  left_at: number | null;
  end_reason: LegEndReason | null;
  checkpoint_at: number | null;
  estimated: number;
}

interface MeetingRow {
  id: string;
  conference_id: string;
  organisation_id: string;
  started_at: number;
  ended_at: number | null;
  end_reason: MeetingEndReason | null;
}

const LEG_COLUMNS = `id, channel_id, conference_id, meeting_id, role, caller_number, caller_number_normalised, dialled_number, called_at,
  entered_at, left_at, end_reason, checkpoint_at, estimated`;

const INSERT_LEG = `INSERT INTO legs (id, channel_id, conference_id, role, caller_number, caller_number_normalised, dialled_number, called_at,
    media_server_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
const ENTER_MEETING = 'UPDATE legs SET meeting_id = $1, entered_at = $2 WHERE id = $3 AND entered_at IS NULL AND left_at IS NULL';
const CLOSE_OPEN_LEG = 'UPDATE legs SET left_at = $1, end_reason = $2 WHERE id = $3 AND left_at IS NULL';
const INSERT_MEETING = 'INSERT INTO meetings (id, conference_id, organisation_id, started_at) VALUES ($1, $2, $3, $4)';
const END_OPEN_MEETING = 'UPDATE meetings SET ended_at = $1, end_reason = $2 WHERE id = $3 AND ended_at IS NULL';
const CHECKPOINT_OPEN_LEG = 'UPDATE legs SET checkpoint_at = $1 WHERE id = $2 AND left_at IS NULL';
// PostgreSQL types a parameter by its first use: the casts give `$n IS NULL` one.
const SELECT_LEGS = `SELECT ${LEG_COLUMNS} FROM legs
  WHERE (CAST($1 AS TEXT) IS NULL OR conference_id = $1)
    AND (CAST($2 AS TEXT) IS NULL OR meeting_id = $2)
    AND (CAST($3 AS INTEGER) IS NULL OR (left_at IS NULL) = ($3 = 1))
  ORDER BY called_at, id`;
// Uses the partial index legs_open_by_media_server (sql/0014).
const SELECT_OPEN_LEGS = `SELECT ${LEG_COLUMNS} FROM legs WHERE left_at IS NULL AND media_server_id IS NOT DISTINCT FROM $1
  ORDER BY called_at, id`;
const SELECT_MEETING = 'SELECT id, conference_id, organisation_id, started_at, ended_at, end_reason FROM meetings WHERE id = $1';
const CLOSE_LOST_LEG = `UPDATE legs SET left_at = $1, end_reason = 'lost', estimated = 1 WHERE id = $2 AND left_at IS NULL`;
// A meeting lives on one media server: those of this ledger's server are the ones with a leg on it.
const END_MEETINGS_WITHOUT_OPEN_LEGS = `UPDATE meetings
  SET ended_at = COALESCE((SELECT MAX(left_at) FROM legs WHERE legs.meeting_id = meetings.id), started_at),
      end_reason = 'lost'
  WHERE ended_at IS NULL
    AND EXISTS (SELECT 1 FROM legs WHERE legs.meeting_id = meetings.id AND legs.media_server_id IS NOT DISTINCT FROM $1)
    AND NOT EXISTS (SELECT 1 FROM legs WHERE legs.meeting_id = meetings.id AND legs.left_at IS NULL)
  RETURNING id`;

/**
 * The ledger of meetings and legs, on either store. Each write is one
 * statement, run on the database or, as the write-behind ledger batches
 * them, inside its transaction (`on`). Writes that close something are
 * idempotent: closing twice never moves an end time.
 *
 * Several Kvorum processes may share one PostgreSQL ledger: each writes the
 * legs of the media servers it drives (tagged with the server), and a
 * recovery reads and closes only the legs and meetings of its own server.
 */
export class SqlLedger implements LedgerRecovery {
  constructor(
    private readonly db: SqlDatabase,
    /**
     * The media server whose calls this ledger records, when the process
     * drives several (KVORUM_MEDIA_SERVERS): its legs are tagged with it, and
     * its recovery sees only them. Null: one Asterisk, every leg untagged.
     */
    private readonly mediaServerId: string | null = null,
  ) {}

  /** The caller number is kept as presented and as Kvorum counts and reports it (normalised to E.164 where it can be). */
  async openLeg(leg: LegOpened, on: SqlStatements = this.db): Promise<void> {
    await on.run(INSERT_LEG, [
      leg.legId,
      leg.channelId,
      leg.conferenceId,
      leg.role,
      leg.callerNumber,
      normaliseCallerNumber(leg.callerNumber),
      leg.dialledNumber,
      leg.calledAt,
      this.mediaServerId,
    ]);
  }

  async legEnteredMeeting(legId: string, meetingId: string, at: number, on: SqlStatements = this.db): Promise<void> {
    await on.run(ENTER_MEETING, [meetingId, at, legId]);
  }

  async closeLeg(legId: string, at: number, reason: LegEndReason, on: SqlStatements = this.db): Promise<void> {
    await on.run(CLOSE_OPEN_LEG, [at, reason, legId]);
  }

  async meetingStarted(meeting: MeetingStarted, on: SqlStatements = this.db): Promise<void> {
    await on.run(INSERT_MEETING, [meeting.meetingId, meeting.conferenceId, meeting.organisationId, meeting.at]);
  }

  async meetingEnded(meetingId: string, at: number, reason: MeetingEndReason, on: SqlStatements = this.db): Promise<void> {
    await on.run(END_OPEN_MEETING, [at, reason, meetingId]);
  }

  /** Marks the open legs alive at `at`; on the database itself, in one transaction. */
  async checkpoint(legIds: readonly string[], at: number, on?: SqlStatements): Promise<void> {
    const mark = async (tx: SqlStatements) => {
      for (const legId of legIds) await tx.run(CHECKPOINT_OPEN_LEG, [at, legId]);
    };
    await (on === undefined ? this.db.batch(mark) : mark(on));
  }

  /** Legs not closed yet (of this ledger's media server): after a restart, the calls that may still be up. */
  async openLegs(on: SqlStatements = this.db): Promise<LegRecord[]> {
    return (await on.all<LegRow>(SELECT_OPEN_LEGS, [this.mediaServerId])).map(toLegRecord);
  }

  /**
   * Crash recovery: closes every open leg of this media server whose channel
   * is not in `stillAlive` at its last sign of life (reason `lost`,
   * estimated), then ends the meetings of this server left without an open
   * leg at their last leg's end. `at` is the instant of recovery, an upper
   * bound for every estimate.
   */
  closeLostLegs(stillAlive: ReadonlySet<string>, at: number): Promise<LostLegsRecovery> {
    return this.db.transaction(async (tx) => {
      const lost = (await this.openLegs(tx)).filter((leg) => !stillAlive.has(leg.channelId));
      for (const leg of lost) await tx.run(CLOSE_LOST_LEG, [lastSignOfLife(leg, at), leg.legId]);
      const ended = await tx.all<{ id: string }>(END_MEETINGS_WITHOUT_OPEN_LEGS, [this.mediaServerId]);
      return { closedLegIds: lost.map((leg) => leg.legId), endedMeetingIds: ended.map((row) => row.id) };
    });
  }

  async legs(filter: LegFilter = {}): Promise<LegRecord[]> {
    const open = filter.open === undefined ? null : Number(filter.open);
    const rows = await this.db.all<LegRow>(SELECT_LEGS, [filter.conferenceId ?? null, filter.meetingId ?? null, open]);
    return rows.map(toLegRecord);
  }

  async meeting(meetingId: string): Promise<MeetingRecord | null> {
    const row = await this.db.get<MeetingRow>(SELECT_MEETING, [meetingId]);
    return row ? toMeetingRecord(row) : null;
  }
}

/** The last instant the leg was known alive: the latest of when it called, entered and was checkpointed; never later than `at`. */
function lastSignOfLife(leg: LegRecord, at: number): number {
  return Math.min(at, Math.max(leg.calledAt, leg.enteredAt ?? leg.calledAt, leg.checkpointAt ?? leg.calledAt));
}

function toLegRecord(row: LegRow): LegRecord {
  return {
    legId: row.id,
    channelId: row.channel_id,
    conferenceId: row.conference_id,
    meetingId: row.meeting_id,
    role: row.role,
    callerNumber: row.caller_number,
    normalisedCallerNumber: row.caller_number_normalised,
    dialledNumber: row.dialled_number,
    calledAt: row.called_at,
    enteredAt: row.entered_at,
    leftAt: row.left_at,
    endReason: row.end_reason,
    checkpointAt: row.checkpoint_at,
    estimated: row.estimated === 1,
  };
}

function toMeetingRecord(row: MeetingRow): MeetingRecord {
  return {
    meetingId: row.id,
    conferenceId: row.conference_id,
    organisationId: row.organisation_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
  };
}
