import type { LiveParticipantView } from '../../domain/conference/conference-state';
import type { LiveCommand, LiveCommandResult } from '../../domain/conference/conference-state';

/** Live control (implemented by the bridge, used by the admin services): meetings in progress and commands to them. */
export interface LiveConferenceView {
  conferenceId: string;
  /** Null while callers wait for the leader. */
  meetingId: string | null;
  startedAt: number | null;
  locked: boolean;
  listenMode: boolean;
  endOnLeaderHangup: boolean;
  participants: LiveParticipantView[];
}

export interface LiveControl {
  list(): LiveConferenceView[];
  get(conferenceId: string): LiveConferenceView | null;
  command(conferenceId: string, command: LiveCommand): LiveCommandResult;
}
