/**
 * The ports: the narrow interfaces through which the application talks to the
 * world. Adapters (ARI, SQLite, HTTP) implement them; tests implement them in
 * memory. Nothing here knows about ari-client, better-sqlite3 or express.
 *
 * Instants are milliseconds since the epoch (UTC) everywhere.
 */

import type { CodeRole, ConferenceSettings } from '../domain/conference/conference-settings';
import type { BridgeKind, LiveParticipantView } from '../domain/conference/conference-state';
import type { LegEndReason, LegOpened, MeetingEndReason, MeetingStarted } from '../domain/conference/legs-and-meetings';
import type { LiveCommand, LiveCommandResult } from '../domain/conference/live-commands';

// ---------------------------------------------------------------------------
// Telephony (implemented by adapters/ari)
// ---------------------------------------------------------------------------

/** What a new call tells us when it enters the Stasis application. */
export interface IncomingCall {
  channelId: string;
  /** Caller id number as Asterisk presents it; null when withheld/anonymous. */
  callerNumber: string | null;
  /** The access number the caller dialled (first Stasis argument). */
  dialledNumber: string;
  at: number;
}

/** Inbound telephony events, already translated from ARI into plain calls. */
export interface TelephonyListener {
  callArrived(call: IncomingCall): void;
  /** One keypad digit: 0-9, *, #, A-D. Fired at the end of the key press. */
  digitPressed(channelId: string, digit: string, at: number): void;
  /** The caller hung up, or the channel was destroyed for any reason. */
  callEnded(channelId: string, at: number): void;
  /** A playback started by `play`/`playToBridge` finished or was stopped. */
  playbackFinished(playbackId: string, at: number): void;
  /** The event connection to Asterisk went down or came (back) up. */
  connectionChanged(connected: boolean, at: number): void;
}

export interface BridgeMembership {
  /** Join muted: the caller is not heard (ARI mute direction `in`). */
  muted: boolean;
}

/**
 * Outbound telephony commands. Every method rejects with `ChannelGoneError`
 * when the channel no longer exists (the caller has just hung up), and with
 * `TelephonyError` for any other failure, including a timeout.
 */
export interface Telephony {
  answer(channelId: string): Promise<void>;
  hangup(channelId: string): Promise<void>;
  /** Plays the media URIs in order (`sound:conf-getpin`, `number:5`, ...). */
  play(channelId: string, media: readonly string[], playbackId: string, language?: string): Promise<void>;
  /** Stops a playback early (barge-in). A playback that already ended is not an error. */
  stopPlayback(playbackId: string): Promise<void>;
  createBridge(bridgeId: string, kind: BridgeKind, name: string): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;
  /** Adds the channel with DTMF absorbed, so other callers never hear keypad tones. */
  addToBridge(bridgeId: string, channelId: string, membership: BridgeMembership): Promise<void>;
  removeFromBridge(bridgeId: string, channelId: string): Promise<void>;
  playToBridge(bridgeId: string, media: readonly string[], playbackId: string): Promise<void>;
  /** `muted = true`: others no longer hear this caller (direction `in`). */
  setMuted(channelId: string, muted: boolean): Promise<void>;
  setChannelVar(channelId: string, name: string, value: string): Promise<void>;
}

export class TelephonyError extends Error {
  constructor(
    message: string,
    readonly code: 'timeout' | 'failed' | 'not-found' | 'conflict' | 'bad-request' = 'failed',
  ) {
    super(message);
    this.name = 'TelephonyError';
  }
}

/** The channel is gone: an expected outcome when a caller hangs up mid-step. */
export class ChannelGoneError extends TelephonyError {
  constructor(readonly channelId: string) {
    super(`channel ${channelId} is gone`, 'not-found');
    this.name = 'ChannelGoneError';
  }
}

// ---------------------------------------------------------------------------
// Telephony snapshots (implemented by adapters/ari): what Asterisk holds now.
// Events during a gap in the event connection are lost, and a restarted app
// remembers nothing; these reads let the app rebuild its picture.
// ---------------------------------------------------------------------------

export interface BridgeSnapshot {
  bridgeId: string;
  /** Null for a bridge Kvorum would not have made. */
  kind: BridgeKind | null;
  name: string;
  channelIds: string[];
}

export interface ChannelSnapshot {
  channelId: string;
  /** ARI channel state: `Ring`, `Up`, … */
  state: string;
  callerNumber: string | null;
}

/** One channel in more detail: enough to treat it as a call that has just arrived. */
export interface ChannelDetails extends ChannelSnapshot {
  /** The access number the caller dialled (the Stasis argument), when Asterisk tells. */
  dialledNumber: string | null;
  /** When Asterisk created the channel; null when it does not tell. */
  createdAt: number | null;
}

export interface TelephonySnapshots {
  listBridges(): Promise<BridgeSnapshot[]>;
  listChannels(): Promise<ChannelSnapshot[]>;
  /** Rejects with ChannelGoneError. */
  describeChannel(channelId: string): Promise<ChannelDetails>;
  /** Ids of the channels currently in our Stasis application. */
  listAppChannelIds(): Promise<string[]>;
  /** The named channel variables; a variable that is not set is null. Rejects with ChannelGoneError. */
  getChannelVars<Name extends string>(channelId: string, names: readonly Name[]): Promise<Record<Name, string | null>>;
}

// ---------------------------------------------------------------------------
// Conferences (implemented by adapters/db)
// ---------------------------------------------------------------------------

export interface CodeMatch {
  role: CodeRole;
  conference: ConferenceSettings;
}

export interface ConferenceDirectory {
  /**
   * Finds the active conference whose code matches `digits` at instant `at`
   * (a code outside its validity window is unknown). Never logs the digits.
   */
  findByCode(digits: string, at: number): CodeMatch | null;
}

// ---------------------------------------------------------------------------
// Ledger (implemented by adapters/db): every write is durable by the end of
// the current turn of the event loop (see write-behind-ledger.ts).
// ---------------------------------------------------------------------------

export interface Ledger {
  openLeg(leg: LegOpened): void;
  /** The leg entered an open meeting: from here on it is billable. */
  legEnteredMeeting(legId: string, meetingId: string, at: number): void;
  closeLeg(legId: string, at: number, reason: LegEndReason): void;
  meetingStarted(meeting: MeetingStarted): void;
  meetingEnded(meetingId: string, at: number, reason: MeetingEndReason): void;
  /** Records that the given open legs were still alive at `at` (crash safety). */
  checkpoint(legIds: readonly string[], at: number): void;
}

/** An open leg as the ledger holds it: after a restart, a call that may still be up. */
export interface OpenLegRecord extends LegOpened {
  /** The meeting the leg entered; null while it waited. */
  meetingId: string | null;
  /** When the leg entered its meeting: billable from here. */
  enteredAt: number | null;
}

/** What a crash recovery closed and ended. */
export interface LostLegsRecovery {
  closedLegIds: string[];
  endedMeetingIds: string[];
}

/** Reads and repairs of the ledger for a restart after a crash (implemented by adapters/db). */
export interface LedgerRecovery {
  openLegs(): OpenLegRecord[];
  meeting(meetingId: string): { startedAt: number; endedAt: number | null } | null;
  /**
   * Closes every open leg whose channel is not in `stillAlive` at its last
   * sign of life (reason `lost`, estimated), and ends the meetings left
   * without an open leg. `at` bounds every estimate.
   */
  closeLostLegs(stillAlive: ReadonlySet<string>, at: number): LostLegsRecovery;
}

/** A conference's run-time settings by id, for conferences rebuilt after a restart. */
export interface ConferenceSettingsSource {
  /** Null when there is no such active conference (deleted meanwhile). */
  settingsOf(conferenceId: string): ConferenceSettings | null;
}

// ---------------------------------------------------------------------------
// Time and identity
// ---------------------------------------------------------------------------

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  after(ms: number, fire: () => void): TimerHandle;
}

export interface Ids {
  /** A new unique id, e.g. `leg-…`, `mtg-…`, `pb-…`, `br-…`. */
  next(prefix: string): string;
}

// ---------------------------------------------------------------------------
// Live control (implemented by the app, used by the admin API)
// ---------------------------------------------------------------------------

export interface LiveConferenceView {
  conferenceId: string;
  /** Null while callers wait for the leader. */
  meetingId: string | null;
  startedAt: number | null;
  locked: boolean;
  listenMode: boolean;
  endOnLeaderHangup: boolean;
  participants: LiveParticipantView[];
}

export interface LiveControl {
  list(): LiveConferenceView[];
  get(conferenceId: string): LiveConferenceView | null;
  command(conferenceId: string, command: LiveCommand): LiveCommandResult;
}
