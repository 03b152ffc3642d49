/**
 * Usage statistics of an organisation for a period, computed from meetings
 * and their legs. Pure: the rows come in, the figures go out.
 *
 * A meeting belongs to the period (and to the day, in the configured time
 * zone) in which it started. A leg counts from when it entered the open
 * meeting until it left (or `now` while it is still in the meeting).
 */

export interface LegUsage {
  enteredAt: number;
  leftAt: number | null;
}

export interface MeetingUsage {
  meetingId: string;
  conferenceId: string;
  conferenceName: string;
  startedAt: number;
  endedAt: number | null;
  /** Legs that entered the open meeting; legs that only waited are not usage. */
  legs: LegUsage[];
}

export interface UsageFigures {
  meetingsHeld: number;
  participantSeconds: number;
  participantMinutes: number;
  /** Participants per meeting (every leg that entered), on average. */
  averageParticipants: number;
  /** Most participants in one meeting at the same moment. */
  peakParticipants: number;
  /** Most callers at the same moment across all the meetings counted (a room's meetings never overlap: its peak participants). */
  peakCallers: number;
  longestMeeting: { meetingId: string; conferenceId: string; durationSeconds: number } | null;
}

export interface UsageStatistics {
  totals: UsageFigures;
  /** By conference name. */
  byConference: Array<UsageFigures & { conferenceId: string; conferenceName: string }>;
  /** Days (YYYY-MM-DD in the time zone) on which meetings started, in order. */
  byDay: Array<UsageFigures & { date: string }>;
  /** Every day of the period in order, zero on days without meetings: the series a chart draws. */
  daily: Array<UsageFigures & { date: string }>;
}

interface MeetingFigures {
  meeting: MeetingUsage;
  durationMs: number;
  participantMs: number;
  participants: number;
  peak: number;
  /** Enter (+1) and leave (-1) instants of its legs. */
  steps: Array<[number, number]>;
}

/** `days`: the period's local dates (YYYY-MM-DD) in order, for the dense daily series. */
export function computeUsageStatistics(
  meetings: readonly MeetingUsage[],
  timeZone: string,
  now: number,
  days: readonly string[],
): UsageStatistics {
  const measured = meetings.map((meeting) => measureMeeting(meeting, now));
  const localDate = localDateFormatter(timeZone);

  const byConference = groupBy(measured, (figures) => figures.meeting.conferenceId);
  const byDay = groupBy(measured, (figures) => localDate(figures.meeting.startedAt));

  return {
    totals: summarise(measured),
    byConference: [...byConference.entries()]
      .map(([conferenceId, group]) => ({
        conferenceId,
        conferenceName: group[0]?.meeting.conferenceName ?? '',
        ...summarise(group),
      }))
      .sort((a, b) => a.conferenceName.localeCompare(b.conferenceName) || a.conferenceId.localeCompare(b.conferenceId)),
    byDay: [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, group]) => ({ date, ...summarise(group) })),
    daily: days.map((date) => ({ date, ...summarise(byDay.get(date) ?? []) })),
  };
}

function measureMeeting(meeting: MeetingUsage, now: number): MeetingFigures {
  const end = meeting.endedAt ?? now;
  let participantMs = 0;
  const steps: Array<[number, number]> = [];
  for (const leg of meeting.legs) {
    const leftAt = leg.leftAt ?? end;
    participantMs += Math.max(0, leftAt - leg.enteredAt);
    steps.push([leg.enteredAt, 1], [leftAt, -1]);
  }
  return {
    meeting,
    durationMs: Math.max(0, end - meeting.startedAt),
    participantMs,
    participants: meeting.legs.length,
    peak: peakOf(steps),
    steps,
  };
}

/** Most at once: a sweep over enter (+1) and leave (-1) instants, a leave sorting before an enter at the same instant. */
function peakOf(steps: Array<[number, number]>): number {
  steps.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of steps) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

function summarise(group: readonly MeetingFigures[]): UsageFigures {
  let participantMs = 0;
  let participants = 0;
  let peak = 0;
  let longest: MeetingFigures | null = null;
  for (const figures of group) {
    participantMs += figures.participantMs;
    participants += figures.participants;
    peak = Math.max(peak, figures.peak);
    if (!longest || figures.durationMs > longest.durationMs) longest = figures;
  }
  const participantSeconds = Math.round(participantMs / 1000);
  return {
    meetingsHeld: group.length,
    participantSeconds,
    participantMinutes: round2(participantSeconds / 60),
    averageParticipants: group.length === 0 ? 0 : round2(participants / group.length),
    peakParticipants: peak,
    peakCallers: group.length === 1 ? peak : peakOf(group.flatMap((figures) => figures.steps)),
    longestMeeting: longest
      ? {
          meetingId: longest.meeting.meetingId,
          conferenceId: longest.meeting.conferenceId,
          durationSeconds: Math.round(longest.durationMs / 1000),
        }
      : null,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** `YYYY-MM-DD` of an instant in the time zone (the en-CA locale writes dates that way). */
function localDateFormatter(timeZone: string): (at: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (at) => format.format(at);
}
