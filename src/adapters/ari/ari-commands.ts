import { type BridgeKind } from '../../domain/conference/conference-state';
import { TelephonyError, type Telephony } from '../../app/ports/telephony';
import { assertNever } from '../../domain/assert-never';
import type { AriRest } from './ari-rest';
import type { ChannelMutes } from './channel-mutes';

/** The `Telephony` port as ARI REST requests (operation names as in Asterisk's API declarations). */
export function createAriCommands(rest: AriRest, mutes: ChannelMutes): Telephony {
  const onChannel = async (operation: string, channelId: string, params: Record<string, unknown> = {}) => {
    await rest.request('channels', operation, { channelId, ...params }, { operation: `channels.${operation}`, channelId });
  };

  /** A request about a recording that may be gone already: exactly what was wanted. */
  const onRecording = async (resource: string, operation: string, recording: string) => {
    try {
      await rest.request(resource, operation, { recordingName: recording }, { operation: `${resource}.${operation}` });
    } catch (error) {
      if (error instanceof TelephonyError && error.code === 'not-found') return;
      throw error;
    }
  };

  // Direction `in`: what the caller says no longer reaches the bridge; they still hear everyone.
  const setMuted = async (channelId: string, muted: boolean) => {
    try {
      await onChannel(muted ? 'mute' : 'unmute', channelId, { direction: 'in' });
      mutes.settled(channelId, muted);
    } catch (error) {
      mutes.settled(channelId, null);
      throw error;
    }
  };

  return {
    indicateRinging: (channelId) => onChannel('ring', channelId),
    answer: (channelId) => onChannel('answer', channelId),
    hangup: (channelId, reason = 'normal') => onChannel('hangup', channelId, { reason }),
    play: (channelId, media, playbackId, language) =>
      onChannel('play', channelId, { media: mediaParam(media), playbackId, lang: language }),
    async stopPlayback(playbackId) {
      try {
        await rest.request('playbacks', 'stop', { playbackId });
      } catch (error) {
        // The playback already ended: exactly what was wanted.
        if (error instanceof TelephonyError && error.code === 'not-found') return;
        throw error;
      }
    },
    async createBridge(bridgeId, kind, name) {
      await rest.request('bridges', 'create', { bridgeId, type: bridgeType(kind), name });
      // Asterisk gives the waiting callers of an ARI holding bridge silence
      // unless the app starts music on the bridge itself.
      if (kind === 'holding') await rest.request('bridges', 'startMoh', { bridgeId });
    },
    async destroyBridge(bridgeId) {
      await rest.request('bridges', 'destroy', { bridgeId });
    },
    async addToBridge(bridgeId, channelId, membership) {
      // Muting goes on the channel, not through addChannel's `mute`: that one is a
      // bridge feature that a later channel unmute cannot lift (a caller joined
      // in listen mode must be unmutable), and a channel mute follows the caller
      // from bridge to bridge, so it is set to what this membership wants first
      // (unless the channel has that mute already).
      if (!mutes.has(channelId, membership.muted)) await setMuted(channelId, membership.muted);
      await rest.request(
        'bridges',
        'addChannel',
        // absorbDTMF: keypad tones reach the app but are never heard by the others.
        { bridgeId, channel: channelId, role: 'participant', absorbDTMF: true },
        { operation: 'bridges.addChannel', channelId },
      );
    },
    async removeFromBridge(bridgeId, channelId) {
      await rest.request('bridges', 'removeChannel', { bridgeId, channel: channelId }, { operation: 'bridges.removeChannel', channelId });
    },
    async playToBridge(bridgeId, media, playbackId, language) {
      await rest.request('bridges', 'play', { bridgeId, media: mediaParam(media), playbackId, lang: language });
    },
    setMuted,
    setChannelVar: (channelId, name, value) => onChannel('setChannelVar', channelId, { variable: name, value }),
    recordName: (channelId, recording, options) =>
      onChannel('record', channelId, {
        name: recording,
        // WAV: every Asterisk can write and play it; a name of a few seconds is small.
        format: 'wav',
        maxDurationSeconds: options.maxSeconds,
        beep: true,
        terminateOn: '#',
        // A leg's name is recorded once; a file left by a crash under the same name is stale.
        ifExists: 'overwrite',
      }),
    cancelRecording: (recording) => onRecording('recordings', 'cancel', recording),
    deleteRecording: (recording) => onRecording('recordings', 'deleteStored', recording),
  };
}

/** `media` allows several URIs: ARI takes them comma-separated and plays them in order. */
function mediaParam(media: readonly string[]): string {
  if (media.length === 0) throw new TelephonyError('nothing to play', 'bad-request');
  return media.join(',');
}

/** `dtmf_events` keeps keypad events flowing to the app from callers inside the mixing bridge. */
function bridgeType(kind: BridgeKind): string {
  switch (kind) {
    case 'holding':
      return 'holding';
    case 'mixing':
      return 'mixing,dtmf_events';
    default:
      return assertNever(kind);
  }
}
