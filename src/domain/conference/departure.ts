import type { LegEndReason } from './legs-and-meetings';
import type { PromptRequest } from '../prompts/render';
import type { ConferenceEffect, ConferenceState, ConferenceStep, PresentCaller } from './conference-state';
import { announce, farewell, inMeeting } from './conference-state';
import { cancelMeetingTimers, endForEveryone } from './meeting-end';

/**
 * One caller leaves (hung up, lost, or removed by an admin). What happens to
 * the others:
 * - a leader leaves with automatic end on and no other leader left: the
 *   others hear "the leader has left" and are hung up;
 * - the last caller leaves the meeting: the meeting ends ('empty');
 * - otherwise those in the meeting hear the leave tone (when enabled).
 * `farewellPrompts` is what the leaving caller hears before being hung up
 * (null when the caller is already gone).
 */
export function departCaller(
  state: ConferenceState,
  leaving: PresentCaller,
  at: number,
  reason: LegEndReason,
  farewellPrompts: readonly PromptRequest[] | null,
): ConferenceStep {
  const effects: ConferenceEffect[] = [];
  if (farewellPrompts !== null) effects.push(farewell(leaving, farewellPrompts));
  effects.push({ kind: 'legClosed', legId: leaving.legId, channelId: leaving.channelId, at, reason });
  const rest: ConferenceState = { ...state, callers: state.callers.filter((caller) => caller.legId !== leaving.legId) };
  const meeting = rest.meeting;

  if (meeting === null || leaving.place !== 'meeting') {
    if (rest.callers.length === 0) effects.push({ kind: 'releaseBridges' });
    return { state: rest, effects };
  }

  const remaining = inMeeting(rest);
  const leaderStillThere = remaining.some((caller) => caller.role === 'leader');
  if (leaving.role === 'leader' && meeting.endOnLeaderHangup && !leaderStillThere && remaining.length > 0) {
    const ending = endForEveryone(rest, at, 'leader-left', 'leader-left', [{ key: 'meeting.leader-left' }]);
    return { state: ending.state, effects: [...effects, ...ending.effects] };
  }
  if (remaining.length === 0) {
    effects.push(...cancelMeetingTimers(rest, meeting));
    // Nobody waits while a meeting is open, so the conference is now empty.
    effects.push({ kind: 'meetingEnded', meetingId: meeting.id, at, reason: 'empty' }, { kind: 'releaseBridges' });
    return { state: { ...rest, meeting: null }, effects };
  }
  if (rest.settings.joinLeaveTones) effects.push(announce(rest, { key: 'tone.leave' }));
  return { state: rest, effects };
}
