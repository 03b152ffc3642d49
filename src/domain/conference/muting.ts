import type { ConferenceEffect, ConferenceState, ConferenceStep, Meeting, PresentCaller } from './conference-state';
import { replaceCaller } from './conference-state';

/**
 * Listen mode on mutes everyone in the meeting but the leaders; off unmutes
 * them all again, including anyone muted on their own (one switch, one meaning).
 */
export function setListenMode(state: ConferenceState, meeting: Meeting, on: boolean): ConferenceStep {
  const effects: ConferenceEffect[] = [];
  const callers = state.callers.map((caller) => {
    if (caller.role === 'leader' || caller.muted === on) return caller;
    effects.push({ kind: 'setMuted', channelId: caller.channelId, muted: on });
    return { ...caller, muted: on };
  });
  return { state: { ...state, callers, meeting: { ...meeting, listenMode: on } }, effects };
}

/** Mutes or unmutes one caller; a waiting caller takes the setting into the meeting. */
export function setCallerMuted(state: ConferenceState, caller: PresentCaller, muted: boolean): ConferenceStep {
  const effects: ConferenceEffect[] =
    caller.place === 'meeting' && caller.muted !== muted ? [{ kind: 'setMuted', channelId: caller.channelId, muted }] : [];
  return { state: replaceCaller(state, { ...caller, muted }), effects };
}
