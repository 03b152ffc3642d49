import { type BridgeKind } from '../../src/domain/conference/conference-state';
import type { PromptLanguage } from '../../src/domain/prompts/languages';
import type { Heard } from './heard';
import {
  ChannelGoneError,
  TelephonyError,
  type BridgeMembership,
  type HangupReason,
  type Telephony,
  type TelephonyListener,
} from '../../src/app/ports/telephony';

export type PlaybackState = 'playing' | 'done' | 'stopped';

export interface SimulatedPlayback {
  id: string;
  media: readonly string[];
  language: PromptLanguage;
  state: PlaybackState;
  /** The channel it plays to, or null when it plays to a bridge. */
  channelId: string | null;
  bridgeId: string | null;
}

export interface SimulatedChannel {
  id: string;
  answered: boolean;
  /** The app indicated ringing while the call was not answered. */
  rang: boolean;
  /** Gone: hung up by the caller or by the app. */
  gone: boolean;
  hungUpByApp: boolean;
  /** The reason the app hung up with (`normal` unless it said otherwise); null while it has not. */
  hangupReason: HangupReason | null;
  muted: boolean;
  bridgeId: string | null;
  variables: Map<string, string>;
  /** How many times the app wrote a variable of this channel: each write is one ARI request. */
  variableWrites: number;
  /** Every media item played to this caller, in order, whether to the channel or to its bridge, with its language. */
  heard: Heard[];
}

export interface SimulatedBridge {
  id: string;
  kind: BridgeKind;
  members: Set<string>;
  destroyed: boolean;
}

/** A name being recorded on a channel, or done (then stored until deleted). */
export interface SimulatedRecording {
  name: string;
  channelId: string;
  state: 'recording' | 'done';
  maxSeconds: number;
}

type Method = keyof Telephony;

/**
 * Telephony in memory: channels, bridges, playbacks and mute, so a test can
 * ask what each caller heard, where they are and who hears whom. Like
 * Asterisk, it answers the app asynchronously: playback ends and hang-ups
 * come back as events after the command has returned. With `instant`
 * playbacks every playback ends by itself right away; with `manual` ones the
 * test ends them (`finishPlayback`) to look at a prompt while it plays.
 */
export class InMemoryTelephony implements Telephony {
  readonly channels = new Map<string, SimulatedChannel>();
  readonly bridges = new Map<string, SimulatedBridge>();
  readonly playbacks = new Map<string, SimulatedPlayback>();
  /** Recordings made, by name; a stored one stays until deleted. */
  readonly recordings = new Map<string, SimulatedRecording>();
  private listener: TelephonyListener | null = null;
  private readonly failures: Array<{ method: Method; channelId: string; error: Error }> = [];
  private pendingEvents = 0;

  constructor(
    private readonly now: () => number,
    private readonly playbackMode: 'instant' | 'manual' = 'instant',
  ) {}

  connect(listener: TelephonyListener): void {
    this.listener = listener;
  }

  /** A caller's call enters the app. */
  ring(channelId: string, callerNumber: string | null, dialledNumber: string): void {
    this.channels.set(channelId, {
      id: channelId,
      answered: false,
      rang: false,
      gone: false,
      hungUpByApp: false,
      hangupReason: null,
      muted: false,
      bridgeId: null,
      variables: new Map(),
      variableWrites: 0,
      heard: [],
    });
    this.listener?.callArrived({ channelId, callerNumber, dialledNumber, at: this.now() });
  }

  press(channelId: string, digit: string): void {
    this.listener?.digitPressed(channelId, digit, this.now());
  }

  /** The caller hangs up. */
  hangUpCaller(channelId: string): void {
    this.leave(this.channel(channelId));
    this.listener?.callEnded(channelId, this.now());
  }

  /** The next call of `method` on `channelId` fails with `error`. */
  failNext(method: Method, channelId: string, error: Error = new TelephonyError('simulated fault')): void {
    this.failures.push({ method, channelId, error });
  }

  finishPlayback(playbackId: string): void {
    const playback = this.playbacks.get(playbackId);
    if (playback?.state !== 'playing') return;
    playback.state = 'done';
    this.listener?.playbackFinished(playbackId, this.now());
  }

  /** The caller says their name for `seconds` and presses `#` (or the recording reaches its maximum). */
  finishRecording(channelId: string, seconds: number): void {
    const recording = [...this.recordings.values()].find((made) => made.channelId === channelId && made.state === 'recording');
    if (recording === undefined) throw new Error(`no recording on ${channelId}`);
    recording.state = 'done';
    this.listener?.recordingEnded(recording.name, Math.min(seconds, recording.maxSeconds), this.now());
  }

  /** The stored recordings (names of callers, until they are deleted). */
  storedRecordings(): string[] {
    return [...this.recordings.values()].filter((recording) => recording.state === 'done').map((recording) => recording.name);
  }

  /** The playbacks started on a channel, oldest first. */
  playbacksOf(channelId: string): SimulatedPlayback[] {
    return [...this.playbacks.values()].filter((playback) => playback.channelId === channelId);
  }

  channel(channelId: string): SimulatedChannel {
    const channel = this.channels.get(channelId);
    if (channel === undefined) throw new Error(`no channel ${channelId}`);
    return channel;
  }

  bridgeKindOf(channelId: string): BridgeKind | null {
    const bridgeId = this.channel(channelId).bridgeId;
    return bridgeId === null ? null : (this.bridges.get(bridgeId)?.kind ?? null);
  }

  /** In the same mixing bridge, and the speaker is not muted. */
  canHear(listenerId: string, speakerId: string): boolean {
    const listener = this.channel(listenerId);
    const speaker = this.channel(speakerId);
    if (listener.bridgeId === null || listener.bridgeId !== speaker.bridgeId || listenerId === speakerId) return false;
    return this.bridges.get(listener.bridgeId)?.kind === 'mixing' && !speaker.muted;
  }

  liveBridges(): SimulatedBridge[] {
    return [...this.bridges.values()].filter((bridge) => !bridge.destroyed);
  }

  /** Events still to be delivered to the app. */
  hasPendingEvents(): boolean {
    return this.pendingEvents > 0;
  }

  // ---- Telephony -----------------------------------------------------------

  async indicateRinging(channelId: string): Promise<void> {
    const channel = this.live(channelId, 'indicateRinging');
    if (!channel.answered) channel.rang = true;
  }

  async answer(channelId: string): Promise<void> {
    this.live(channelId, 'answer').answered = true;
  }

  async hangup(channelId: string, reason: HangupReason = 'normal'): Promise<void> {
    const channel = this.live(channelId, 'hangup');
    channel.hungUpByApp = true;
    channel.hangupReason = reason;
    this.leave(channel);
    this.later(() => this.listener?.callEnded(channelId, this.now()));
  }

  async play(channelId: string, media: readonly string[], playbackId: string, language: PromptLanguage): Promise<void> {
    const channel = this.live(channelId, 'play');
    channel.heard.push(...media.map((item) => ({ media: item, language })));
    this.startPlayback({ id: playbackId, media, language, state: 'playing', channelId, bridgeId: null });
  }

  async stopPlayback(playbackId: string): Promise<void> {
    const playback = this.playbacks.get(playbackId);
    if (playback?.state !== 'playing') return;
    playback.state = 'stopped';
    this.later(() => this.listener?.playbackFinished(playbackId, this.now()));
  }

  async createBridge(bridgeId: string, kind: BridgeKind): Promise<void> {
    if (this.bridges.has(bridgeId)) throw new TelephonyError(`bridge ${bridgeId} exists`, 'conflict');
    this.bridges.set(bridgeId, { id: bridgeId, kind, members: new Set(), destroyed: false });
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    const bridge = this.liveBridge(bridgeId);
    for (const member of bridge.members) this.channel(member).bridgeId = null;
    bridge.members.clear();
    bridge.destroyed = true;
  }

  async addToBridge(bridgeId: string, channelId: string, membership: BridgeMembership): Promise<void> {
    const channel = this.live(channelId, 'addToBridge');
    const bridge = this.liveBridge(bridgeId);
    if (channel.bridgeId !== null) throw new TelephonyError(`channel ${channelId} is already bridged`, 'conflict');
    bridge.members.add(channelId);
    channel.bridgeId = bridgeId;
    channel.muted = membership.muted;
  }

  async removeFromBridge(bridgeId: string, channelId: string): Promise<void> {
    const channel = this.live(channelId, 'removeFromBridge');
    this.liveBridge(bridgeId).members.delete(channelId);
    channel.bridgeId = null;
  }

  async playToBridge(bridgeId: string, media: readonly string[], playbackId: string, language: PromptLanguage): Promise<void> {
    const bridge = this.liveBridge(bridgeId);
    for (const member of bridge.members) this.channel(member).heard.push(...media.map((item) => ({ media: item, language })));
    this.startPlayback({ id: playbackId, media, language, state: 'playing', channelId: null, bridgeId });
  }

  async setMuted(channelId: string, muted: boolean): Promise<void> {
    this.live(channelId, 'setMuted').muted = muted;
  }

  async setChannelVar(channelId: string, name: string, value: string): Promise<void> {
    const channel = this.live(channelId, 'setChannelVar');
    channel.variables.set(name, value);
    channel.variableWrites += 1;
  }

  async recordName(channelId: string, recording: string, options: { maxSeconds: number }): Promise<void> {
    const channel = this.live(channelId, 'recordName');
    if (channel.bridgeId !== null) throw new TelephonyError(`channel ${channelId} is bridged`, 'conflict');
    channel.heard.push({ media: 'sound:beep', language: 'en' });
    this.recordings.set(recording, { name: recording, channelId, state: 'recording', maxSeconds: options.maxSeconds });
  }

  async cancelRecording(recording: string): Promise<void> {
    const made = this.recordings.get(recording);
    if (made?.state !== 'recording') return;
    this.recordings.delete(recording);
    this.later(() => this.listener?.recordingEnded(recording, 0, this.now()));
  }

  async deleteRecording(recording: string): Promise<void> {
    if (this.recordings.get(recording)?.state === 'done') this.recordings.delete(recording);
  }

  // ---- internals -----------------------------------------------------------

  private live(channelId: string, method: Method): SimulatedChannel {
    const failure = this.failures.findIndex((entry) => entry.method === method && entry.channelId === channelId);
    if (failure >= 0) throw this.failures.splice(failure, 1)[0]!.error;
    const channel = this.channels.get(channelId);
    if (channel === undefined || channel.gone) throw new ChannelGoneError(channelId);
    return channel;
  }

  private liveBridge(bridgeId: string): SimulatedBridge {
    const bridge = this.bridges.get(bridgeId);
    if (bridge === undefined || bridge.destroyed) throw new TelephonyError(`bridge ${bridgeId} not found`, 'not-found');
    return bridge;
  }

  private startPlayback(playback: SimulatedPlayback): void {
    this.playbacks.set(playback.id, playback);
    if (this.playbackMode === 'instant') this.later(() => this.finishPlayback(playback.id));
  }

  private leave(channel: SimulatedChannel): void {
    channel.gone = true;
    if (channel.bridgeId !== null) this.bridges.get(channel.bridgeId)?.members.delete(channel.id);
    channel.bridgeId = null;
    for (const playback of this.playbacks.values()) {
      if (playback.channelId === channel.id && playback.state === 'playing') {
        playback.state = 'stopped';
        this.later(() => this.listener?.playbackFinished(playback.id, this.now()));
      }
    }
    // As on Asterisk, a hang-up ends the recording; what was said so far is stored.
    for (const recording of this.recordings.values()) {
      if (recording.channelId !== channel.id || recording.state !== 'recording') continue;
      recording.state = 'done';
      this.later(() => this.listener?.recordingEnded(recording.name, 1, this.now()));
    }
  }

  /** Delivers an event after the current command has returned, as Asterisk's event socket does. */
  private later(deliver: () => void): void {
    this.pendingEvents++;
    setImmediate(() => {
      this.pendingEvents--;
      deliver();
    });
  }
}
