import type { LiveParticipantView } from '../../domain/conference/conference-state';
import type { LiveCommand, LiveCommandResult } from '../../domain/conference/conference-state';

/** A caller of a live conference as admins (and the portal) see them. */
export interface LiveParticipant extends LiveParticipantView {
  /** In the lobby of a room that requires admission, waiting to be let in. */
  waitingInLobby: boolean;
  handRaised: boolean;
  /** The caller said their name after the code (a room with names on); the recording itself never leaves the bridge. */
  nameRecorded: boolean;
}

/** Live control (implemented by the bridge, used by the admin services): meetings in progress and commands to them. */
export interface LiveConferenceView {
  conferenceId: string;
  /** The room's name as it was when the conference opened. */
  conferenceName: string;
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
  /**
   * Calls `changed` with the conference's id after anything an admin sees of
   * it changed: a caller came, left, was muted, raised a hand, waits in or
   * left the lobby; the meeting was locked, put in listen mode, opened or
   * ended (it may also be called when nothing visible changed). Synchronous,
   * inside the bridge's turn: a listener must be quick. Answers a function
   * that ends the subscription.
   */
  onChange(changed: (conferenceId: string) => void): () => void;
}
