import { randomBytes, randomUUID } from 'node:crypto';
import { AriError } from './ari-error';
import type { AriEventType } from './api-docs/event-models';
import { ChannelControl } from './channel-control';
import { LatencyRecorder, preciseNow } from './latency';
import type { EventFilter } from './event-filter';
import type { MediaDurations } from './media-durations';
import { PlaybackEngine, RECORDING_SCHEME } from './playback-engine';
import { liveRecordingJson, RecordingEngine, storedRecordingJson, type RecordingRequest } from './recording-engine';
import {
  bridgeJson,
  channelJson,
  playbackJson,
  type PlaybackTarget,
  type SimBridge,
  type SimChannel,
  type SimPlayback,
} from './sim-objects';
import type { SimTrunkEnd } from './sim-trunk';
import type { SimTimers } from './timers';

/** Where events go: the event sockets. Events for an app without a socket are lost, as on Asterisk. */
export interface EventSink {
  /** `body` is called only if some app is sent the event. */
  send(apps: Iterable<string>, type: AriEventType, body: () => Record<string, unknown>): void;
  connectedApps(): string[];
}

export interface AddChannelOptions {
  role: string;
  absorbDtmf: boolean;
  mute: boolean;
}

export type MuteDirection = 'in' | 'out' | 'both';

const HANGUP_CAUSES: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 18,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};

const CAUSE_TEXT: Record<number, string> = {
  1: 'Unallocated (unassigned) number',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  26: 'Answered elsewhere',
  28: 'Invalid number format (incomplete number)',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  58: 'Bearer capability not available',
  127: 'Interworking, unspecified',
};

const NORMAL_CLEARING = 16;
/** What app.c plays before a recording when asked to beep. */
const BEEP = 'sound:beep';
/** Asterisk's `defaultlanguage` (asterisk.conf): a new channel's, and a bridge announcer's. */
const DEFAULT_LANGUAGE = 'en';
/** The channel's language as a dialplan function: ARI sets and reads it like a variable. */
const CHANNEL_LANGUAGE = 'CHANNEL(language)';
const BRIDGE_TYPE_FLAGS = new Set(['mixing', 'holding', 'dtmf_events', 'proxy_media', 'video_sfu', 'video_single']);
/**
 * The dialplan's fallback when Stasis() fails:
 * `Playback(all-circuits-busy-now&please-try-call-later)` then hang up.
 */
/** asterisk-config's dialplan for calls carried to another media server, and the variable its header is read into. */
const CARRY_CONTEXT = 'kvorum-carry';
const CARRIED_EXTENSION = 'carried';
const CARRY_VARIABLE = 'KVORUM_CARRY';

export const SERVICE_UNAVAILABLE_MEDIA: readonly string[] = ['sound:all-circuits-busy-now', 'sound:please-try-call-later'];

/**
 * The fake Asterisk: channels in Stasis, bridges and playbacks, changed by
 * REST requests and by simulated callers, reporting to apps with Asterisk's
 * events in Asterisk's order. Failed requests throw AriError.
 */
export class SimAsterisk {
  private readonly channels = new Map<string, SimChannel>();
  private readonly bridges = new Map<string, SimBridge>();
  private readonly playbacks: PlaybackEngine;
  private readonly recordings: RecordingEngine;
  private readonly controls = new Map<string, ChannelControl>();
  private channelSequence = 0;
  /** Keypad-to-reaction latency of the calls on this server (a carried caller's keys are measured where they arrive). */
  readonly latency = new LatencyRecorder();

  constructor(
    private readonly timers: SimTimers,
    private readonly mediaDurationMs: MediaDurations,
    private readonly sink: EventSink,
    /** The internal SIP trunk to the other media servers of a cluster; none for a lone Asterisk. */
    private readonly trunk: SimTrunkEnd | null = null,
    /** Shared by the servers of a cluster: a caller carried to a peer waits on changes there too. */
    private readonly changeListeners = new Set<() => void>(),
  ) {
    // A stored recording plays as long as it was recorded; one that does not exist is skipped (see PlaybackEngine).
    const durationOf: MediaDurations = (uri, language) =>
      uri.startsWith(RECORDING_SCHEME)
        ? this.recordings.storedDurationMs(uri.slice(RECORDING_SCHEME.length))
        : mediaDurationMs(uri, language);
    this.playbacks = new PlaybackEngine(timers, durationOf, {
      itemStarted: (playback, uri) => this.playbackItemStarted(playback, uri),
      publish: (playback, type) => this.emit(this.appsForTarget(playback.target), type, () => ({ playback: playbackJson(playback) })),
    });
    this.recordings = new RecordingEngine(timers, {
      publish: (recording, type) => {
        const channel = this.channels.get(recording.channelId);
        this.emit(channel ? this.appsOf(channel) : [], type, () => ({ recording: liveRecordingJson(recording) }));
      },
      beep: (channelId) => this.beep(channelId),
      isBridged: (channelId) => this.channels.get(channelId)?.bridge != null,
      recordingRuns: () => this.changed(),
    });
  }

  /** Its name on the internal trunk of a cluster; null for a lone Asterisk. */
  get serverId(): string | null {
    return this.trunk?.serverId ?? null;
  }

  /** Subscribe to every state change (for callers' waitUntil). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  // ---- the caller's side -------------------------------------------------

  /** A call arrives at the access number; the dialplan runs Stasis(app, accessNumber). */
  dial(accessNumber: string, callerId: string | null, app: string): SimChannel {
    return this.arrive('trunk', accessNumber, callerId, new Map(), app);
  }

  /**
   * A call from a peer over the internal trunk, as asterisk-config's
   * [kvorum-trunk-in] takes it: `Set(KVORUM_CARRY=${PJSIP_HEADER(read,X-Kvorum-Carry)})`
   * then `Stasis(app,carried)`. The caller id is whatever the peer's From said.
   */
  arriveOverTrunk(fromServer: string, callerId: string | null, carryHeader: string | undefined, app: string): SimChannel {
    const vars = new Map(carryHeader === undefined ? [] : [[CARRY_VARIABLE, carryHeader]]);
    return this.arrive(fromServer, CARRIED_EXTENSION, callerId, vars, app);
  }

  private arrive(endpoint: string, accessNumber: string, callerId: string | null, vars: Map<string, string>, app: string): SimChannel {
    this.channelSequence += 1;
    const channel: SimChannel = {
      id: `${Math.floor(Date.now() / 1000)}.${this.channelSequence}`,
      name: `PJSIP/${endpoint}-${this.channelSequence.toString(16).padStart(8, '0')}`,
      protocolId: randomBytes(8).toString('hex'),
      accessNumber,
      callerId,
      createdAt: Date.now(),
      app: null,
      state: 'Ring',
      hungUp: false,
      hangupCause: null,
      vars,
      mutedIn: false,
      mutedOut: false,
      moh: false,
      ringing: false,
      bridge: null,
      language: DEFAULT_LANGUAGE,
      heard: [],
      keysReceived: [],
      carriedTo: null,
      carriedFrom: null,
      firstBridgedAt: null,
      recordings: [],
    };
    this.channels.set(channel.id, channel);
    if (this.sink.connectedApps().includes(app)) {
      channel.app = app;
      this.emit([app], 'StasisStart', () => ({ args: [accessNumber], channel: channelJson(channel) }));
    } else {
      this.playServiceUnavailableAndHangUp(channel);
    }
    return channel;
  }

  callerPressed(channel: SimChannel, digit: string, durationMs: number): void {
    // Dial passes keypad tones on (RFC 4733) to the call's other end.
    if (channel.carriedTo !== null) return channel.carriedTo.asterisk.callerPressed(channel.carriedTo.channel, digit, durationMs);
    if (channel.hungUp || channel.app === null) return;
    const bridge = this.bridgeOf(channel);
    if (bridge) {
      bridge.lastDtmfChannelId = channel.id;
      this.passKeyToOthers(bridge, channel, digit);
    }
    this.emit([channel.app], 'ChannelDtmfReceived', () => ({ digit, duration_ms: durationMs, channel: channelJson(channel) }));
    // The app hears the key first (Asterisk reads the frame), then it ends a recording waiting for it.
    this.recordings.keyPressed(channel.id, digit);
  }

  /** The caller spoke for `ms` (simulated): a recording of the channel takes it in. */
  callerSpoke(channel: SimChannel, ms: number): void {
    this.recordings.spoke(channel.id, ms);
  }

  callerHungUp(channel: SimChannel): void {
    if (channel.hungUp) return;
    this.emit(this.appsOf(channel), 'ChannelHangupRequest', () => ({ cause: NORMAL_CLEARING, channel: channelJson(channel) }));
    this.destroyChannel(channel, NORMAL_CLEARING);
  }

  /** An Asterisk restart: every call, bridge and playback is gone, and no app is told. */
  forgetEverything(): void {
    this.playbacks.clear();
    this.recordings.forgetLive();
    this.controls.clear();
    for (const channel of this.channels.values()) channel.hungUp = true;
    this.channels.clear();
    this.bridges.clear();
    this.changed();
  }

  // ---- observation -------------------------------------------------------

  findChannel(id: string): SimChannel | undefined {
    return this.channels.get(id);
  }

  findBridge(id: string): SimBridge | undefined {
    return this.bridges.get(id);
  }

  findPlayback(id: string): SimPlayback | undefined {
    return this.playbacks.get(id);
  }

  allBridges(): SimBridge[] {
    return [...this.bridges.values()];
  }

  bridgeOf(channel: SimChannel): SimBridge | undefined {
    return channel.bridge ? this.bridges.get(channel.bridge.bridgeId) : undefined;
  }

  /**
   * Channel music on hold, or music the app started on the caller's bridge.
   * A holding bridge of ARI is silent by itself; and a caller being played a
   * prompt hears the prompt, not the bridge.
   */
  hasMusicOnHold(channel: SimChannel): boolean {
    if (channel.hungUp) return false;
    if (channel.moh) return true;
    const bridge = this.bridgeOf(channel);
    return bridge !== undefined && bridge.moh && !this.isHearingPrompt(channel);
  }

  /**
   * Voices travel in a mixing bridge only. A caller being played a prompt is
   * out of the mix until it ends (Asterisk suspends the channel from its
   * bridge to play the file): nobody hears them and they hear nobody.
   */
  canHear(listener: SimChannel, speaker: SimChannel): boolean {
    if (listener === speaker || listener.hungUp || speaker.hungUp) return false;
    if (listener.state !== 'Up' || speaker.state !== 'Up') return false;
    const bridge = this.bridgeOf(listener);
    if (!bridge || bridge.type !== 'mixing' || speaker.bridge?.bridgeId !== bridge.id) return false;
    if (this.isHearingPrompt(listener) || this.isHearingPrompt(speaker)) return false;
    return !speaker.mutedIn && !speaker.bridge.mutedByBridge && !listener.mutedOut;
  }

  /** A prompt played to the channel itself (not to its bridge) is sounding. */
  isHearingPrompt(channel: SimChannel): boolean {
    return this.playbacks.soundingOn({ kind: 'channel', id: channel.id }) !== undefined;
  }

  /** A recording of the channel is running (after its beep): what the caller says now goes into it. */
  isBeingRecorded(channel: SimChannel): boolean {
    return this.recordings.isRunningOn(channel.id);
  }

  /** A prompt to the channel, or a playback to its bridge, is sounding. */
  isBeingPlayedTo(channel: SimChannel): boolean {
    if (this.isHearingPrompt(channel)) return true;
    const bridge = this.bridgeOf(channel);
    return bridge !== undefined && this.playbacks.soundingOn({ kind: 'bridge', id: bridge.id }) !== undefined;
  }

  // ---- REST: channels ----------------------------------------------------

  listChannels(): object[] {
    return [...this.channels.values()].map(channelJson);
  }

  getChannel(id: string): object {
    return channelJson(this.requireChannel(id));
  }

  answer(id: string): Promise<void> {
    const channel = this.requireStasisChannel(id);
    return this.whenItsTurn(
      channel,
      () => {
        if (channel.state === 'Up') return;
        channel.state = 'Up';
        channel.ringing = false;
        this.emit(this.appsOf(channel), 'ChannelStateChange', () => ({ channel: channelJson(channel) }));
      },
      () => {
        throw new AriError(500, 'Failed to answer channel');
      },
    );
  }

  setRinging(id: string, ringing: boolean): void {
    const channel = this.requireStasisChannel(id);
    this.inItsTurn(channel, () => {
      channel.ringing = ringing;
      this.changed();
    });
  }

  hangup(id: string, reason: string | undefined, reasonCode: string | undefined): void {
    const channel = this.requireChannel(id);
    let cause = NORMAL_CLEARING;
    if (reasonCode !== undefined) {
      cause = Number(reasonCode);
      if (!Number.isInteger(cause)) throw new AriError(400, 'Invalid reason for hangup provided');
    } else if (reason !== undefined) {
      const known = HANGUP_CAUSES[reason];
      if (known === undefined) throw new AriError(400, 'Invalid reason for hangup provided');
      cause = known;
    }
    this.emit(this.appsOf(channel), 'ChannelHangupRequest', () => ({ cause, soft: true, channel: channelJson(channel) }));
    this.destroyChannel(channel, cause);
  }

  /**
   * `POST /channels/{id}/continue`: the channel leaves Stasis (StasisEnd) and
   * runs the dialplan. The simulator knows asterisk-config's [kvorum-carry]:
   * `Dial(PJSIP/carried@${EXTEN})` to a peer of the internal trunk, its
   * pre-dial handler adding `X-Kvorum-Carry: ${KVORUM_CARRY}`; the channel
   * stays up, bridged by Dial to the call on the peer. Any other place has
   * no extension, and Asterisk hangs the channel up.
   */
  continueInDialplan(id: string, context: string | undefined, extension: string | undefined): void {
    const channel = this.requireStasisChannel(id);
    const app = channel.app;
    channel.app = null;
    if (app !== null) this.emit([app], 'StasisEnd', () => ({ channel: channelJson(channel) }));
    const far =
      context === CARRY_CONTEXT && extension !== undefined
        ? (this.trunk?.dial(extension, channel.callerId, channel.vars.get(CARRY_VARIABLE)) ?? null)
        : null;
    if (far === null) return this.destroyChannel(channel, NORMAL_CLEARING);
    channel.carriedTo = far;
    far.channel.carriedFrom = { channel, asterisk: this };
    this.changed();
  }

  setMuted(id: string, direction: string, muted: boolean): void {
    const channel = this.requireStasisChannel(id);
    const parsed = parseDirection(direction);
    this.inItsTurn(channel, () => {
      if (parsed === 'in' || parsed === 'both') channel.mutedIn = muted;
      if (parsed === 'out' || parsed === 'both') channel.mutedOut = muted;
      this.changed();
    });
  }

  setChannelMoh(id: string, on: boolean): void {
    const channel = this.requireStasisChannel(id);
    this.inItsTurn(channel, () => {
      channel.moh = on;
      this.changed();
    });
  }

  sendDtmf(id: string, dtmf: string | undefined): void {
    this.requireStasisChannel(id);
    if (!dtmf) throw new AriError(400, 'DTMF is required');
  }

  getVariable(id: string, name: string | undefined): object {
    const channel = this.requireStasisChannel(id);
    if (!name) throw new AriError(400, 'Variable name is required');
    const value = name === CHANNEL_LANGUAGE ? channel.language : channel.vars.get(name);
    if (value === undefined) throw new AriError(404, 'Provided variable was not found');
    return { value };
  }

  setVariable(id: string, name: string | undefined, value: string): Promise<void> {
    const channel = this.requireStasisChannel(id);
    if (!name) throw new AriError(400, 'Variable name is required');
    return this.whenItsTurn(
      channel,
      () => {
        // A function written is not a variable set: Asterisk sends no ChannelVarset for it.
        if (name === CHANNEL_LANGUAGE) {
          channel.language = value;
          return this.changed();
        }
        channel.vars.set(name, value);
        this.emit(this.appsOf(channel), 'ChannelVarset', () => ({ variable: name, value, channel: channelJson(channel) }));
      },
      () => {
        throw new AriError(400, 'Failed to execute function');
      },
    );
  }

  // ---- REST: playbacks ---------------------------------------------------

  /**
   * A prompt to a channel is a command of the channel's control queue: it
   * waits for the commands ahead of it and holds those behind it until it
   * ends. A bridge plays through its own announcer, in a queue of its own;
   * while music on hold plays on the bridge, that fails at once. Without
   * `lang` a channel's playback speaks the channel's language, a bridge's
   * the announcer's (Asterisk's default).
   */
  play(target: PlaybackTarget, media: string[], language: string | undefined, playbackId: string | undefined): object {
    const channel = target.kind === 'channel' ? this.requireStasisChannel(target.id) : null;
    const bridge = target.kind === 'bridge' ? this.requireBridge(target.id) : null;
    if (media.length === 0) throw new AriError(400, 'Missing media URI');
    if (playbackId !== undefined && this.playbacks.isInUse(playbackId)) {
      throw new AriError(409, 'Playback with the same id already exists');
    }
    const playback = this.playbacks.create(target, media, language ?? channel?.language ?? DEFAULT_LANGUAGE, playbackId ?? randomUUID());
    const answer = playbackJson(playback);
    if (channel !== null) {
      this.controlOf(channel).submit({
        run: () => this.playbacks.enqueue(playback),
        abandon: () => this.playbacks.discard(playback),
      });
    } else if (bridge?.moh) {
      this.playbacks.fail(playback);
    } else {
      void this.playbacks.enqueue(playback);
    }
    return answer;
  }

  getPlayback(id: string): object {
    const playback = this.playbacks.get(id);
    if (!playback) throw new AriError(404, 'Playback not found');
    return playbackJson(playback);
  }

  stopPlayback(id: string): void {
    if (!this.playbacks.stop(id)) throw new AriError(404, 'Playback not found');
  }

  // ---- REST: recordings --------------------------------------------------

  /** POST /channels/{id}/record: answers `queued`; the recording is a command of the channel's queue. */
  record(id: string, request: RecordingRequest): object {
    const channel = this.requireStasisChannel(id);
    const recording = this.recordings.create(id, request);
    channel.recordings.push(recording.name);
    this.controlOf(channel).submit({
      run: () => this.recordings.run(recording),
      abandon: () => this.recordings.channelGone(id),
    });
    return liveRecordingJson(recording);
  }

  getLiveRecording(name: string): object {
    return liveRecordingJson(this.recordings.getLive(name));
  }

  cancelRecording(name: string): void {
    this.recordings.cancel(name);
  }

  stopRecording(name: string): void {
    this.recordings.stop(name);
  }

  listStoredRecordings(): object[] {
    return this.recordings.listStored().map(storedRecordingJson);
  }

  getStoredRecording(name: string): object {
    return storedRecordingJson(this.recordings.getStored(name));
  }

  deleteStoredRecording(name: string): void {
    this.recordings.deleteStored(name);
  }

  /** A recording file already in the recordings directory (left by an earlier run). */
  storeRecording(name: string, durationMs: number): void {
    this.recordings.putStored({ name, format: 'wav', durationMs });
  }

  // ---- REST: bridges -----------------------------------------------------

  listBridges(): object[] {
    return this.allBridges().map(bridgeJson);
  }

  getBridge(id: string): object {
    return bridgeJson(this.requireBridge(id));
  }

  /** POST /bridges (orUpdate false) or POST /bridges/{id} (orUpdate true: an existing bridge of the same type is returned). */
  createBridge(typeParam: string | undefined, id: string | undefined, name: string | undefined, orUpdate: boolean): object {
    const flags = (typeParam ?? '')
      .split(',')
      .map((flag) => flag.trim())
      .filter((flag) => flag !== '');
    if (flags.some((flag) => !BRIDGE_TYPE_FLAGS.has(flag)) || (flags.includes('holding') && flags.includes('mixing'))) {
      throw new AriError(400, 'Invalid bridge type');
    }
    const type = flags.includes('holding') ? 'holding' : 'mixing';
    const bridgeId = id ?? randomUUID();
    const existing = this.bridges.get(bridgeId);
    if (existing) {
      if (orUpdate && existing.type === type) return bridgeJson(existing);
      throw new AriError(409, 'Bridge with the same id already exists');
    }
    const bridge: SimBridge = {
      id: bridgeId,
      name: name ?? '',
      type,
      createdAt: Date.now(),
      channelIds: [],
      moh: false,
      lastDtmfChannelId: null,
    };
    this.bridges.set(bridgeId, bridge);
    this.emit(this.sink.connectedApps(), 'BridgeCreated', () => ({ bridge: bridgeJson(bridge) }));
    return bridgeJson(bridge);
  }

  destroyBridge(id: string): void {
    const bridge = this.requireBridge(id);
    this.playbacks.endAllFor({ kind: 'bridge', id });
    for (const channelId of [...bridge.channelIds]) {
      const channel = this.channels.get(channelId);
      if (channel) this.leaveBridge(channel);
    }
    this.bridges.delete(id);
    this.emit(this.sink.connectedApps(), 'BridgeDestroyed', () => ({ bridge: bridgeJson(bridge) }));
  }

  /**
   * Each channel enters when its control queue gets to the command, one
   * channel after the other: a channel hearing a prompt enters when the
   * prompt has ended, and only then does the request answer. A channel that
   * hangs up meanwhile is simply not added (Asterisk still answers 204).
   */
  async addChannels(bridgeId: string, channelIds: string[], options: AddChannelOptions): Promise<void> {
    const bridge = this.requireBridge(bridgeId);
    if (channelIds.length === 0) throw new AriError(400, 'Channel not found');
    const channels = channelIds.map((channelId) => {
      const channel = this.channels.get(channelId);
      if (!channel) throw new AriError(400, 'Channel not found');
      if (channel.app === null) throw new AriError(422, 'Channel not in Stasis application');
      if (this.recordings.isRecording(channelId)) throw new AriError(409, `Channel ${channelId} currently recording`);
      return channel;
    });
    for (const channel of channels) {
      await this.whenItsTurn(
        channel,
        () => this.enterBridge(bridge, channel, options),
        () => undefined,
      );
    }
  }

  async removeChannels(bridgeId: string, channelIds: string[]): Promise<void> {
    this.requireBridge(bridgeId);
    if (channelIds.length === 0) throw new AriError(400, 'Channel not found');
    const channels = channelIds.map((channelId) => {
      const channel = this.channels.get(channelId);
      if (!channel) throw new AriError(400, 'Channel not found');
      if (channel.bridge?.bridgeId !== bridgeId) throw new AriError(422, 'Channel not in this bridge');
      return channel;
    });
    for (const channel of channels) {
      await this.whenItsTurn(
        channel,
        () => {
          if (channel.bridge?.bridgeId === bridgeId) this.leaveBridge(channel);
        },
        () => undefined,
      );
    }
  }

  setBridgeMoh(id: string, on: boolean): void {
    this.requireBridge(id).moh = on;
    this.changed();
  }

  // ---- REST: applications ------------------------------------------------

  applicationJson(name: string, filter: EventFilter): object {
    return {
      name,
      channel_ids: [...this.channels.values()].filter((channel) => channel.app === name).map((channel) => channel.id),
      bridge_ids: [...this.bridges.keys()],
      endpoint_ids: [],
      device_names: [],
      events_allowed: filter.allowed.map((type) => ({ type })),
      events_disallowed: filter.disallowed.map((type) => ({ type })),
    };
  }

  // ---- internals ---------------------------------------------------------

  private enterBridge(bridge: SimBridge, channel: SimChannel, options: AddChannelOptions): void {
    // The bridge may have been destroyed while the channel finished a prompt.
    if (!this.bridges.has(bridge.id)) return;
    const membership = { bridgeId: bridge.id, role: options.role, mutedByBridge: options.mute, absorbDtmf: options.absorbDtmf };
    if (channel.bridge?.bridgeId === bridge.id) {
      channel.bridge = membership;
      this.changed();
      return;
    }
    // Asterisk moves a bridged channel: it leaves its old bridge first.
    if (channel.bridge) this.leaveBridge(channel);
    bridge.channelIds.push(channel.id);
    channel.bridge = membership;
    channel.firstBridgedAt ??= preciseNow();
    this.emit(this.appsForBridgeAnd(channel), 'ChannelEnteredBridge', () => ({
      bridge: bridgeJson(bridge),
      channel: channelJson(channel),
    }));
  }

  /**
   * In a mixing bridge a caller's keypad tones reach the other members as
   * sound, unless the caller was added with absorbDTMF; members out of the
   * mix for a prompt miss them. A holding bridge carries no sound between members.
   */
  private passKeyToOthers(bridge: SimBridge, presser: SimChannel, digit: string): void {
    if (bridge.type !== 'mixing' || presser.bridge?.absorbDtmf || this.isHearingPrompt(presser)) return;
    for (const channelId of bridge.channelIds) {
      const listener = this.channels.get(channelId);
      if (listener && listener !== presser && !listener.mutedOut && !this.isHearingPrompt(listener)) listener.keysReceived.push(digit);
    }
  }

  private controlOf(channel: SimChannel): ChannelControl {
    let control = this.controls.get(channel.id);
    if (!control) {
      control = new ChannelControl();
      this.controls.set(channel.id, control);
    }
    return control;
  }

  /** A command whose REST request waits for it to run; `ifGone` answers when the channel went away first. */
  private whenItsTurn<T>(channel: SimChannel, act: () => T, ifGone: () => T): Promise<T> {
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => T) => {
        try {
          resolve(outcome());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      this.controlOf(channel).submit({ run: () => settle(act), abandon: () => settle(ifGone) });
    });
  }

  /** A command whose REST request answered already: it acts when its turn comes, or never if the channel goes first. */
  private inItsTurn(channel: SimChannel, act: () => void): void {
    this.controlOf(channel).submit({ run: act, abandon: () => undefined });
  }

  private requireChannel(id: string): SimChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new AriError(404, 'Channel not found');
    return channel;
  }

  private requireStasisChannel(id: string): SimChannel {
    const channel = this.requireChannel(id);
    if (channel.app === null) throw new AriError(409, 'Channel not in Stasis application');
    return channel;
  }

  private requireBridge(id: string): SimBridge {
    const bridge = this.bridges.get(id);
    if (!bridge) throw new AriError(404, 'Bridge not found');
    return bridge;
  }

  /** Hangup order on Asterisk: (HangupRequest, sent by the caller of this), playback ends, ChannelLeftBridge, StasisEnd, ChannelDestroyed. */
  private destroyChannel(channel: SimChannel, cause: number): void {
    channel.hungUp = true;
    channel.hangupCause = cause;
    // A call over the trunk ends at both ends: a BYE either way.
    for (const end of [channel.carriedTo, channel.carriedFrom]) if (end !== null) end.asterisk.callerHungUp(end.channel);
    this.controls.get(channel.id)?.close();
    this.controls.delete(channel.id);
    this.playbacks.endAllFor({ kind: 'channel', id: channel.id });
    // A recording ends with the call and keeps what was said (app.c: "User hung up").
    this.recordings.channelGone(channel.id);
    if (channel.bridge) this.leaveBridge(channel);
    if (channel.app !== null) this.emit([channel.app], 'StasisEnd', () => ({ channel: channelJson(channel) }));
    this.channels.delete(channel.id);
    this.emit(this.appsOf(channel), 'ChannelDestroyed', () => ({
      cause,
      cause_txt: CAUSE_TEXT[cause] ?? 'Unknown',
      channel: channelJson(channel),
    }));
  }

  private leaveBridge(channel: SimChannel): void {
    const bridge = this.bridgeOf(channel);
    channel.bridge = null;
    if (!bridge) return;
    bridge.channelIds = bridge.channelIds.filter((id) => id !== channel.id);
    if (bridge.lastDtmfChannelId === channel.id) bridge.lastDtmfChannelId = null;
    this.emit(this.appsForBridgeAnd(channel), 'ChannelLeftBridge', () => ({
      bridge: bridgeJson(bridge),
      channel: channelJson(channel),
    }));
  }

  /** Not a Stasis playback: no app hears of this call at all. */
  private playServiceUnavailableAndHangUp(channel: SimChannel): void {
    channel.state = 'Up';
    channel.heard.push(...SERVICE_UNAVAILABLE_MEDIA.map((media) => ({ media, language: channel.language })));
    this.changed();
    const durationMs = SERVICE_UNAVAILABLE_MEDIA.reduce((sum, uri) => sum + (this.mediaDurationMs(uri, channel.language) ?? 0), 0);
    this.timers.afterSimulated(durationMs, () => {
      if (!channel.hungUp) this.destroyChannel(channel, NORMAL_CLEARING);
    });
  }

  /** The beep before a recording: not a playback (no events), but the caller hears it. */
  private async beep(channelId: string): Promise<void> {
    const channel = this.channels.get(channelId);
    if (!channel || channel.hungUp) return;
    channel.heard.push({ media: BEEP, language: channel.language });
    this.changed();
    await this.timers.sleepSimulated(this.mediaDurationMs(BEEP, channel.language) ?? 0);
  }

  /** A member out of the mix for a prompt of its own misses what starts playing to its bridge. */
  private playbackItemStarted(playback: SimPlayback, uri: string): void {
    const item = { media: uri, language: playback.language };
    if (playback.target.kind === 'channel') {
      this.channels.get(playback.target.id)?.heard.push(item);
    } else {
      for (const channelId of this.bridges.get(playback.target.id)?.channelIds ?? []) {
        const member = this.channels.get(channelId);
        if (member && !this.isHearingPrompt(member)) member.heard.push(item);
      }
    }
    this.changed();
  }

  private appsOf(channel: SimChannel): string[] {
    return channel.app === null ? [] : [channel.app];
  }

  /** Bridges are not owned by one app in the simulator: their events go to every connected app. */
  private appsForBridgeAnd(channel: SimChannel): Set<string> {
    return new Set([...this.sink.connectedApps(), ...this.appsOf(channel)]);
  }

  private appsForTarget(target: PlaybackTarget): string[] {
    if (target.kind === 'bridge') return this.sink.connectedApps();
    const channel = this.channels.get(target.id);
    return channel ? this.appsOf(channel) : [];
  }

  /** `body` is built only for an app that is sent the event (see the app's event filter). */
  private emit(apps: Iterable<string>, type: AriEventType, body: () => Record<string, unknown>): void {
    this.sink.send(apps, type, body);
    this.changed();
  }

  /** Something outside the calls changed (an app connected or left): re-check waiting predicates. */
  changed(): void {
    for (const listener of [...this.changeListeners]) listener();
  }
}

function parseDirection(direction: string): MuteDirection {
  if (direction === 'in' || direction === 'out' || direction === 'both') return direction;
  throw new AriError(400, 'Invalid direction specified');
}
