import { assertNever } from '../assert-never';
import { readLeaderKey, type LeaderCommand } from '../keypad/leader-keypad';
import { headCountPrompt, prompts } from '../prompts';
import type { ConferenceState, ConferenceStep, Meeting, PresentCaller } from './conference-state';
import { inMeeting, replaceCaller } from './conference-state';
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
  const tell = (media: readonly string[]) => ({ kind: 'play' as const, channelId: leader.channelId, media });
  switch (command) {
    case 'count':
      return { state, effects: [tell(headCountPrompt(inMeeting(state).length))] };
    case 'toggle-listen-mode': {
      const on = !meeting.listenMode;
      const step = setListenMode(state, meeting, on);
      // The leader's answer goes out first; the mutes of a large room follow it.
      return { state: step.state, effects: [tell([on ? prompts.allMuted : prompts.allUnmuted]), ...step.effects] };
    }
    case 'toggle-own-mute': {
      const muted = !leader.muted;
      const step = setCallerMuted(state, leader, muted);
      return { state: step.state, effects: [...step.effects, tell([muted ? prompts.youAreMuted : prompts.youAreUnmuted])] };
    }
    case 'toggle-lock': {
      const locked = !meeting.locked;
      return {
        state: { ...state, meeting: { ...meeting, locked } },
        effects: [tell([locked ? prompts.lockedNow : prompts.unlockedNow])],
      };
    }
    case 'toggle-auto-end': {
      const endOnLeaderHangup = !meeting.endOnLeaderHangup;
      return {
        state: { ...state, meeting: { ...meeting, endOnLeaderHangup } },
        effects: [tell([endOnLeaderHangup ? prompts.autoEndOn : prompts.autoEndOff])],
      };
    }
    case 'end-meeting':
      return endForEveryone(state, at, 'ended-by-leader', 'meeting-ended', [prompts.meetingEnded]);
    default:
      return assertNever(command);
  }
}
