import type { AriParams } from './rest/params';
import type { SimAsterisk } from './sim-asterisk';

/**
 * Which channels a REST request is about. `named` are the channels the
 * request names itself (path or `channel` parameter); `concerned` adds the
 * channels it reacts to indirectly: a bridge playback or playback control
 * while a channel was the last in that bridge to send DTMF. A channel
 * variable is bookkeeping the caller never hears, so it concerns no caller.
 */
export function namedChannelIds(segments: string[], params: AriParams): string[] {
  const [resource, id] = segments;
  if (resource === 'channels' && id !== undefined) return [id];
  if (resource === 'bridges') return params.list('channel');
  return [];
}

export function concernedChannelIds(segments: string[], params: AriParams, asterisk: SimAsterisk): string[] {
  const [resource, id, action] = segments;
  if (resource === 'channels' && action === 'variable') return [];
  const ids = namedChannelIds(segments, params);
  if (id === undefined) return ids;
  const lastDtmfSenderOf = (bridgeId: string) => asterisk.findBridge(bridgeId)?.lastDtmfChannelId ?? null;
  if (resource === 'bridges' && action === 'play') {
    const sender = lastDtmfSenderOf(id);
    if (sender !== null) ids.push(sender);
  }
  if (resource === 'playbacks') {
    const target = asterisk.findPlayback(id)?.target;
    if (target?.kind === 'channel') ids.push(target.id);
    if (target?.kind === 'bridge') {
      const sender = lastDtmfSenderOf(target.id);
      if (sender !== null) ids.push(sender);
    }
  }
  return ids;
}
