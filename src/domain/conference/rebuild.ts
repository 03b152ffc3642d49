import type { ConferenceSettings } from './conference-settings';
import type { BridgeKind, LiveParticipantView } from './conference-state';
import type { PromptLanguage } from '../prompts/languages';
import type { ConferenceEffect, ConferenceRules, ConferenceState, ConferenceStep, Meeting, PresentCaller } from './conference-state';
import { callerLanguage, inMeeting } from './conference-state';
import { endForEveryone, limitTimers } from './meeting-end';
import { meetingLeftEmpty } from './departure';
import { needsAdmission } from './lobby';

/**
 * A caller found still connected after a gap or a restart, as the ledger and
 * the channel remember it: `joinedAt` is null if it was still waiting for the
 * leader or in the lobby; its mute, hand and name are as last remembered.
 */
export interface SurvivingCaller extends LiveParticipantView {
  /** The bridge of this conference the caller is in right now, if any. */
  bridge: BridgeKind | null;
  /** The language the caller chose for the call (the channel remembers it); null: the conference's. */
  chosenLanguage: PromptLanguage | null;
  /** The recording of the name they said, if they said one. */
  recordedName: string | null;
}

/** What survived of a conference: its callers and, if one was open, its meeting. */
export interface ConferenceSnapshot {
  callers: readonly SurvivingCaller[];
  meeting: Meeting | null;
}

/**
 * A conference rebuilt from what survived a crash of the app: the callers
 * still connected go on where they were, and the rules that would have
 * applied while nobody was watching apply now (`at`):
 * - an open meeting whose leaders are all gone, with automatic end on, ends
 *   as if the last leader had just left: the others hear "the leader has left";
 * - a meeting past its maximum duration ends; otherwise its timers restart
 *   for the time it has left;
 * - nobody waits for a leader while a meeting is open: a caller who was
 *   still waiting enters it now (muted in listen mode), or its lobby in a
 *   room that requires admission; a meeting with nobody in it but its lobby
 *   ends as empty, and its lobby waits for a leader again;
 * - every caller is put in the bridge its place needs, and its mute is set
 *   again to what was remembered (the memory is written after the mute, so
 *   a crash in between leaves the two apart; the memory wins);
 * - every caller hears the language they heard before (their own choice,
 *   else the conference's);
 * - with nobody left the meeting ends as empty.
 */
export function rebuildConference(
  settings: ConferenceSettings,
  rules: ConferenceRules,
  snapshot: ConferenceSnapshot,
  at: number,
): ConferenceStep {
  const { meeting } = snapshot;
  const callers = snapshot.callers.map((survivor) => present(survivor, settings, meeting, at));
  const state: ConferenceState = { settings, rules, callers, meeting };
  if (meeting === null) return { state, effects: callers.flatMap((caller, i) => placeEffects(caller, snapshot.callers[i]!, meeting)) };
  if (callers.length === 0) {
    return {
      state: { ...state, meeting: null },
      effects: [{ kind: 'meetingEnded', meetingId: meeting.id, at, reason: 'empty' }, { kind: 'releaseBridges' }],
    };
  }
  if (meeting.endOnLeaderHangup && !callers.some((caller) => caller.role === 'leader')) {
    return endForEveryone(state, at, 'leader-left', 'leader-left', [{ key: 'meeting.leader-left' }]);
  }
  if (inMeeting(state).length === 0) {
    const ended = meetingLeftEmpty(state, meeting, at);
    return {
      state: ended.state,
      effects: [...ended.effects, ...ended.state.callers.flatMap((caller, i) => placeEffects(caller, snapshot.callers[i]!, null))],
    };
  }
  const remainingMs = settings.maxDurationMs === null ? null : meeting.startedAt + settings.maxDurationMs - at;
  if (remainingMs !== null && remainingMs <= 0) {
    return endForEveryone(state, at, 'duration-limit', 'meeting-ended', [{ key: 'meeting.ended' }]);
  }
  const groupRemainingMs =
    meeting.groupSince === null || settings.groupTimeLimitMs === null ? null : meeting.groupSince + settings.groupTimeLimitMs - at;
  if (groupRemainingMs !== null && groupRemainingMs <= 0) {
    return endForEveryone(state, at, 'group-time-limit', 'meeting-ended', [{ key: 'meeting.ended' }]);
  }
  const effects = callers.flatMap((caller, i) => placeEffects(caller, snapshot.callers[i]!, meeting));
  if (remainingMs !== null) effects.push(...limitTimers('duration', meeting.id, remainingMs, rules.durationWarningMs));
  if (groupRemainingMs !== null) effects.push(...limitTimers('group', meeting.id, groupRemainingMs, rules.durationWarningMs));
  return { state, effects };
}

function present(survivor: SurvivingCaller, settings: ConferenceSettings, meeting: Meeting | null, at: number): PresentCaller {
  const base = {
    legId: survivor.legId,
    channelId: survivor.channelId,
    role: survivor.role,
    callerNumber: survivor.callerNumber,
    arrivedAt: survivor.arrivedAt,
    language: callerLanguage(survivor.chosenLanguage, settings),
    pendingKey: null,
    muted: survivor.muted,
    mutedByHost: survivor.mutedByHost,
    handRaisedAt: survivor.handRaisedAt,
    recordedName: survivor.recordedName,
  };
  if (meeting === null) return { ...base, joinedAt: null, place: 'waiting' };
  const entersNow = survivor.joinedAt === null;
  if (entersNow && needsAdmission(settings, survivor.role)) return { ...base, joinedAt: null, place: 'lobby' };
  const mutedByHost = entersNow ? survivor.mutedByHost || (meeting.listenMode && survivor.role === 'participant') : survivor.mutedByHost;
  return { ...base, joinedAt: survivor.joinedAt ?? at, place: 'meeting', muted: survivor.muted || mutedByHost, mutedByHost };
}

/** Puts the caller where its place says, and its mute where the memory says. */
function placeEffects(caller: PresentCaller, survivor: SurvivingCaller, meeting: Meeting | null): ConferenceEffect[] {
  const effects: ConferenceEffect[] = [];
  if (meeting !== null && caller.place === 'meeting' && survivor.joinedAt === null) {
    effects.push({ kind: 'legEnteredMeeting', legId: caller.legId, meetingId: meeting.id, at: caller.joinedAt ?? caller.arrivedAt });
  }
  const bridge: BridgeKind = caller.place === 'meeting' ? 'mixing' : 'holding';
  // Joining a bridge sets the mute as well; a caller already in place only needs the mute.
  if (survivor.bridge !== bridge) effects.push({ kind: 'moveToBridge', channelId: caller.channelId, bridge, muted: caller.muted });
  else if (caller.place === 'meeting') effects.push({ kind: 'setMuted', channelId: caller.channelId, muted: caller.muted });
  return effects;
}
