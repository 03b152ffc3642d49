import { ChannelGoneError, type Telephony } from '../ports/telephony';

export interface MemoWriter {
  /** Sets a channel variable that remembers the call for a restart; a newer value of it replaces one not yet sent. */
  write(channelId: string, variable: string, value: string): void;
}

/**
 * Writes the channel variables that remember a call for a restart (see
 * resync-memo.ts) off the callers' command queues, and never behind a
 * prompt. Asterisk answers a variable write only after a prompt playing to
 * the channel has ended, and these variables are read only after a restart,
 * so waiting for them in the queue would hold back what the caller does hear
 * (joining the meeting, a mute, the next prompt), and a write sent while
 * prompts follow one another waits for all of them (long enough to time
 * out). So a write starts on the next turn of the event loop, once the
 * requests that answer the caller have gone out, and only when no prompt of
 * ours is playing to the channel and the ledger holds the writes made
 * before it (`whenReady`: the memo names the caller's leg, which a restart
 * must find); Asterisk would have set it only after the prompt anyway. One
 * write per channel is in flight at a time and only the latest value of a
 * variable is sent, so they land in order. A failed write
 * costs nothing now: it is logged and the call goes on; a channel found gone
 * is reported by its hang-up anyway.
 */
export function createMemoWriter(
  telephony: Telephony,
  whenReady: (channelId: string) => Promise<void>,
  onFailure: (channelId: string, error: unknown) => void,
): MemoWriter {
  /** Per channel, the variables still to write, by name. */
  const waiting = new Map<string, Map<string, string>>();

  async function flush(channelId: string): Promise<void> {
    await whenReady(channelId);
    const variables = waiting.get(channelId);
    const next = variables?.entries().next();
    if (variables === undefined || next === undefined || next.done) {
      waiting.delete(channelId);
      return;
    }
    const [variable, value] = next.value;
    variables.delete(variable);
    try {
      await telephony.setChannelVar(channelId, variable, value);
    } catch (error) {
      if (!(error instanceof ChannelGoneError)) onFailure(channelId, error);
    }
    await flush(channelId);
  }

  return {
    write(channelId, variable, value) {
      const variables = waiting.get(channelId);
      if (variables !== undefined) {
        variables.set(variable, value);
        return;
      }
      waiting.set(channelId, new Map([[variable, value]]));
      setImmediate(() => void flush(channelId));
    },
  };
}
