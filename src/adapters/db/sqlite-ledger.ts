import type { LegEndReason, LegOpened, LegRole, MeetingEndReason, MeetingStarted } from '../../domain/conference/legs-and-meetings';
import { normaliseCallerNumber } from '../../domain/call/caller-number';
import type { Ledger, LedgerRecovery, LostLegsRecovery, OpenLegRecord } from '../../app/ports/ledger';
import type { Database } from './database';

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

/**
 * The ledger of meetings and legs. Each method is one committed write, so a
 * crash of the app loses nothing that was recorded before it. Writes that
 * close something are idempotent: closing twice never moves an end time.
 */
export class SqliteLedger implements Ledger, LedgerRecovery {
  private readonly insertLeg;
  private readonly enterMeeting;
  private readonly closeOpenLeg;
  private readonly insertMeeting;
  private readonly endOpenMeeting;
  private readonly checkpointOpenLeg;
  private readonly selectLegs;
  private readonly selectOpenLegs;
  private readonly selectMeeting;
  private readonly closeLostLeg;
  private readonly endMeetingsWithoutOpenLegs;

  constructor(
    private readonly db: Database,
    /**
     * The media server whose calls this ledger records, when the process
     * drives several (KVORUM_MEDIA_SERVERS): its legs are tagged with it, and
     * its recovery sees only them. Null: one Asterisk, every leg.
     */
    private readonly mediaServerId: string | null = null,
  ) {
    this.insertLeg = db.prepare<[LegOpened & { normalisedCallerNumber: string | null; mediaServerId: string | null }]>(
      `INSERT INTO legs (id, channel_id, conference_id, role, caller_number, caller_number_normalised, dialled_number, called_at,
         media_server_id)
       VALUES (@legId, @channelId, @conferenceId, @role, @callerNumber, @normalisedCallerNumber, @dialledNumber, @calledAt,
         @mediaServerId)`,
    );
    this.enterMeeting = db.prepare<[string, number, string]>(
      `UPDATE legs SET meeting_id = ?, entered_at = ?
       WHERE id = ? AND entered_at IS NULL AND left_at IS NULL`,
    );
    this.closeOpenLeg = db.prepare<[number, LegEndReason, string]>(
      'UPDATE legs SET left_at = ?, end_reason = ? WHERE id = ? AND left_at IS NULL',
    );
    this.insertMeeting = db.prepare<[MeetingStarted]>(
      `INSERT INTO meetings (id, conference_id, organisation_id, started_at)
       VALUES (@meetingId, @conferenceId, @organisationId, @at)`,
    );
    this.endOpenMeeting = db.prepare<[number, MeetingEndReason, string]>(
      'UPDATE meetings SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL',
    );
    this.checkpointOpenLeg = db.prepare<[number, string]>('UPDATE legs SET checkpoint_at = ? WHERE id = ? AND left_at IS NULL');
    this.selectLegs = db.prepare<[{ conferenceId: string | null; meetingId: string | null; open: number | null }], LegRow>(
      `SELECT ${LEG_COLUMNS} FROM legs
       WHERE (@conferenceId IS NULL OR conference_id = @conferenceId)
         AND (@meetingId IS NULL OR meeting_id = @meetingId)
         AND (@open IS NULL OR (left_at IS NULL) = @open)
       ORDER BY called_at, id`,
    );
    this.selectOpenLegs = db.prepare<[string | null], LegRow>(
      `SELECT ${LEG_COLUMNS} FROM legs WHERE left_at IS NULL AND media_server_id IS ? ORDER BY called_at, id`,
    );
    this.selectMeeting = db.prepare<[string], MeetingRow>(
      'SELECT id, conference_id, organisation_id, started_at, ended_at, end_reason FROM meetings WHERE id = ?',
    );
    // The last instant the leg was known alive is the latest of when it
    // called, entered and was checkpointed; never later than the recovery.
    this.closeLostLeg = db.prepare<[{ at: number; id: string }]>(
      `UPDATE legs
       SET left_at = MIN(@at, MAX(called_at, COALESCE(entered_at, called_at), COALESCE(checkpoint_at, called_at))),
           end_reason = 'lost', estimated = 1
       WHERE id = @id AND left_at IS NULL`,
    );
    this.endMeetingsWithoutOpenLegs = db.prepare<[], { id: string }>(
      `UPDATE meetings
       SET ended_at = COALESCE((SELECT MAX(left_at) FROM legs WHERE legs.meeting_id = meetings.id), started_at),
           end_reason = 'lost'
       WHERE ended_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM legs WHERE legs.meeting_id = meetings.id AND legs.left_at IS NULL)
       RETURNING id`,
    );
  }

  /** The caller number is kept as presented and as Kvorum counts and reports it (normalised to E.164 where it can be). */
  /** Each write is committed as it is made. */
  whenWritten(): Promise<void> {
    return Promise.resolve();
  }

  openLeg(leg: LegOpened): void {
    this.insertLeg.run({ ...leg, normalisedCallerNumber: normaliseCallerNumber(leg.callerNumber), mediaServerId: this.mediaServerId });
  }

  legEnteredMeeting(legId: string, meetingId: string, at: number): void {
    this.enterMeeting.run(meetingId, at, legId);
  }

  closeLeg(legId: string, at: number, reason: LegEndReason): void {
    this.closeOpenLeg.run(at, reason, legId);
  }

  meetingStarted(meeting: MeetingStarted): void {
    this.insertMeeting.run(meeting);
  }

  meetingEnded(meetingId: string, at: number, reason: MeetingEndReason): void {
    this.endOpenMeeting.run(at, reason, meetingId);
  }

  checkpoint(legIds: readonly string[], at: number): void {
    this.db.transaction(() => {
      for (const legId of legIds) this.checkpointOpenLeg.run(at, legId);
    })();
  }

  /** Legs not closed yet (of this ledger's media server): after a restart, the calls that may still be up. */
  openLegs(): LegRecord[] {
    return this.selectOpenLegs.all(this.mediaServerId).map(toLegRecord);
  }

  /**
   * Crash recovery: closes every open leg whose channel is not in
   * `stillAlive` at its last sign of life (reason `lost`, estimated), then
   * ends the meetings left without an open leg at their last leg's end.
   * `at` is the instant of recovery, an upper bound for every estimate.
   */
  closeLostLegs(stillAlive: ReadonlySet<string>, at: number): LostLegsRecovery {
    return this.db.transaction(() => {
      const lost = this.openLegs().filter((leg) => !stillAlive.has(leg.channelId));
      for (const leg of lost) this.closeLostLeg.run({ at, id: leg.legId });
      const ended = this.endMeetingsWithoutOpenLegs.all();
      return { closedLegIds: lost.map((leg) => leg.legId), endedMeetingIds: ended.map((row) => row.id) };
    })();
  }

  legs(filter: LegFilter = {}): LegRecord[] {
    return this.selectLegs
      .all({
        conferenceId: filter.conferenceId ?? null,
        meetingId: filter.meetingId ?? null,
        open: filter.open === undefined ? null : Number(filter.open),
      })
      .map(toLegRecord);
  }

  meeting(meetingId: string): MeetingRecord | null {
    const row = this.selectMeeting.get(meetingId);
    return row ? toMeetingRecord(row) : null;
  }
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
