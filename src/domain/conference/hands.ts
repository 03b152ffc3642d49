import type { ConferenceEffect, ConferenceState, ConferenceStep, PresentCaller } from './conference-state';
import { inMeeting, replaceCaller, tell, tellLeaders } from './conference-state';
import { setCallerMuted } from './muting';

/**
 * Raised hands: a participant in the meeting raises or lowers theirs
 * (`*9`); a leader gives the floor to the first hand raised (`*9`), which
 * unmutes that caller and lowers the hand.
 */

/** The hands up in the meeting, first raised first (arrival order between equals). */
export function raisedHands(state: ConferenceState): PresentCaller[] {
  return inMeeting(state)
    .filter((caller) => caller.handRaisedAt !== null)
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0));
}

/** The caller hears where their hand is; the leaders hear of the first hand to go up. */
export function toggleHand(state: ConferenceState, caller: PresentCaller, at: number): ConferenceStep {
  if (caller.handRaisedAt !== null) {
    return { state: replaceCaller(state, { ...caller, handRaisedAt: null }), effects: [tell(caller, { key: 'hand.lowered' })] };
  }
  const first = raisedHands(state).length === 0;
  const next = replaceCaller(state, { ...caller, handRaisedAt: at });
  const effects: ConferenceEffect[] = [tell(caller, { key: 'hand.raised' })];
  if (first) effects.push(...tellLeaders(next, caller, { key: 'hands.first-raised' }));
  return { state: next, effects };
}

/** The first raised hand gets the floor: unmuted, told so, the hand down; `leader` hears it was given, or that no hand is up. */
export function giveFloor(state: ConferenceState, leader: PresentCaller): ConferenceStep {
  const first = raisedHands(state)[0];
  if (first === undefined) return { state, effects: [tell(leader, { key: 'hands.count', count: 0 })] };
  const unmuted = setCallerMuted(state, first, false, 'host');
  const caller = unmuted.state.callers.find((present) => present.legId === first.legId) ?? first;
  return {
    state: replaceCaller(unmuted.state, { ...caller, handRaisedAt: null }),
    effects: [tell(leader, { key: 'hands.floor-given' }), ...unmuted.effects, tell(first, { key: 'hand.floor-given' })],
  };
}
