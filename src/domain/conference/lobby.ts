import type { PromptRequest } from '../prompts/render';
import type { ConferenceSettings } from './conference-settings';
import type { ConferenceEffect, ConferenceState, ConferenceStep, Meeting, PresentCaller } from './conference-state';
import { inLobby, tell, tellLeaders } from './conference-state';
import { departCaller } from './departure';
import { joinMeeting } from './joining';
import type { LegRole } from './legs-and-meetings';
import { groupLimitStarts } from './meeting-end';

/**
 * The lobby of a room that requires admission: participants wait there,
 * with music and not charged, while the meeting is open, until a leader (the
 * keypad) or an admin (the API) lets them in or turns them away, first come
 * first served unless an admin names one. Leaders never wait there.
 */

/** Whether a caller of `role` waits in the lobby of an open meeting of this room. */
export function needsAdmission(settings: ConferenceSettings, role: LegRole): boolean {
  return settings.admissionRequired && role === 'participant';
}

/** Up to this many callers in the lobby when a meeting opens are announced one by one; more, by their number. */
const ANNOUNCED_ONE_BY_ONE = 3;

/** What the leaders hear of a caller who starts waiting: their recorded name, else their place in the queue. */
function waitingAnnouncement(state: ConferenceState, caller: PresentCaller): PromptRequest {
  if (caller.recordedName !== null) return { key: 'lobby.named-waiting', name: caller.recordedName };
  return { key: 'lobby.caller-waiting', count: inLobby(state).findIndex((waiting) => waiting.legId === caller.legId) + 1 };
}

/** A caller arrives at the open meeting of a room that requires admission: into the lobby, told so; the leaders hear it. */
export function enterLobby(state: ConferenceState, caller: PresentCaller): ConferenceStep {
  const waiting: PresentCaller = { ...caller, place: 'lobby' };
  const next: ConferenceState = { ...state, callers: [...state.callers, waiting] };
  return {
    state: next,
    effects: [
      // Into the waiting room first, then the prompt: Asterisk holds an
      // addChannel back until a prompt playing to the channel has ended.
      { kind: 'moveToBridge', channelId: waiting.channelId, bridge: 'holding', muted: waiting.muted },
      tell(waiting, { key: 'lobby.wait' }),
      ...tellLeaders(next, null, waitingAnnouncement(next, waiting)),
    ],
  };
}

/**
 * A meeting opened while callers of a room that requires admission were
 * waiting for the leader: they stay where they are (the holding bridge), now
 * in the lobby, and hear that the leader knows; `leader`, who opened it,
 * hears who is waiting.
 */
export function lobbyOnOpening(state: ConferenceState, leader: PresentCaller): ConferenceEffect[] {
  const waiting = inLobby(state);
  if (waiting.length === 0) return [];
  const forLeader =
    waiting.length <= ANNOUNCED_ONE_BY_ONE
      ? waiting.map((caller) => waitingAnnouncement(state, caller))
      : [{ key: 'lobby.waiting-count', count: waiting.length } as const];
  return [...waiting.map((caller) => tell(caller, { key: 'lobby.wait' })), tell(leader, ...forLeader)];
}

/**
 * Lets `caller` in from the lobby: they hear that they are placed in the
 * meeting, and join it as any newcomer does (muted in listen mode).
 */
export function admitFromLobby(state: ConferenceState, caller: PresentCaller, meeting: Meeting, at: number): ConferenceStep {
  const joined = joinMeeting(state, caller, meeting, at);
  const group = groupLimitStarts(joined.state, at);
  return { state: group.state, effects: [tell(caller, { key: 'lobby.admitted' }), ...joined.effects, ...group.effects] };
}

/** Turns `caller` away from the lobby: a polite refusal, then the hang-up. */
export function refuseFromLobby(state: ConferenceState, caller: PresentCaller, at: number): ConferenceStep {
  return departCaller(state, caller, at, 'refused', [{ key: 'lobby.refused' }]);
}

/**
 * A leader's `*8` (let in) or `#8` (turn away): the first in the lobby; the
 * leader hears it was done and how many still wait, or that nobody waits.
 */
export function decideNext(
  state: ConferenceState,
  meeting: Meeting,
  leader: PresentCaller,
  decision: 'admit' | 'refuse',
  at: number,
): ConferenceStep {
  const first = inLobby(state)[0];
  if (first === undefined) return { state, effects: [tell(leader, { key: 'lobby.waiting-count', count: 0 })] };
  const step = decision === 'admit' ? admitFromLobby(state, first, meeting, at) : refuseFromLobby(state, first, at);
  const left = inLobby(step.state).length;
  const done: PromptRequest = { key: decision === 'admit' ? 'lobby.let-in' : 'lobby.turned-away' };
  const answer = left === 0 ? tell(leader, done) : tell(leader, done, { key: 'lobby.waiting-count', count: left });
  return { state: step.state, effects: [answer, ...step.effects] };
}
