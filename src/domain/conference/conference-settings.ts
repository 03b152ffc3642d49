import type { PromptLanguage } from '../prompts/languages';

/** What a caller's code makes of them: the leader, a participant, or (one code for all) whoever comes first leads. */
export type CodeRole = 'leader' | 'participant' | 'single';

/** The settings of a conference that its rules need at run time. */
export interface ConferenceSettings {
  conferenceId: string;
  organisationId: string;
  name: string;
  /** What its callers hear (unless one chose English for their call), and its meeting's announcements. */
  language: PromptLanguage;
  joinLeaveTones: boolean;
  /** Default for the meeting's automatic end when the (last) leader hangs up. */
  endOnLeaderHangup: boolean;
  /**
   * Maximum people in the conference at once, everyone counted (the host
   * too); a leader still gets in when it is full. Null = unlimited.
   */
  capacity: number | null;
  /** Participants join muted (auditorium rooms). */
  participantsJoinMuted: boolean;
  /**
   * Participants wait in the lobby of the open meeting until a leader (or an
   * admin) lets them in (sensitive rooms always; an option for the others).
   */
  admissionRequired: boolean;
  /** Callers say their name after the code; the leaders hear it when they join, leave or wait in the lobby. */
  namesRecorded: boolean;
  /** Maximum meeting duration in ms; null = none. */
  maxDurationMs: number | null;
  /**
   * From the owner's licence plan (basic: 40 minutes): a meeting that becomes
   * a group meeting (three or more people in it at once) ends this long after
   * it did; one-to-one meetings run on. Null = no limit.
   */
  groupTimeLimitMs: number | null;
}
