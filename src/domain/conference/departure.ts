import type { LegEndReason } from './legs-and-meetings';
import type { PromptRequest } from '../prompts/render';
import type { ConferenceEffect, ConferenceState, ConferenceStep, Meeting } from './conference-state';
import { closeLeg, farewell, forgetName, inMeeting, type PresentCaller } from './conference-state';
import { announceLeave } from './joining';
import { cancelMeetingTimers, endForEveryone } from './meeting-end';

/**
 * One caller leaves (hung up, lost, removed by an admin, turned away from
 * the lobby). What happens to the others:
 * - a leader leaves with automatic end on and no other leader left: everyone
 *   else (in the meeting or its lobby) hears "the leader has left" and is
 *   hung up;
 * - the last caller leaves the meeting: the meeting ends ('empty');
 * - otherwise the leaders hear the caller's name leave, or the meeting the
 *   leave tone (when enabled).
 * A caller leaving the lobby or the waiting room is no news to anyone.
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
  const next: ConferenceStep =
    meeting !== null && leaving.place === 'meeting'
      ? othersAfter(rest, meeting, leaving, at)
      : { state: rest, effects: rest.callers.length === 0 ? [{ kind: 'releaseBridges' }] : [] };
  // Last: the name goes once what this step plays of it (the leaders' "has left") is over.
  return { state: next.state, effects: [...effects, ...next.effects, ...forgetName(leaving)] };
}

function othersAfter(rest: ConferenceState, meeting: Meeting, leaving: PresentCaller, at: number): ConferenceStep {
  const leaderStillThere = inMeeting(rest).some((caller) => caller.role === 'leader');
  if (leaving.role === 'leader' && meeting.endOnLeaderHangup && !leaderStillThere && rest.callers.length > 0) {
    return endForEveryone(rest, at, 'leader-left', 'leader-left', [{ key: 'meeting.leader-left' }]);
  }
  if (inMeeting(rest).length === 0) return meetingLeftEmpty(rest, meeting, at);
  return { state: rest, effects: announceLeave(rest, leaving) };
}

/**
 * Nobody is left in the meeting: it ends ('empty'). Callers still in its
 * lobby wait for a leader again, as before it opened; with nobody at all the
 * bridges can go.
 */
export function meetingLeftEmpty(state: ConferenceState, meeting: Meeting, at: number): ConferenceStep {
  const effects: ConferenceEffect[] = [
    ...cancelMeetingTimers(state, meeting),
    { kind: 'meetingEnded', meetingId: meeting.id, at, reason: 'empty' },
  ];
  const callers = state.callers.map((caller): PresentCaller => ({ ...caller, place: 'waiting' }));
  if (callers.length === 0) effects.push({ kind: 'releaseBridges' });
  return { state: { ...state, callers, meeting: null }, effects };
}

/**
 * Every participant in the meeting hears that the leader disconnected them
 * and is hung up; the leaders stay and the meeting goes on (unlike `##`),
 * and whoever waits in the lobby keeps waiting. Without a leader in it the
 * meeting is then empty and ends.
 */
export function disconnectParticipants(state: ConferenceState, meeting: Meeting, at: number): ConferenceStep {
  const leaving = inMeeting(state).filter((caller) => caller.role === 'participant');
  const gone = new Set(leaving.map((caller) => caller.legId));
  const rest: ConferenceState = { ...state, callers: state.callers.filter((caller) => !gone.has(caller.legId)) };
  const effects = leaving.flatMap((caller) => [
    farewell(caller, [{ key: 'caller.disconnected' }]),
    ...closeLeg(caller, at, 'disconnected'),
  ]);
  if (inMeeting(rest).length > 0) return { state: rest, effects };
  const ended = meetingLeftEmpty(rest, meeting, at);
  return { state: ended.state, effects: [...effects, ...ended.effects] };
}
