import { assertNever } from '../assert-never';
import type { ConferenceState, ConferenceStep, LiveCommand, LiveCommandResult } from './conference-state';
import { tell } from './conference-state';
import { departCaller } from './departure';
import { endForEveryone } from './meeting-end';
import { setCallerMuted, setListenMode } from './muting';

/**
 * Whether an admin command can apply now. Listen mode and lock need an open
 * meeting; mute and remove need the caller to be present (waiting or in the
 * meeting); end needs someone present (it also sends waiting callers away).
 */
export function checkLiveCommand(state: ConferenceState, command: LiveCommand): LiveCommandResult {
  switch (command.kind) {
    case 'mute':
    case 'remove':
      return state.callers.some((caller) => caller.legId === command.legId) ? 'done' : 'no-such-participant';
    case 'listen-mode':
    case 'lock':
      return state.meeting === null ? 'no-live-meeting' : 'done';
    case 'end':
      return state.callers.length === 0 ? 'no-live-meeting' : 'done';
    default:
      return assertNever(command);
  }
}

/**
 * Admin commands follow the keypad's rules. A muted or unmuted caller is told
 * so; a removed caller hears "you have been kicked" and leaves like anyone
 * else (a removed leader with automatic end on ends the meeting); an ended
 * meeting sounds like `##`. A command that cannot apply changes nothing.
 */
export function runLiveCommand(state: ConferenceState, command: LiveCommand, at: number): ConferenceStep {
  if (checkLiveCommand(state, command) !== 'done') return { state, effects: [] };
  switch (command.kind) {
    case 'mute': {
      const caller = state.callers.find((present) => present.legId === command.legId);
      if (caller === undefined) return { state, effects: [] };
      const step = setCallerMuted(state, caller, command.muted);
      return { state: step.state, effects: [...step.effects, tell(caller, { key: command.muted ? 'caller.muted' : 'caller.unmuted' })] };
    }
    case 'remove': {
      const caller = state.callers.find((present) => present.legId === command.legId);
      if (caller === undefined) return { state, effects: [] };
      return departCaller(state, caller, at, 'removed', [{ key: 'caller.removed' }]);
    }
    case 'listen-mode':
      return state.meeting === null ? { state, effects: [] } : setListenMode(state, state.meeting, command.on);
    case 'lock':
      return state.meeting === null
        ? { state, effects: [] }
        : { state: { ...state, meeting: { ...state.meeting, locked: command.locked } }, effects: [] };
    case 'end':
      return endForEveryone(state, at, command.reason, 'meeting-ended', [{ key: 'meeting.ended' }]);
    default:
      return assertNever(command);
  }
}
