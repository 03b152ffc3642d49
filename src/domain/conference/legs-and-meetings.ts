/**
 * What the conference's rules record: a leg per caller admitted, a meeting
 * per opening by a leader, and why each ended. The app writes them to the
 * ledger as they come out of the core.
 */

export type LegRole = 'leader' | 'participant';

export interface LegOpened {
  legId: string;
  channelId: string;
  conferenceId: string;
  role: LegRole;
  callerNumber: string | null;
  dialledNumber: string;
  /** When the call arrived at the bridge. */
  calledAt: number;
}

/** `refused`: turned away from the lobby; `disconnected`: a participant hung up by the leader's "disconnect all". */
export type LegEndReason =
  'caller-hung-up' | 'meeting-ended' | 'leader-left' | 'removed' | 'locked' | 'full' | 'refused' | 'disconnected' | 'shutdown' | 'lost';

export type MeetingEndReason =
  | 'ended-by-leader'
  | 'leader-left'
  | 'empty'
  | 'duration-limit'
  | 'group-time-limit'
  | 'ended-by-admin'
  | 'conference-deleted'
  | 'shutdown'
  | 'lost';

/** A leader opened a meeting of the conference: charging starts at `at`. */
export interface MeetingStarted {
  meetingId: string;
  conferenceId: string;
  organisationId: string;
  at: number;
}
