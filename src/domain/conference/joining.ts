import type { PromptRequest } from '../prompts/render';
import type { ConferenceEffect, ConferenceState, ConferenceStep, Meeting, PresentCaller } from './conference-state';
import { announce, replaceCaller, tell, tellLeaders } from './conference-state';

export const JOIN_TONE: PromptRequest = { key: 'tone.join' };

/** Into the mixing bridge, and billable from `at`. */
export function enterMeeting(caller: PresentCaller, meeting: Meeting, at: number): ConferenceEffect[] {
  return [
    { kind: 'moveToBridge', channelId: caller.channelId, bridge: 'mixing', muted: caller.muted },
    { kind: 'legEnteredMeeting', legId: caller.legId, meetingId: meeting.id, at },
  ];
}

/**
 * Someone joined the meeting: with a recorded name, the other leaders hear
 * it instead of a tone; otherwise the meeting hears the join tone (tones on).
 */
export function announceJoin(state: ConferenceState, joining: PresentCaller): ConferenceEffect[] {
  if (joining.recordedName !== null) return tellLeaders(state, joining, { key: 'names.joined', name: joining.recordedName });
  return state.settings.joinLeaveTones ? [announce(state, JOIN_TONE)] : [];
}

/** Someone left the meeting: the leaders hear their name, or the meeting the leave tone (tones on). */
export function announceLeave(state: ConferenceState, leaving: PresentCaller): ConferenceEffect[] {
  if (leaving.recordedName !== null) return tellLeaders(state, leaving, { key: 'names.left', name: leaving.recordedName });
  return state.settings.joinLeaveTones ? [announce(state, { key: 'tone.leave' })] : [];
}

/**
 * A participant enters the open meeting now (on arrival, or let in from the
 * lobby): muted in listen mode or when already muted (a room where
 * participants join muted) and then told so, announced to the others.
 */
export function joinMeeting(state: ConferenceState, caller: PresentCaller, meeting: Meeting, at: number): ConferenceStep {
  const mutedByHost = caller.mutedByHost || meeting.listenMode;
  const joining: PresentCaller = { ...caller, place: 'meeting', joinedAt: at, muted: caller.muted || mutedByHost, mutedByHost };
  const next = upsertCaller(state, joining);
  const effects: ConferenceEffect[] = [...enterMeeting(joining, meeting, at)];
  // The tone follows the newcomer in: played while the newcomer's move is still
  // on its way, it would be cut when Asterisk turns a two-party bridge into a
  // conference mix, and those inside would not hear it.
  effects.push(...announceJoin(next, joining));
  if (joining.muted) effects.push(tell(joining, { key: 'caller.muted' }));
  return { state: next, effects };
}

/** The caller in its place in the arrival order, or last when new. */
export function upsertCaller(state: ConferenceState, caller: PresentCaller): ConferenceState {
  const present = state.callers.some((other) => other.legId === caller.legId);
  return present ? replaceCaller(state, caller) : { ...state, callers: [...state.callers, caller] };
}
