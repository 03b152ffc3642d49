import { ChannelGoneError, type Telephony } from './ports';
import { MEMO_VARIABLE } from './resync-memo';

export interface MemoWriter {
  /** Writes the channel's restart memo; a newer memo for the same channel replaces one not yet sent. */
  write(channelId: string, memo: string): void;
}

/**
 * Writes restart memos off the callers' command queues. Asterisk answers a
 * variable write only after a prompt playing to the channel has ended, and
 * the memo is read only after a restart, so waiting for it in the queue
 * would hold back what the caller does hear (a mute, the next prompt). For
 * the same reason a write starts only on the next turn of the event loop,
 * once the requests that answer the caller have gone out. One write per
 * channel is in flight at a time and only the latest memo is sent, so they
 * land in order. A failed write costs nothing now: it is logged and the call
 * goes on; a channel found gone is reported by its hang-up anyway.
 */
export function createMemoWriter(telephony: Telephony, onFailure: (channelId: string, error: unknown) => void): MemoWriter {
  const waiting = new Map<string, string>();
  /** Channels with a write scheduled or in flight. */
  const busy = new Set<string>();

  async function flush(channelId: string): Promise<void> {
    const memo = waiting.get(channelId);
    if (memo === undefined) {
      busy.delete(channelId);
      return;
    }
    waiting.delete(channelId);
    try {
      await telephony.setChannelVar(channelId, MEMO_VARIABLE, memo);
    } catch (error) {
      if (!(error instanceof ChannelGoneError)) onFailure(channelId, error);
    }
    await flush(channelId);
  }

  return {
    write(channelId, memo) {
      waiting.set(channelId, memo);
      if (busy.has(channelId)) return;
      busy.add(channelId);
      setImmediate(() => void flush(channelId));
    },
  };
}
