import type { LegRole } from './legs-and-meetings';
import { assertNever } from '../assert-never';
import type { PromptRequest } from '../prompts/render';
import type { Admission, ConferenceEffect, ConferenceState, ConferenceStep, Meeting, PresentCaller } from './conference-state';
import { announce, callerLanguage, farewell, inMeeting, tell } from './conference-state';
import { groupLimitStarts, limitTimers } from './meeting-end';
import { hasRoomFor } from '../room-types';

/**
 * A caller's code was accepted. Who gets in, and how:
 * - a leader always gets in, even when the meeting is locked or full (a
 *   leader whose line dropped must be able to come back); with no meeting
 *   open, the leader opens one: it starts now (charging starts), everyone
 *   waiting is moved in, and the leader hears how many others are there;
 * - a single-code caller is the leader when no meeting is open, otherwise a
 *   participant;
 * - a participant is turned away when the meeting is locked ("locked") or
 *   the room is full ("full": everyone present counts, leaders too; see
 *   `hasRoomFor` in room-types.ts);
 *   otherwise waits for the leader with music, or joins the open meeting,
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
    pendingKey: null,
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
  const effects: ConferenceEffect[] = [...enterMeeting(leader, state.meeting, at)];
  if (state.settings.joinLeaveTones && others > 0) effects.push(announce(state, JOIN_TONE));
  effects.push(tell(leader, { key: 'meeting.others-present', count: others }));
  return { state: withCaller(state, { ...leader, place: 'meeting', joinedAt: at }), effects };
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
  const waiting = state.callers;
  const inside = (caller: PresentCaller): PresentCaller => ({ ...caller, place: 'meeting', joinedAt: at });
  const movedIn = waiting.map(inside);
  const openedBy = inside(leader);
  for (const caller of movedIn) effects.push(...enterMeeting(caller, meeting, at));
  effects.push(...enterMeeting(openedBy, meeting, at));
  // The tone tells those who waited that the meeting has begun; the leader hears the head count.
  if (settings.joinLeaveTones && waiting.length > 0) effects.push(announce(state, JOIN_TONE));
  effects.push(tell(leader, { key: 'meeting.others-present', count: waiting.length }));
  if (settings.maxDurationMs !== null)
    effects.push(...limitTimers('duration', meetingId, settings.maxDurationMs, state.rules.durationWarningMs));
  return { state: { ...state, callers: [...movedIn, openedBy], meeting }, effects };
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
  const joining: PresentCaller = { ...caller, place: 'meeting', joinedAt: at, muted: caller.muted || meeting.listenMode };
  const effects: ConferenceEffect[] = [...enterMeeting(joining, meeting, at)];
  // The tone follows the newcomer in: played while the newcomer's move is still
  // on its way, it would be cut when Asterisk turns a two-party bridge into a
  // conference mix, and those inside would not hear it.
  if (settings.joinLeaveTones) effects.push(announce(state, JOIN_TONE));
  if (joining.muted) effects.push(tell(joining, { key: 'caller.muted' }));
  return { state: withCaller(state, joining), effects };
}

function turnAway(
  state: ConferenceState,
  caller: PresentCaller,
  at: number,
  reason: 'locked' | 'full',
  why: PromptRequest,
): ConferenceStep {
  return {
    state,
    effects: [farewell(caller, [why]), { kind: 'legClosed', legId: caller.legId, channelId: caller.channelId, at, reason }],
  };
}

const JOIN_TONE: PromptRequest = { key: 'tone.join' };

function enterMeeting(caller: PresentCaller, meeting: Meeting, at: number): ConferenceEffect[] {
  return [
    { kind: 'moveToBridge', channelId: caller.channelId, bridge: 'mixing', muted: caller.muted },
    { kind: 'legEnteredMeeting', legId: caller.legId, meetingId: meeting.id, at },
  ];
}

function withCaller(state: ConferenceState, caller: PresentCaller): ConferenceState {
  return { ...state, callers: [...state.callers, caller] };
}
