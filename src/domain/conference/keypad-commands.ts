import { assertNever } from '../assert-never';
import { readLeaderKey, type LeaderCommand } from '../keypad/leader-keypad';
import type { PromptRequest } from '../prompts/render';
import type { ConferenceState, ConferenceStep, Meeting, PresentCaller } from './conference-state';
import { inMeeting, replaceCaller, tell } from './conference-state';
import { endForEveryone } from './meeting-end';
import { setCallerMuted, setListenMode } from './muting';

/**
 * A key pressed by a caller. Only a leader in the open meeting steers it;
 * everyone else's keys do nothing (and Asterisk absorbs them, so nobody hears them).
 */
export function pressKey(state: ConferenceState, channelId: string, key: string, at: number): ConferenceStep {
  const caller = state.callers.find((present) => present.channelId === channelId);
  const meeting = state.meeting;
  if (caller === undefined || caller.role !== 'leader' || caller.place !== 'meeting' || meeting === null) {
    return { state, effects: [] };
  }
  const step = readLeaderKey(caller.pendingKey, key, at, state.rules.commandTimeoutMs);
  const leader = { ...caller, pendingKey: step.pending };
  const next = replaceCaller(state, leader);
  if (step.command === null) return { state: next, effects: [] };
  return runLeaderCommand(next, meeting, leader, step.command, at);
}

function runLeaderCommand(
  state: ConferenceState,
  meeting: Meeting,
  leader: PresentCaller,
  command: LeaderCommand,
  at: number,
): ConferenceStep {
  const answer = (prompt: PromptRequest) => tell(leader, prompt);
  switch (command) {
    case 'count':
      // The head count includes the leader, as ConfBridge says it.
      return { state, effects: [answer({ key: 'meeting.count', count: inMeeting(state).length })] };
    case 'toggle-listen-mode': {
      const on = !meeting.listenMode;
      const step = setListenMode(state, meeting, on);
      // The leader's answer goes out first; the mutes of a large room follow it.
      return { state: step.state, effects: [answer({ key: on ? 'leader.listen-mode-on' : 'leader.listen-mode-off' }), ...step.effects] };
    }
    case 'toggle-own-mute': {
      const muted = !leader.muted;
      const step = setCallerMuted(state, leader, muted);
      return { state: step.state, effects: [...step.effects, answer({ key: muted ? 'caller.muted' : 'caller.unmuted' })] };
    }
    case 'toggle-lock': {
      const locked = !meeting.locked;
      return {
        state: { ...state, meeting: { ...meeting, locked } },
        effects: [answer({ key: locked ? 'leader.locked' : 'leader.unlocked' })],
      };
    }
    case 'toggle-auto-end': {
      const endOnLeaderHangup = !meeting.endOnLeaderHangup;
      return {
        state: { ...state, meeting: { ...meeting, endOnLeaderHangup } },
        effects: [answer({ key: endOnLeaderHangup ? 'leader.auto-end-on' : 'leader.auto-end-off' })],
      };
    }
    case 'end-meeting':
      return endForEveryone(state, at, 'ended-by-leader', 'meeting-ended', [{ key: 'meeting.ended' }]);
    default:
      return assertNever(command);
  }
}
