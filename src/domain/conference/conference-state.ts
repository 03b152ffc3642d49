import type { CodeRole, ConferenceSettings } from './conference-settings';
import type { LegEndReason, LegOpened, LegRole, MeetingEndReason, MeetingStarted } from './legs-and-meetings';
import type { PendingKey } from '../keypad/keypad';
import type { PromptLanguage } from '../prompts/languages';
import type { PromptRequest } from '../prompts/render';

/** Rules of the bridge that are the same for every conference. */
export interface ConferenceRules {
  /** Time allowed between the two keys of a leader command. */
  commandTimeoutMs: number;
  /** How long before the maximum duration the leaders are warned. */
  durationWarningMs: number;
}

/**
 * Where a caller is:
 * - `waiting`: in the holding bridge with music, before the leader opens the
 *   meeting; not charged;
 * - `lobby`: in the holding bridge with music while the meeting is open, in a
 *   room that requires admission, until a leader (or an admin) lets them in
 *   or turns them away; not charged;
 * - `meeting`: in the mixing bridge of the open meeting; charged from `joinedAt`.
 */
export type Place = 'waiting' | 'lobby' | 'meeting';

/** `holding`: where callers wait, each hearing music on hold; `mixing`: the meeting. */
export type BridgeKind = 'holding' | 'mixing';

/** A caller in a conference, as admins see it (and as the core and a restart build on it). */
export interface LiveParticipantView {
  legId: string;
  channelId: string;
  role: LegRole;
  callerNumber: string | null;
  /** When the caller reached the conference (code accepted). */
  arrivedAt: number;
  /** When the caller entered the open meeting; null while waiting for the leader or in the lobby. */
  joinedAt: number | null;
  /** Others do not hear this caller. */
  muted: boolean;
  /**
   * Muted by the leaders' side (listen mode, a room where participants join
   * muted, an admin): a participant cannot unmute themself, only raise their
   * hand. False for a caller who muted themself (and for anyone unmuted).
   */
  mutedByHost: boolean;
  /** When the caller raised their hand (`*9`); null while it is down. */
  handRaisedAt: number | null;
}

/** A caller whose code was accepted and who is still connected to the conference: what admins see of it, and more. */
export interface PresentCaller extends LiveParticipantView {
  place: Place;
  /** What this caller hears: the language they chose for their call, else the conference's (see `callerLanguage`). */
  language: PromptLanguage;
  /** The first key of a keypad command awaiting its second key. */
  pendingKey: PendingKey | null;
  /**
   * The stored recording of the name the caller said after the code (a room
   * with names on), announced to the leaders; null when they said none. It
   * lives as long as the call: the core asks for it to be forgotten when the
   * caller's leg closes.
   */
  recordedName: string | null;
}

/** One use of the conference: opened by a leader, closed by `##`, the leader leaving, the last caller leaving, ... */
export interface Meeting {
  id: string;
  /** Charging starts here. */
  startedAt: number;
  /** New callers other than leaders are turned away. */
  locked: boolean;
  /** Everyone but the leaders is muted, and newcomers join muted. */
  listenMode: boolean;
  endOnLeaderHangup: boolean;
  /**
   * When three or more people were first in the meeting at once, under a plan
   * with a group time limit; null while it is a one-to-one meeting (or
   * without such a limit). Once set it stays: the limit runs from then on.
   */
  groupSince: number | null;
}

/**
 * A standing room and its live meeting. `meeting === null` means nobody has
 * opened it yet: every caller present is waiting for a leader. Once a meeting
 * is open nobody waits for a leader: everyone present is in it, or in its
 * lobby when the room requires admission.
 */
export interface ConferenceState {
  settings: ConferenceSettings;
  rules: ConferenceRules;
  /** In arrival order. */
  callers: readonly PresentCaller[];
  meeting: Meeting | null;
}

/** What the app knows about a caller whose code was just accepted. */
export interface Admission {
  legId: string;
  channelId: string;
  codeRole: CodeRole;
  callerNumber: string | null;
  dialledNumber: string;
  /** When the call arrived at the bridge (before the code was typed). */
  calledAt: number;
  /** The language the caller chose for the call while typing the code (the switch key); null: the conference's. */
  chosenLanguage: PromptLanguage | null;
  /** The recording of the name the caller said after the code (names on); null when none. */
  recordedName: string | null;
  /**
   * The core is pure and cannot make ids: the app passes a fresh meeting id
   * with each admission, used only if this caller opens a meeting.
   */
  newMeetingId: string;
}

/** Admin commands; they go through the same core rules as the keypad commands. */
export type LiveCommand =
  | { kind: 'mute'; legId: string; muted: boolean }
  | { kind: 'listen-mode'; on: boolean }
  | { kind: 'remove'; legId: string }
  | { kind: 'lock'; locked: boolean }
  /** Let a caller in from the lobby: the one with this leg, or (null) the first in the queue. */
  | { kind: 'admit'; legId: string | null }
  /** Turn a caller in the lobby away: the one with this leg, or (null) the first in the queue. */
  | { kind: 'refuse'; legId: string | null }
  /** Hang up every participant in the meeting; the leaders stay and the meeting goes on. */
  | { kind: 'disconnect-participants' }
  | { kind: 'end'; reason: 'ended-by-admin' | 'conference-deleted' };

/**
 * `nobody-waiting`: the lobby is empty (admit or refuse the next);
 * `not-waiting`: that caller is not in the lobby.
 */
export type LiveCommandResult = 'done' | 'no-live-meeting' | 'no-such-participant' | 'nobody-waiting' | 'not-waiting';

export type ConferenceTimer =
  | { kind: 'duration-warning'; meetingId: string }
  | { kind: 'duration-limit'; meetingId: string }
  /** The owner's plan limits group meetings (basic: 40 minutes from when it became one). */
  | { kind: 'group-warning'; meetingId: string }
  | { kind: 'group-limit'; meetingId: string };

/** A stable key per timer so the app can cancel what it started. */
export function timerKey(timer: ConferenceTimer): string {
  return `${timer.kind}:${timer.meetingId}`;
}

export type CallerLeftReason = Extract<LegEndReason, 'caller-hung-up' | 'lost'>;

export type ConferenceEvent =
  | { kind: 'callerAdmitted'; at: number; admission: Admission }
  | { kind: 'digit'; at: number; channelId: string; digit: string }
  /** The caller hung up (`caller-hung-up`) or the app lost the call to a fault (`lost`). */
  | { kind: 'callerLeft'; at: number; channelId: string; reason: CallerLeftReason }
  | { kind: 'timerFired'; at: number; timer: ConferenceTimer }
  | { kind: 'liveCommand'; at: number; command: LiveCommand }
  /** The bridge is stopping: everyone hears goodbye and is hung up. */
  | { kind: 'shutdown'; at: number };

export type ConferenceEffect =
  /** Put the channel in this conference's holding or mixing bridge, leaving the other one if it is there. */
  | { kind: 'moveToBridge'; channelId: string; bridge: BridgeKind; muted: boolean }
  | { kind: 'play'; channelId: string; language: PromptLanguage; prompts: readonly PromptRequest[] }
  /** Play to everyone in the meeting (the mixing bridge), in the conference's language. */
  | { kind: 'playToMeeting'; language: PromptLanguage; prompts: readonly PromptRequest[] }
  /** Play to the caller, then hang up. The caller is no longer part of the conference. */
  | { kind: 'farewell'; channelId: string; language: PromptLanguage; prompts: readonly PromptRequest[] }
  | { kind: 'setMuted'; channelId: string; muted: boolean }
  | { kind: 'startTimer'; timer: ConferenceTimer; ms: number }
  | { kind: 'cancelTimer'; timer: ConferenceTimer }
  | { kind: 'legOpened'; leg: LegOpened }
  | { kind: 'legEnteredMeeting'; legId: string; meetingId: string; at: number }
  | { kind: 'legClosed'; legId: string; channelId: string; at: number; reason: LegEndReason }
  | { kind: 'meetingStarted'; meeting: MeetingStarted }
  | { kind: 'meetingEnded'; meetingId: string; at: number; reason: MeetingEndReason }
  /**
   * The caller's leg closed: their recorded name is personal data and goes,
   * once the prompts already asked for that play it (a "has left") are over.
   */
  | { kind: 'forgetName'; recording: string }
  /** Nobody is left: the bridges can go once the last farewells have played. */
  | { kind: 'releaseBridges' };

export interface ConferenceStep {
  state: ConferenceState;
  effects: ConferenceEffect[];
}

export function createConference(settings: ConferenceSettings, rules: ConferenceRules): ConferenceState {
  return { settings, rules, callers: [], meeting: null };
}

/**
 * The language a caller hears in a conference: the one they chose for their
 * call with the switch key while typing the code, else the conference's.
 */
export function callerLanguage(chosenLanguage: PromptLanguage | null, settings: ConferenceSettings): PromptLanguage {
  return chosenLanguage ?? settings.language;
}

/** `prompts` to one caller, in the caller's language. */
export function tell(caller: PresentCaller, ...prompts: PromptRequest[]): ConferenceEffect {
  return { kind: 'play', channelId: caller.channelId, language: caller.language, prompts };
}

/** `prompts` to the caller, who is then hung up, in the caller's language. */
export function farewell(caller: PresentCaller, prompts: readonly PromptRequest[]): ConferenceEffect {
  return { kind: 'farewell', channelId: caller.channelId, language: caller.language, prompts };
}

/** `prompts` (tones) to everyone in the meeting: one playback, in the conference's language. */
export function announce(state: ConferenceState, ...prompts: PromptRequest[]): ConferenceEffect {
  return { kind: 'playToMeeting', language: state.settings.language, prompts };
}

/** `prompts` to each leader in the meeting but `except`, each in their own language. */
export function tellLeaders(state: ConferenceState, except: PresentCaller | null, ...prompts: PromptRequest[]): ConferenceEffect[] {
  return inMeeting(state)
    .filter((caller) => caller.role === 'leader' && caller.legId !== except?.legId)
    .map((leader) => tell(leader, ...prompts));
}

/** The caller's leg closes: the ledger row, and their recorded name goes. */
export function closeLeg(caller: PresentCaller, at: number, reason: LegEndReason): ConferenceEffect[] {
  return [{ kind: 'legClosed', legId: caller.legId, channelId: caller.channelId, at, reason }, ...forgetName(caller)];
}

/** The caller's recorded name goes, if they said one: put after any prompt of the same step that plays it. */
export function forgetName(caller: PresentCaller): ConferenceEffect[] {
  return caller.recordedName === null ? [] : [{ kind: 'forgetName', recording: caller.recordedName }];
}

export function inMeeting(state: ConferenceState): PresentCaller[] {
  return state.callers.filter((caller) => caller.place === 'meeting');
}

/** The callers in the lobby, first come first served. */
export function inLobby(state: ConferenceState): PresentCaller[] {
  return state.callers.filter((caller) => caller.place === 'lobby');
}

export function replaceCaller(state: ConferenceState, updated: PresentCaller): ConferenceState {
  return { ...state, callers: state.callers.map((caller) => (caller.legId === updated.legId ? updated : caller)) };
}
