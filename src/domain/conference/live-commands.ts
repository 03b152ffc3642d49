import { assertNever } from '../assert-never';
import type { ConferenceState, ConferenceStep, LiveCommand, LiveCommandResult, PresentCaller } from './conference-state';
import { inLobby, tell } from './conference-state';
import { departCaller, disconnectParticipants } from './departure';
import { admitFromLobby, refuseFromLobby } from './lobby';
import { endForEveryone } from './meeting-end';
import { setCallerMuted, setListenMode } from './muting';

/**
 * Whether an admin command can apply now. Listen mode, lock and disconnect
 * need an open meeting; mute and remove need the caller to be present
 * (waiting, in the lobby or in the meeting); admit and refuse need an open
 * meeting and the caller (or anyone, for the next) in its lobby; end needs
 * someone present (it also sends waiting callers away).
 */
export function checkLiveCommand(state: ConferenceState, command: LiveCommand): LiveCommandResult {
  switch (command.kind) {
    case 'mute':
    case 'remove':
      return state.callers.some((caller) => caller.legId === command.legId) ? 'done' : 'no-such-participant';
    case 'listen-mode':
    case 'lock':
    case 'disconnect-participants':
      return state.meeting === null ? 'no-live-meeting' : 'done';
    case 'admit':
    case 'refuse': {
      if (state.meeting === null) return 'no-live-meeting';
      if (command.legId === null) return inLobby(state).length > 0 ? 'done' : 'nobody-waiting';
      const caller = state.callers.find((present) => present.legId === command.legId);
      if (caller === undefined) return 'no-such-participant';
      return caller.place === 'lobby' ? 'done' : 'not-waiting';
    }
    case 'end':
      return state.callers.length === 0 ? 'no-live-meeting' : 'done';
    default:
      return assertNever(command);
  }
}

/**
 * Admin commands follow the keypad's rules. A muted or unmuted caller is told
 * so (an admin's mute is the leaders' side's: a participant cannot lift it);
 * a removed caller hears "you have been kicked" and leaves like anyone else
 * (a removed leader with automatic end on ends the meeting); a caller let in
 * or turned away from the lobby hears what `*8` and `#8` say to them;
 * disconnecting the participants and ending the meeting sound like `#0` and
 * `##`. A command that cannot apply changes nothing.
 */
export function runLiveCommand(state: ConferenceState, command: LiveCommand, at: number): ConferenceStep {
  if (checkLiveCommand(state, command) !== 'done') return { state, effects: [] };
  const { meeting } = state;
  switch (command.kind) {
    case 'mute': {
      const caller = state.callers.find((present) => present.legId === command.legId);
      if (caller === undefined) return { state, effects: [] };
      const step = setCallerMuted(state, caller, command.muted, 'host');
      return { state: step.state, effects: [...step.effects, tell(caller, { key: command.muted ? 'caller.muted' : 'caller.unmuted' })] };
    }
    case 'remove': {
      const caller = state.callers.find((present) => present.legId === command.legId);
      if (caller === undefined) return { state, effects: [] };
      return departCaller(state, caller, at, 'removed', [{ key: 'caller.removed' }]);
    }
    case 'listen-mode':
      return meeting === null ? { state, effects: [] } : setListenMode(state, meeting, command.on);
    case 'lock':
      return meeting === null
        ? { state, effects: [] }
        : { state: { ...state, meeting: { ...meeting, locked: command.locked } }, effects: [] };
    case 'admit': {
      const caller = inLobbyOrFirst(state, command.legId);
      return meeting === null || caller === undefined ? { state, effects: [] } : admitFromLobby(state, caller, meeting, at);
    }
    case 'refuse': {
      const caller = inLobbyOrFirst(state, command.legId);
      return caller === undefined ? { state, effects: [] } : refuseFromLobby(state, caller, at);
    }
    case 'disconnect-participants':
      return meeting === null ? { state, effects: [] } : disconnectParticipants(state, meeting, at);
    case 'end':
      return endForEveryone(state, at, command.reason, 'meeting-ended', [{ key: 'meeting.ended' }]);
    default:
      return assertNever(command);
  }
}

/** The caller in the lobby with this leg, or the first there. */
function inLobbyOrFirst(state: ConferenceState, legId: string | null): PresentCaller | undefined {
  const lobby = inLobby(state);
  return legId === null ? lobby[0] : lobby.find((caller) => caller.legId === legId);
}
