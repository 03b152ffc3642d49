import type { LegRole } from './legs-and-meetings';
import { assertNever } from '../assert-never';
import type { PromptRequest } from '../prompts/render';
import type { Admission, ConferenceEffect, ConferenceState, ConferenceStep, Meeting, PresentCaller } from './conference-state';
import { announce, callerLanguage, closeLeg, farewell, inMeeting, tell } from './conference-state';
import { announceJoin, enterMeeting, JOIN_TONE, joinMeeting } from './joining';
import { enterLobby, lobbyOnOpening, needsAdmission } from './lobby';
import { groupLimitStarts, limitTimers } from './meeting-end';
import { hasRoomFor } from '../room-types';

/**
 * A caller's code was accepted. Who gets in, and how:
 * - a leader always gets in, even when the meeting is locked or full (a
 *   leader whose line dropped must be able to come back); with no meeting
 *   open, the leader opens one: it starts now (charging starts), everyone
 *   waiting is moved in (in a room that requires admission, participants
 *   stay in its lobby instead), and the leader hears how many others are
 *   there, and who waits in the lobby;
 * - a single-code caller is the leader when no meeting is open, otherwise a
 *   participant;
 * - a participant is turned away when the meeting is locked ("locked") or
 *   the room is full ("full": everyone present counts, leaders too, and
 *   whoever waits in the lobby; see `hasRoomFor` in room-types.ts);
 *   otherwise waits for the leader with music, waits in the lobby of an open
 *   meeting of a room that requires admission, or joins the open meeting,
 *   muted in listen mode or in a room where participants join muted (and
 *   then hears "you are muted");
 * - a third person in the meeting starts the group time limit of the
 *   owner's plan, if it has one.
 * Every admission opens a leg; a caller turned away has it closed at once.
 * What the caller hears from here is in the conference's language, unless
 * they chose English while typing the code.
 */
export function admitCaller(state: ConferenceState, admission: Admission, at: number): ConferenceStep {
  const role = roleFor(state, admission);
  const opened: ConferenceEffect = {
    kind: 'legOpened',
    leg: {
      legId: admission.legId,
      channelId: admission.channelId,
      conferenceId: state.settings.conferenceId,
      role,
      callerNumber: admission.callerNumber,
      dialledNumber: admission.dialledNumber,
      calledAt: admission.calledAt,
    },
  };
  const caller: PresentCaller = {
    legId: admission.legId,
    channelId: admission.channelId,
    role,
    callerNumber: admission.callerNumber,
    arrivedAt: at,
    joinedAt: null,
    place: 'waiting',
    language: callerLanguage(admission.chosenLanguage, state.settings),
    muted: role === 'participant' && state.settings.participantsJoinMuted,
    mutedByHost: role === 'participant' && state.settings.participantsJoinMuted,
    handRaisedAt: null,
    pendingKey: null,
    recordedName: admission.recordedName,
  };
  const next = role === 'leader' ? admitLeader(state, caller, admission, at) : admitParticipant(state, caller, at);
  const group = groupLimitStarts(next.state, at);
  return { state: group.state, effects: [opened, ...next.effects, ...group.effects] };
}

function roleFor(state: ConferenceState, admission: Admission): LegRole {
  switch (admission.codeRole) {
    case 'leader':
      return 'leader';
    case 'participant':
      return 'participant';
    case 'single':
      return state.meeting === null ? 'leader' : 'participant';
    default:
      return assertNever(admission.codeRole);
  }
}

function admitLeader(state: ConferenceState, leader: PresentCaller, admission: Admission, at: number): ConferenceStep {
  if (state.meeting === null) return openMeeting(state, leader, admission.newMeetingId, at);
  const others = inMeeting(state).length;
  const joining: PresentCaller = { ...leader, place: 'meeting', joinedAt: at };
  const next = withCaller(state, joining);
  const effects: ConferenceEffect[] = [...enterMeeting(joining, state.meeting, at)];
  if (others > 0) effects.push(...announceJoin(next, joining));
  effects.push(tell(leader, { key: 'meeting.others-present', count: others }));
  return { state: next, effects };
}

function openMeeting(state: ConferenceState, leader: PresentCaller, meetingId: string, at: number): ConferenceStep {
  const { settings } = state;
  const meeting: Meeting = {
    id: meetingId,
    startedAt: at,
    locked: false,
    listenMode: false,
    endOnLeaderHangup: settings.endOnLeaderHangup,
    groupSince: null,
  };
  const effects: ConferenceEffect[] = [
    { kind: 'meetingStarted', meeting: { meetingId, conferenceId: settings.conferenceId, organisationId: settings.organisationId, at } },
  ];
  const inside = (caller: PresentCaller): PresentCaller => ({ ...caller, place: 'meeting', joinedAt: at });
  // Those who waited go in, or into the lobby of a room that requires admission, in the order they came.
  const waited = state.callers.map((caller): PresentCaller =>
    needsAdmission(settings, caller.role) ? { ...caller, place: 'lobby' } : inside(caller),
  );
  const movedIn = waited.filter((caller) => caller.place === 'meeting');
  const openedBy = inside(leader);
  for (const caller of movedIn) effects.push(...enterMeeting(caller, meeting, at));
  effects.push(...enterMeeting(openedBy, meeting, at));
  const next: ConferenceState = { ...state, callers: [...waited, openedBy], meeting };
  // The tone tells those who waited that the meeting has begun; the leader hears the head count.
  if (settings.joinLeaveTones && movedIn.length > 0) effects.push(announce(state, JOIN_TONE));
  effects.push(tell(leader, { key: 'meeting.others-present', count: movedIn.length }));
  effects.push(...lobbyOnOpening(next, openedBy));
  if (settings.maxDurationMs !== null)
    effects.push(...limitTimers('duration', meetingId, settings.maxDurationMs, state.rules.durationWarningMs));
  return { state: next, effects };
}

function admitParticipant(state: ConferenceState, caller: PresentCaller, at: number): ConferenceStep {
  const { meeting, settings } = state;
  if (meeting?.locked) return turnAway(state, caller, at, 'locked', { key: 'admission.locked' });
  if (!hasRoomFor(settings.capacity, state.callers.length)) return turnAway(state, caller, at, 'full', { key: 'admission.full' });

  if (meeting === null) {
    return {
      state: withCaller(state, caller),
      effects: [
        // Into the waiting room first, then the prompt: Asterisk holds an
        // addChannel back until a prompt playing to the channel has ended.
        { kind: 'moveToBridge', channelId: caller.channelId, bridge: 'holding', muted: caller.muted },
        tell(caller, { key: 'admission.wait-for-leader' }),
      ],
    };
  }
  if (needsAdmission(settings, caller.role)) return enterLobby(state, caller);
  return joinMeeting(state, caller, meeting, at);
}

function turnAway(
  state: ConferenceState,
  caller: PresentCaller,
  at: number,
  reason: 'locked' | 'full',
  why: PromptRequest,
): ConferenceStep {
  return { state, effects: [farewell(caller, [why]), ...closeLeg(caller, at, reason)] };
}

function withCaller(state: ConferenceState, caller: PresentCaller): ConferenceState {
  return { ...state, callers: [...state.callers, caller] };
}
