import type { LegEndReason, MeetingEndReason } from './legs-and-meetings';
import type { ConferenceEffect, ConferenceState, ConferenceStep, Meeting } from './conference-state';

/** The timers a meeting may have running, to cancel when it ends. */
export function cancelMeetingTimers(state: ConferenceState, meeting: Meeting): ConferenceEffect[] {
  if (state.settings.maxDurationMs === null) return [];
  return [
    { kind: 'cancelTimer', timer: { kind: 'duration-warning', meetingId: meeting.id } },
    { kind: 'cancelTimer', timer: { kind: 'duration-limit', meetingId: meeting.id } },
  ];
}

/**
 * Sends everyone away at once: each caller hears `farewellMedia` and is hung
 * up, their legs close with `legReason`, and the meeting (if open) ends with
 * `meetingReason`.
 */
export function endForEveryone(
  state: ConferenceState,
  at: number,
  meetingReason: MeetingEndReason,
  legReason: LegEndReason,
  farewellMedia: readonly string[],
): ConferenceStep {
  const effects: ConferenceEffect[] = [];
  for (const caller of state.callers) {
    effects.push({ kind: 'farewell', channelId: caller.channelId, media: farewellMedia });
    effects.push({ kind: 'legClosed', legId: caller.legId, channelId: caller.channelId, at, reason: legReason });
  }
  if (state.meeting !== null) {
    effects.push(...cancelMeetingTimers(state, state.meeting));
    effects.push({ kind: 'meetingEnded', meetingId: state.meeting.id, at, reason: meetingReason });
  }
  effects.push({ kind: 'releaseBridges' });
  return { state: { ...state, callers: [], meeting: null }, effects };
}
