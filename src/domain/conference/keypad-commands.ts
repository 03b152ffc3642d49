import { assertNever } from '../assert-never';
import { commandFor, readKeys, type KeypadCommand } from '../keypad/keypad';
import { keypadHelp } from '../keypad/keypad-help';
import type { PromptRequest } from '../prompts/render';
import type { ConferenceState, ConferenceStep, Meeting, PresentCaller } from './conference-state';
import { inLobby, inMeeting, replaceCaller, tell } from './conference-state';
import { disconnectParticipants } from './departure';
import { giveFloor, raisedHands, toggleHand } from './hands';
import { decideNext } from './lobby';
import { endForEveryone } from './meeting-end';
import { setListenMode, toggleOwnMute } from './muting';

/**
 * A key pressed by a caller. Everyone in the open meeting has a keypad (the
 * card in keypad/keypad.ts): participants their own keys, leaders theirs
 * and the ones that steer the meeting. Keys of callers waiting (for the
 * leader, in the lobby) do nothing, and Asterisk absorbs them, so nobody
 * hears them.
 */
export function pressKey(state: ConferenceState, channelId: string, key: string, at: number): ConferenceStep {
  const caller = state.callers.find((present) => present.channelId === channelId);
  const meeting = state.meeting;
  if (caller === undefined || caller.place !== 'meeting' || meeting === null) return { state, effects: [] };
  if (endsOwnName(state, caller, key, at)) return { state, effects: [] };
  const step = readKeys(caller.pendingKey, key, at, state.rules.commandTimeoutMs);
  const presser = { ...caller, pendingKey: step.pending };
  const next = replaceCaller(state, presser);
  const command = step.keys === null ? null : commandFor(presser.role, step.keys);
  if (command === null) return { state: next, effects: [] };
  return runKeypadCommand(next, meeting, presser, command, at);
}

/**
 * "After the tone say your name and then press the pound key": a caller who
 * speaks until the recording's maximum presses `#` once it has ended, as the
 * caller has just joined. That `#` ends their name, not the start of a command.
 */
function endsOwnName(state: ConferenceState, caller: PresentCaller, key: string, at: number): boolean {
  return key === '#' && state.settings.namesRecorded && caller.pendingKey === null && at - caller.arrivedAt <= state.rules.commandTimeoutMs;
}

function runKeypadCommand(
  state: ConferenceState,
  meeting: Meeting,
  presser: PresentCaller,
  command: KeypadCommand,
  at: number,
): ConferenceStep {
  const answer = (...prompts: PromptRequest[]) => tell(presser, ...prompts);
  switch (command) {
    case 'help':
      return { state, effects: [answer(...keypadHelp(presser.role))] };
    case 'toggle-own-mute':
      return toggleOwnMute(state, presser);
    case 'toggle-hand':
      return toggleHand(state, presser, at);
    case 'give-floor':
      return giveFloor(state, presser);
    case 'admit-next':
      return decideNext(state, meeting, presser, 'admit', at);
    case 'refuse-next':
      return decideNext(state, meeting, presser, 'refuse', at);
    case 'lobby-and-hands':
      return {
        state,
        effects: [
          answer({ key: 'lobby.waiting-count', count: inLobby(state).length }, { key: 'hands.count', count: raisedHands(state).length }),
        ],
      };
    case 'disconnect-participants': {
      const step = disconnectParticipants(state, meeting, at);
      return { state: step.state, effects: [answer({ key: 'leader.participants-disconnected' }), ...step.effects] };
    }
    case 'count':
      // The head count includes the leader, as ConfBridge says it.
      return { state, effects: [answer({ key: 'meeting.count', count: inMeeting(state).length })] };
    case 'toggle-listen-mode': {
      const on = !meeting.listenMode;
      const step = setListenMode(state, meeting, on);
      // The leader's answer goes out first; the mutes of a large room follow it.
      return { state: step.state, effects: [answer({ key: on ? 'leader.listen-mode-on' : 'leader.listen-mode-off' }), ...step.effects] };
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
