import type { UsageStore } from '../../app/ports/admin-stores';
import type { MeetingUsage } from '../../app/admin/usage-statistics';
import type { SqlStatements } from './sql/sql-database';

interface MeetingLegRow {
  meeting_id: string;
  conference_id: string;
  conference_name: string;
  started_at: number;
  ended_at: number | null;
  entered_at: number | null;
  left_at: number | null;
}

/** Reads meetings and their legs for the usage statistics. */
export class UsageRepository implements UsageStore {
  constructor(private readonly db: SqlStatements) {}

  async meetingsStarted(organisationId: string, from: number, to: number): Promise<MeetingUsage[]> {
    // One row per meeting, or per leg that entered it (LEFT JOIN keeps meetings nobody entered).
    const rows = await this.db.all<MeetingLegRow>(
      `SELECT m.id AS meeting_id, m.conference_id, c.name AS conference_name, m.started_at, m.ended_at,
              l.entered_at, l.left_at
         FROM meetings m
         JOIN conferences c ON c.id = m.conference_id
         LEFT JOIN legs l ON l.meeting_id = m.id AND l.entered_at IS NOT NULL
        WHERE m.organisation_id = $1 AND m.started_at >= $2 AND m.started_at < $3
        ORDER BY m.started_at, m.id`,
      [organisationId, from, to],
    );
    const meetings = new Map<string, MeetingUsage>();
    for (const row of rows) {
      let meeting = meetings.get(row.meeting_id);
      if (!meeting) {
        meeting = {
          meetingId: row.meeting_id,
          conferenceId: row.conference_id,
          conferenceName: row.conference_name,
          startedAt: row.started_at,
          endedAt: row.ended_at,
          legs: [],
        };
        meetings.set(row.meeting_id, meeting);
      }
      if (row.entered_at !== null) meeting.legs.push({ enteredAt: row.entered_at, leftAt: row.left_at });
    }
    return [...meetings.values()];
  }
}
