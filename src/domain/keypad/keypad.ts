/**
 * Reads the leader's two-key commands from single key presses.
 *
 * A command starts with `*` or `#`; the second key must follow within the
 * command timeout (measured between the two presses, so no timer is needed).
 * Any two keys form a pair: an unknown pair is ignored as a whole (so `*#9`
 * does nothing: `*#` is unknown and the `9` is a lone key). A lone digit, a
 * late second key or A–D start nothing, except that a late `*`/`#` starts a
 * new command.
 */

export type LeaderCommand = 'count' | 'toggle-listen-mode' | 'toggle-own-mute' | 'toggle-lock' | 'toggle-auto-end' | 'end-meeting';

export interface PendingKey {
  key: '*' | '#';
  at: number;
}

const commandsByKeys: Readonly<Record<string, LeaderCommand>> = {
  '#2': 'count',
  '*5': 'toggle-listen-mode',
  '*6': 'toggle-own-mute',
  '*7': 'toggle-lock',
  '#9': 'toggle-auto-end',
  '##': 'end-meeting',
};

export interface KeypadStep {
  pending: PendingKey | null;
  command: LeaderCommand | null;
}

export function readLeaderKey(pending: PendingKey | null, key: string, at: number, commandTimeoutMs: number): KeypadStep {
  if (pending !== null && at - pending.at <= commandTimeoutMs) {
    return { pending: null, command: commandsByKeys[pending.key + key] ?? null };
  }
  if (key === '*' || key === '#') return { pending: { key, at }, command: null };
  return { pending: null, command: null };
}
