/**
 * What the adapter knows of each caller's channel mute (direction `in`), so
 * that putting a caller in a bridge does not ask Asterisk for the mute the
 * channel already has: a channel that entered Stasis while we listened is
 * unmuted (nothing but Kvorum mutes it), and then has what Kvorum last set.
 * A channel from before a restart, or whose mute request failed (it may or
 * may not have landed), is unknown until the next mute request succeeds.
 */
export interface ChannelMutes {
  /** A caller's channel entered Stasis: not muted. */
  entered(channelId: string): void;
  /** A mute request succeeded (`muted`), or failed (null: unknown). */
  settled(channelId: string, muted: boolean | null): void;
  destroyed(channelId: string): void;
  /** True only when the channel is known to have this mute. */
  has(channelId: string, muted: boolean): boolean;
}

export function createChannelMutes(): ChannelMutes {
  const known = new Map<string, boolean>();
  return {
    entered: (channelId) => void known.set(channelId, false),
    settled(channelId, muted) {
      if (muted === null) known.delete(channelId);
      else known.set(channelId, muted);
    },
    destroyed: (channelId) => void known.delete(channelId),
    has: (channelId, muted) => known.get(channelId) === muted,
  };
}
