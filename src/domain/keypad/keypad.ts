import { assertNever } from '../assert-never';
import type { LegRole } from '../conference/legs-and-meetings';

/**
 * The keypad of a caller in the meeting: every command is two keys, `*` or
 * `#` and a second key, on one card for everyone (`KEYPAD_CARD`, which the
 * spoken help and the README's table are made from).
 *
 * The keys are those callers know: MeetAt's leader keys exactly as they
 * were (`#2 *5 *6 *7 #9 ##`, and `*6` now mutes anyone), Zoom's `*9` for a
 * raised hand, Teams' `*1` for help and `*8` to let in from the lobby. The
 * leader's other new keys pair with those: `#8` turns the next caller
 * away, `*9` gives the floor to the first raised hand, `#1` says who is
 * waiting, `#0` empties the meeting of participants.
 *
 * The second key must follow within the command timeout (measured between
 * the two presses, so no timer is needed). Any two keys form a pair: an
 * unknown pair is ignored as a whole (so `*#9` does nothing: `*#` is unknown
 * and the `9` is a lone key). A lone digit, a late second key or A–D start
 * nothing, except that a late `*`/`#` starts a new command.
 */

export type KeypadCommand =
  | 'help'
  | 'toggle-own-mute'
  | 'toggle-hand'
  | 'give-floor'
  | 'admit-next'
  | 'refuse-next'
  | 'lobby-and-hands'
  | 'disconnect-participants'
  | 'count'
  | 'toggle-listen-mode'
  | 'toggle-lock'
  | 'toggle-auto-end'
  | 'end-meeting';

/** Whom a row of the card is for. */
export type KeypadAudience = 'everyone' | 'participants' | 'leaders';

export interface KeypadCardRow {
  /** The two keys, e.g. `*6`. */
  readonly keys: string;
  readonly audience: KeypadAudience;
  readonly command: KeypadCommand;
}

/** The keypad card, in the order the help says it. */
export const KEYPAD_CARD: readonly KeypadCardRow[] = [
  { keys: '*1', audience: 'everyone', command: 'help' },
  { keys: '*6', audience: 'everyone', command: 'toggle-own-mute' },
  { keys: '*9', audience: 'participants', command: 'toggle-hand' },
  { keys: '*8', audience: 'leaders', command: 'admit-next' },
  { keys: '#8', audience: 'leaders', command: 'refuse-next' },
  { keys: '#1', audience: 'leaders', command: 'lobby-and-hands' },
  { keys: '*9', audience: 'leaders', command: 'give-floor' },
  { keys: '#0', audience: 'leaders', command: 'disconnect-participants' },
  { keys: '#2', audience: 'leaders', command: 'count' },
  { keys: '*5', audience: 'leaders', command: 'toggle-listen-mode' },
  { keys: '*7', audience: 'leaders', command: 'toggle-lock' },
  { keys: '#9', audience: 'leaders', command: 'toggle-auto-end' },
  { keys: '##', audience: 'leaders', command: 'end-meeting' },
];

function isFor(row: KeypadCardRow, role: LegRole): boolean {
  switch (row.audience) {
    case 'everyone':
      return true;
    case 'participants':
      return role === 'participant';
    case 'leaders':
      return role === 'leader';
    default:
      return assertNever(row.audience);
  }
}

/** The rows of the card a caller of `role` may use, in the card's order. */
export function keypadCardOf(role: LegRole): KeypadCardRow[] {
  return KEYPAD_CARD.filter((row) => isFor(row, role));
}

/** What `keys` do for a caller of `role`; null when nothing. */
export function commandFor(role: LegRole, keys: string): KeypadCommand | null {
  return KEYPAD_CARD.find((row) => row.keys === keys && isFor(row, role))?.command ?? null;
}

export interface PendingKey {
  key: '*' | '#';
  at: number;
}

export interface KeypadStep {
  pending: PendingKey | null;
  /** Two keys read as a pair, known or not. */
  keys: string | null;
}

export function readKeys(pending: PendingKey | null, key: string, at: number, commandTimeoutMs: number): KeypadStep {
  if (pending !== null && at - pending.at <= commandTimeoutMs) return { pending: null, keys: pending.key + key };
  if (key === '*' || key === '#') return { pending: { key, at }, keys: null };
  return { pending: null, keys: null };
}
