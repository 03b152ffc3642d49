import type { LiveParticipantView } from '../../domain/conference/conference-state';
import type { LiveCommand, LiveCommandResult } from '../../domain/conference/conference-state';

/** A caller of a live conference as admins (and the portal) see them. */
export interface LiveParticipant extends LiveParticipantView {
  /** In the lobby of a room that requires admission, waiting to be let in. */
  waitingInLobby: boolean;
  handRaised: boolean;
}

/** Live control (implemented by the bridge, used by the admin services): meetings in progress and commands to them. */
export interface LiveConferenceView {
  conferenceId: string;
  /** Null while callers wait for the leader. */
  meetingId: string | null;
  startedAt: number | null;
  locked: boolean;
  listenMode: boolean;
  endOnLeaderHangup: boolean;
  participants: LiveParticipant[];
}

export interface LiveControl {
  list(): LiveConferenceView[];
  get(conferenceId: string): LiveConferenceView | null;
  command(conferenceId: string, command: LiveCommand): LiveCommandResult;
}
