import type { ConferenceEffect, ConferenceState, ConferenceStep, Meeting, PresentCaller } from './conference-state';
import { replaceCaller, tell } from './conference-state';
import { helpLine } from '../keypad/keypad-help';

/** Who mutes or unmutes a caller: the leaders' side (the keypad's listen mode, an admin, the floor) or the caller. */
export type MutedBy = 'host' | 'self';

/**
 * Listen mode on mutes everyone in the meeting but the leaders; off unmutes
 * them all again, including anyone muted on their own (one switch, one
 * meaning). Callers in the lobby are not in the meeting yet: they join as the
 * switch is when they are let in.
 */
export function setListenMode(state: ConferenceState, meeting: Meeting, on: boolean): ConferenceStep {
  const effects: ConferenceEffect[] = [];
  const callers = state.callers.map((caller) => {
    if (caller.role === 'leader' || caller.place !== 'meeting') return caller;
    if (caller.muted !== on) effects.push({ kind: 'setMuted', channelId: caller.channelId, muted: on });
    return { ...caller, muted: on, mutedByHost: on };
  });
  return { state: { ...state, callers, meeting: { ...meeting, listenMode: on } }, effects };
}

/**
 * Mutes or unmutes one caller, on `by`'s account (an unmuted caller is
 * nobody's); a caller not in the meeting takes the setting into it.
 */
export function setCallerMuted(state: ConferenceState, caller: PresentCaller, muted: boolean, by: MutedBy): ConferenceStep {
  const effects: ConferenceEffect[] =
    caller.place === 'meeting' && caller.muted !== muted ? [{ kind: 'setMuted', channelId: caller.channelId, muted }] : [];
  return { state: replaceCaller(state, { ...caller, muted, mutedByHost: muted && by === 'host' }), effects };
}

/**
 * `*6`: a caller mutes or unmutes themself and hears which. A participant
 * the leaders' side has muted cannot: they hear so, and how to raise their
 * hand instead. A leader always can (MeetAt's `*6`).
 */
export function toggleOwnMute(state: ConferenceState, caller: PresentCaller): ConferenceStep {
  if (caller.role === 'participant' && caller.mutedByHost) {
    return { state, effects: [tell(caller, { key: 'caller.muted-by-host' }, ...helpLine('participant', 'toggle-hand'))] };
  }
  const muted = !caller.muted;
  const step = setCallerMuted(state, caller, muted, 'self');
  return { state: step.state, effects: [...step.effects, tell(caller, { key: muted ? 'caller.muted' : 'caller.unmuted' })] };
}
