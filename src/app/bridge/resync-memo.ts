import type { ConferenceState, Meeting, PresentCaller } from '../../domain/conference/conference-state';
import { isPromptLanguage, type PromptLanguage } from '../../domain/prompts/languages';

/**
 * What each caller's channel remembers for a restart, in one channel
 * variable: the caller's leg (and, for whoever reads the channel in
 * Asterisk, the role and the conference), whether the caller is muted (and
 * by whom), their raised hand, whether they said their name (the
 * recording's name follows from the leg), and the switches of the meeting
 * (Asterisk cannot be asked about a channel's mute, and a meeting has no
 * place of its own in Asterisk to keep its lock or listen mode). The ledger
 * keeps the rest (role, meeting, times). Written whenever it changes; one
 * variable, so one request per change.
 *
 * A switch must not cost a request per caller, so that a `*5` or `*7` in a
 * room of a hundred is not a hundred writes:
 * - the meeting's switches travel in the leaders' memos only, and in
 *   everyone's while no leader is there (an admin may still switch them);
 * - a participant in the meeting whose mute is what listen mode gives
 *   (muted by the host while it is on, unmuted while it is off) remembers
 *   `muted=listen`, and a restart gives them the mute of the listen mode
 *   it reads. Only a participant whose mute is their own (muted by
 *   themself, given the floor) remembers it as such.
 */
export const MEMO_VARIABLE = 'KVORUM_STATE';

/**
 * Where Kvorum kept the leg before the memo carried it. Read only when a
 * memo has no leg: a call that a Kvorum of an earlier release left behind
 * when it was replaced by this one.
 */
export const EARLIER_LEG_VARIABLE = 'KVORUM_LEG';

/**
 * The language a caller chose for the call with the switch key, set when
 * they choose it (code entry is not a conference's, so it is not in the
 * memo above) and kept by the channel for the rest of the call.
 */
export const LANGUAGE_VARIABLE = 'KVORUM_LANGUAGE';

/** The channel's own language in Asterisk: what the dialplan, or a playback without a language, speaks. */
export const CHANNEL_LANGUAGE = 'CHANNEL(language)';

/** Null when the caller never chose, or the value is not a language Kvorum speaks. */
export function readLanguageMemo(value: string | null): PromptLanguage | null {
  return value !== null && isPromptLanguage(value) ? value : null;
}

/** A caller's mute as remembered: their own, or whatever the meeting's listen mode is. */
export type MemoMute = Pick<PresentCaller, 'muted' | 'mutedByHost'> | 'as-listen-mode';

export interface CallerMemo {
  /** Null in a memo written before the memo carried the leg. */
  legId: string | null;
  mute: MemoMute;
  handRaisedAt: number | null;
  named: boolean;
  /** The meeting's switches, in the memos that carry them; null in the others. */
  meeting: Pick<Meeting, 'id' | 'locked' | 'listenMode' | 'endOnLeaderHangup'> | null;
}

/** Whose memos carry the meeting's switches: the leaders', or everyone's while no leader is there. */
function switchCarriers(state: ConferenceState): (caller: PresentCaller) => boolean {
  const leaderThere = state.callers.some((caller) => caller.role === 'leader');
  return (caller) => !leaderThere || caller.role === 'leader';
}

/** Whether the caller's mute is the one listen mode gives everyone in the meeting but the leaders. */
function muteIsListenMode(caller: PresentCaller, meeting: Meeting | null): boolean {
  return (
    meeting !== null &&
    caller.role === 'participant' &&
    caller.place === 'meeting' &&
    caller.muted === meeting.listenMode &&
    caller.mutedByHost === meeting.listenMode
  );
}

export function writeMemo(conferenceId: string, caller: PresentCaller, meeting: Meeting | null, carriesSwitches: boolean): string {
  const mute = muteIsListenMode(caller, meeting) ? 'listen' : bit(caller.muted);
  const flags = [`leg=${caller.legId}`, `role=${caller.role}`, `conference=${conferenceId}`, `muted=${mute}`];
  if (caller.mutedByHost && mute !== 'listen') flags.push('host=1');
  if (caller.handRaisedAt !== null) flags.push(`hand=${caller.handRaisedAt}`);
  if (caller.recordedName !== null) flags.push('name=1');
  if (meeting !== null && carriesSwitches) {
    flags.push(
      `meeting=${meeting.id}`,
      `locked=${bit(meeting.locked)}`,
      `listen=${bit(meeting.listenMode)}`,
      `autoend=${bit(meeting.endOnLeaderHangup)}`,
    );
  }
  return flags.join(';');
}

/** The mute a remembered caller is given back, once the meeting's listen mode is known (off without a meeting). */
export function rememberedMute(mute: MemoMute, listenMode: boolean): Pick<PresentCaller, 'muted' | 'mutedByHost'> {
  return mute === 'as-listen-mode' ? { muted: listenMode, mutedByHost: listenMode } : mute;
}

/** Null for a missing or unreadable memo. */
export function readMemo(value: string | null): CallerMemo | null {
  if (value === null) return null;
  const fields = new Map(value.split(';').map((pair) => pair.split('=', 2) as [string, string | undefined]));
  const muted = fields.get('muted');
  if (muted !== '0' && muted !== '1' && muted !== 'listen') return null;
  const meetingId = fields.get('meeting');
  const hand = Number(fields.get('hand'));
  return {
    legId: fields.get('leg') || null,
    mute: muted === 'listen' ? 'as-listen-mode' : { muted: muted === '1', mutedByHost: muted === '1' && fields.get('host') === '1' },
    handRaisedAt: Number.isSafeInteger(hand) ? hand : null,
    named: fields.get('name') === '1',
    meeting:
      meetingId === undefined
        ? null
        : {
            id: meetingId,
            locked: fields.get('locked') === '1',
            listenMode: fields.get('listen') === '1',
            endOnLeaderHangup: fields.get('autoend') === '1',
          },
  };
}

/** The memos that differ between two states of a conference, for the callers still in it. */
export function changedMemos(before: ConferenceState | null, after: ConferenceState): Array<{ channelId: string; memo: string }> {
  if (before !== null && before.callers === after.callers && before.meeting === after.meeting) return [];
  const previous = before === null ? new Map<string, string>() : memosOf(before);
  return [...memosOf(after)].flatMap(([channelId, memo]) => (previous.get(channelId) === memo ? [] : [{ channelId, memo }]));
}

/** Each caller's memo in a state of the conference, by channel. */
function memosOf(state: ConferenceState): Map<string, string> {
  const carries = switchCarriers(state);
  const conferenceId = state.settings.conferenceId;
  return new Map(state.callers.map((caller) => [caller.channelId, writeMemo(conferenceId, caller, state.meeting, carries(caller))]));
}

function bit(flag: boolean): '0' | '1' {
  return flag ? '1' : '0';
}
