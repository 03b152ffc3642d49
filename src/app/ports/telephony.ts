import type { BridgeKind } from '../../domain/conference/conference-state';
import type { PromptLanguage } from '../../domain/prompts/languages';

/**
 * Telephony (implemented by adapters/ari): the calls' events coming in and the
 * commands going out. Nothing here knows about ari-client or ARI's JSON.
 */
/** What a new call tells us when it enters the Stasis application. */
export interface IncomingCall {
  channelId: string;
  /** Caller id number as Asterisk presents it (trimmed); null when withheld (`presentedCallerNumber`). */
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
  /**
   * A recording started by `recordName` ended (`#`, its maximum length, a
   * hang-up, a cancel): `seconds` it lasted, in whole seconds; null when it failed.
   */
  recordingEnded(recording: string, seconds: number | null, at: number): void;
  /** The event connection to Asterisk went down or came (back) up. */
  connectionChanged(connected: boolean, at: number): void;
}

/**
 * Why the app hangs a call up, as ARI names it: `normal` (cause 16, normal
 * clearing), or `congestion` (cause 34) for a call refused unanswered because
 * the bridge is overloaded: PJSIP answers it with 503, which the SIP edge
 * takes as "try the next media server".
 */
export type HangupReason = 'normal' | 'congestion';

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
  /** Ringing towards the caller of a channel not answered yet (SIP 180 Ringing). */
  indicateRinging(channelId: string): Promise<void>;
  answer(channelId: string): Promise<void>;
  /** Hangs up with reason `normal` unless told otherwise. */
  hangup(channelId: string, reason?: HangupReason): Promise<void>;
  /**
   * Plays the media URIs in order (`sound:kvorum/code-enter`, ...) as one
   * playback in `language`: Asterisk opens each sound from that language's folder.
   */
  play(channelId: string, media: readonly string[], playbackId: string, language: PromptLanguage): Promise<void>;
  /** Stops a playback early (barge-in). A playback that already ended is not an error. */
  stopPlayback(playbackId: string): Promise<void>;
  createBridge(bridgeId: string, kind: BridgeKind, name: string): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;
  /** Adds the channel with DTMF absorbed, so other callers never hear keypad tones. */
  addToBridge(bridgeId: string, channelId: string, membership: BridgeMembership): Promise<void>;
  removeFromBridge(bridgeId: string, channelId: string): Promise<void>;
  /**
   * Plays to everyone in the bridge, in `language`: a bridge playback is
   * played by a channel of its own, which would otherwise speak Asterisk's
   * default language rather than any caller's.
   */
  playToBridge(bridgeId: string, media: readonly string[], playbackId: string, language: PromptLanguage): Promise<void>;
  /** `muted = true`: others no longer hear this caller (direction `in`). */
  setMuted(channelId: string, muted: boolean): Promise<void>;
  /**
   * Records what the caller says into the stored recording `recording`,
   * after a beep, until `#` or `maxSeconds` (the channel must be in no
   * bridge). Asterisk runs it after a prompt playing to the channel; its end
   * comes as `recordingEnded`. Play it back as `recording:<recording>`.
   */
  recordName(channelId: string, recording: string, options: { maxSeconds: number }): Promise<void>;
  /** Stops a recording still running and discards it; one that already ended is not an error. */
  cancelRecording(recording: string): Promise<void>;
  /** Deletes a stored recording; one that does not exist is not an error. */
  deleteRecording(recording: string): Promise<void>;
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

// Telephony snapshots (implemented by adapters/ari): what Asterisk holds now. Events during a gap in the event connection are lost, and a restarted app remembers nothing; these reads let the app rebuild its picture.
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
  /** The names of the recordings Asterisk has stored (every application's). */
  listStoredRecordings(): Promise<string[]>;
}
