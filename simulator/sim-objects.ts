import type { SimAsterisk } from './sim-asterisk';
import { asteriskTimestamp } from './timers';
import type { HeardMedia, SimBridgeType } from './types';

/**
 * The simulator's telephony state, and how Asterisk renders each object in
 * JSON (REST responses and event bodies).
 */

export type ChannelState = 'Ring' | 'Up';

export interface BridgeMembership {
  bridgeId: string;
  role: string;
  /** Joined with `mute=true`: a bridge feature, separate from POST /channels/{id}/mute. */
  mutedByBridge: boolean;
  absorbDtmf: boolean;
}

export interface SimChannel {
  readonly id: string;
  readonly name: string;
  readonly protocolId: string;
  readonly accessNumber: string;
  readonly callerId: string | null;
  readonly createdAt: number;
  /** The Stasis application the channel is in; null when the dialplan did not reach Stasis. */
  app: string | null;
  /** Stays `Up` once answered, after the hang-up too. */
  state: ChannelState;
  hungUp: boolean;
  /** The cause the channel was destroyed with (ChannelDestroyed's); null while it lives, or when a restart took it silently. */
  hangupCause: number | null;
  vars: Map<string, string>;
  /** Voice from the caller is not heard (direction in). */
  mutedIn: boolean;
  /** The caller hears nothing (direction out). */
  mutedOut: boolean;
  moh: boolean;
  ringing: boolean;
  bridge: BridgeMembership | null;
  /** The channel's language (`CHANNEL(language)`): what a playback without `lang` speaks. */
  language: string;
  heard: HeardMedia[];
  /** Keypad tones of other callers that reached this caller as sound through a bridge. */
  keysReceived: string[];
  /** The names of the recordings made of this channel, in order. */
  recordings: string[];
  /** Dialled out over the internal trunk (Dial in the dialplan): the call goes on as this channel on the peer. */
  carriedTo: CarriedEnd | null;
  /** Arrived over the internal trunk from this channel on a peer. */
  carriedFrom: CarriedEnd | null;
  /** When the channel first entered a bridge (epoch ms, sub-millisecond); null until it did. */
  firstBridgedAt: number | null;
}

/** The other end of a call over the internal trunk: a channel on another simulated Asterisk. */
export interface CarriedEnd {
  channel: SimChannel;
  asterisk: SimAsterisk;
}

export interface SimBridge {
  readonly id: string;
  readonly name: string;
  readonly type: SimBridgeType;
  readonly createdAt: number;
  channelIds: string[];
  moh: boolean;
  /** The member whose DTMF arrived last (for the latency measure). */
  lastDtmfChannelId: string | null;
}

export type PlaybackTarget = { kind: 'channel'; id: string } | { kind: 'bridge'; id: string };

export type PlaybackState = 'queued' | 'playing' | 'continuing' | 'done' | 'failed';

export interface SimPlayback {
  readonly id: string;
  readonly target: PlaybackTarget;
  readonly media: string[];
  readonly language: string;
  index: number;
  state: PlaybackState;
  /** Stopped while still queued: finishes without playing when its turn comes. */
  cancelled: boolean;
}

export function targetUri(target: PlaybackTarget): string {
  return `${target.kind}:${target.id}`;
}

export function channelJson(channel: SimChannel): object {
  return {
    id: channel.id,
    name: channel.name,
    state: channel.state,
    protocol_id: channel.protocolId,
    caller: { name: '', number: channel.callerId ?? '' },
    connected: { name: '', number: '' },
    accountcode: '',
    dialplan: {
      context: 'kvorum-in',
      exten: channel.accessNumber,
      priority: 2,
      app_name: channel.app === null ? 'Playback' : 'Stasis',
      app_data: channel.app === null ? 'all-circuits-busy-now&please-try-call-later' : `${channel.app},${channel.accessNumber}`,
    },
    creationtime: asteriskTimestamp(channel.createdAt),
    language: channel.language,
  };
}

export function bridgeJson(bridge: SimBridge): object {
  return {
    id: bridge.id,
    technology: bridge.type === 'holding' ? 'holding_bridge' : 'softmix',
    bridge_type: bridge.type,
    bridge_class: 'stasis',
    creator: 'Stasis',
    name: bridge.name,
    channels: [...bridge.channelIds],
    creationtime: asteriskTimestamp(bridge.createdAt),
    video_mode: 'none',
  };
}

export function playbackJson(playback: SimPlayback): object {
  const json: Record<string, string> = {
    id: playback.id,
    media_uri: playback.media[playback.index] ?? '',
    target_uri: targetUri(playback.target),
    language: playback.language,
    state: playback.state,
  };
  const next = playback.media[playback.index + 1];
  if (next !== undefined) json.next_media_uri = next;
  return json;
}
