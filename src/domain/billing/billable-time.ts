/**
 * Billable time of a leg: the part of the call spent inside the open meeting.
 * Waiting for the leader is not billable; it starts when the leg entered the
 * open meeting (never before the meeting started) and ends when the leg left
 * (never after the meeting ended). Real seconds are whole seconds, a fraction
 * of a second dropped, so every charged figure can be recomputed from the
 * seconds printed on the report.
 */
export interface LegTimes {
  /** When the leg entered the open meeting; null if it never did. */
  enteredAt: number | null;
  leftAt: number;
}

export interface MeetingTimes {
  startedAt: number;
  endedAt: number | null;
}

export type BillableTime =
  /** The leg never reached an open meeting: nothing to charge. */
  { kind: 'never-in-meeting'; seconds: 0 } | { kind: 'in-meeting'; from: number; until: number; seconds: number };

export function billableTime(leg: LegTimes, meeting: MeetingTimes | null): BillableTime {
  if (leg.enteredAt === null || meeting === null) return { kind: 'never-in-meeting', seconds: 0 };
  const from = Math.max(leg.enteredAt, meeting.startedAt);
  const until = Math.max(from, meeting.endedAt === null ? leg.leftAt : Math.min(leg.leftAt, meeting.endedAt));
  return { kind: 'in-meeting', from, until, seconds: Math.floor((until - from) / 1000) };
}
