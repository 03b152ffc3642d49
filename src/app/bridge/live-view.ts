import type { ConferenceState } from '../../domain/conference/conference-state';
import type { LiveConferenceView } from '../ports/live-control';

/** What the admin API shows of a live conference. */
export function toLiveView(state: ConferenceState): LiveConferenceView {
  const { meeting } = state;
  return {
    conferenceId: state.settings.conferenceId,
    conferenceName: state.settings.name,
    meetingId: meeting?.id ?? null,
    startedAt: meeting?.startedAt ?? null,
    locked: meeting?.locked ?? false,
    listenMode: meeting?.listenMode ?? false,
    endOnLeaderHangup: meeting?.endOnLeaderHangup ?? state.settings.endOnLeaderHangup,
    participants: state.callers.map((caller) => ({
      legId: caller.legId,
      channelId: caller.channelId,
      role: caller.role,
      callerNumber: caller.callerNumber,
      arrivedAt: caller.arrivedAt,
      joinedAt: caller.joinedAt,
      muted: caller.muted,
      mutedByHost: caller.mutedByHost,
      handRaisedAt: caller.handRaisedAt,
      waitingInLobby: caller.place === 'lobby',
      handRaised: caller.handRaisedAt !== null,
      nameRecorded: caller.recordedName !== null,
    })),
  };
}
