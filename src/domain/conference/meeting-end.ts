import type { LegEndReason, MeetingEndReason } from './legs-and-meetings';
import type { PromptRequest } from '../prompts/render';
import type { ConferenceEffect, ConferenceState, ConferenceStep, Meeting } from './conference-state';
import { closeLeg, farewell, inMeeting } from './conference-state';

/** The timers a meeting may have running, to cancel when it ends. */
export function cancelMeetingTimers(state: ConferenceState, meeting: Meeting): ConferenceEffect[] {
  const effects: ConferenceEffect[] = [];
  if (state.settings.maxDurationMs !== null) {
    effects.push(
      { kind: 'cancelTimer', timer: { kind: 'duration-warning', meetingId: meeting.id } },
      { kind: 'cancelTimer', timer: { kind: 'duration-limit', meetingId: meeting.id } },
    );
  }
  if (meeting.groupSince !== null) {
    effects.push(
      { kind: 'cancelTimer', timer: { kind: 'group-warning', meetingId: meeting.id } },
      { kind: 'cancelTimer', timer: { kind: 'group-limit', meetingId: meeting.id } },
    );
  }
  return effects;
}

/**
 * A limit's two timers: its end in `remainingMs`, and the warning
 * `warningMs` before it when there is that much time left.
 */
export function limitTimers(kind: 'duration' | 'group', meetingId: string, remainingMs: number, warningMs: number): ConferenceEffect[] {
  const effects: ConferenceEffect[] = [{ kind: 'startTimer', timer: { kind: `${kind}-limit`, meetingId }, ms: remainingMs }];
  if (remainingMs > warningMs)
    effects.push({ kind: 'startTimer', timer: { kind: `${kind}-warning`, meetingId }, ms: remainingMs - warningMs });
  return effects;
}

/**
 * The owner's plan limits group meetings: when a third person is in the
 * meeting for the first time, the group limit starts (as Zoom's free plan
 * counts it: from when the meeting became a group meeting, not from its
 * start; one-to-one meetings run on). It keeps running if people leave again.
 */
export function groupLimitStarts(state: ConferenceState, at: number): ConferenceStep {
  const { meeting } = state;
  const limit = state.settings.groupTimeLimitMs;
  if (meeting === null || limit === null || meeting.groupSince !== null) return { state, effects: [] };
  if (inMeeting(state).length < 3) return { state, effects: [] };
  return {
    state: { ...state, meeting: { ...meeting, groupSince: at } },
    effects: limitTimers('group', meeting.id, limit, state.rules.durationWarningMs),
  };
}

/**
 * Sends everyone away at once (in the meeting, its lobby or waiting): each
 * caller hears `farewellPrompts` (in their own language) and is hung up,
 * their legs close with `legReason`, and the meeting (if open) ends with
 * `meetingReason`.
 */
export function endForEveryone(
  state: ConferenceState,
  at: number,
  meetingReason: MeetingEndReason,
  legReason: LegEndReason,
  farewellPrompts: readonly PromptRequest[],
): ConferenceStep {
  const effects: ConferenceEffect[] = [];
  for (const caller of state.callers) {
    effects.push(farewell(caller, farewellPrompts), ...closeLeg(caller, at, legReason));
  }
  if (state.meeting !== null) {
    effects.push(...cancelMeetingTimers(state, state.meeting));
    effects.push({ kind: 'meetingEnded', meetingId: state.meeting.id, at, reason: meetingReason });
  }
  effects.push({ kind: 'releaseBridges' });
  return { state: { ...state, callers: [], meeting: null }, effects };
}
