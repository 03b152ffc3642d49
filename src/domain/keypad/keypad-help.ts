import type { LegRole } from '../conference/legs-and-meetings';
import type { PromptLanguage } from '../prompts/languages';
import { promptText, type PromptRequest } from '../prompts/render';
import { keypadCardOf, type KeypadCardRow, type KeypadCommand } from './keypad';

/** What the help says a command does, after "Press <keys>". */
const SAYS: Record<KeypadCommand, PromptRequest> = {
  help: { key: 'keypad.help' },
  'toggle-own-mute': { key: 'keypad.toggle-own-mute' },
  'toggle-hand': { key: 'keypad.toggle-hand' },
  'give-floor': { key: 'keypad.give-floor' },
  'admit-next': { key: 'keypad.admit-next' },
  'refuse-next': { key: 'keypad.refuse-next' },
  'lobby-and-hands': { key: 'keypad.lobby-and-hands' },
  'disconnect-participants': { key: 'keypad.disconnect-participants' },
  count: { key: 'keypad.count' },
  'toggle-listen-mode': { key: 'keypad.toggle-listen-mode' },
  'toggle-lock': { key: 'keypad.toggle-lock' },
  'toggle-auto-end': { key: 'keypad.toggle-auto-end' },
  'end-meeting': { key: 'keypad.end-meeting' },
};

/** What a command does, as the help says it after "Press <keys>": "to mute or unmute yourself." */
export function whatItDoes(command: KeypadCommand): PromptRequest {
  return SAYS[command];
}

/** One row of the card, spoken: "Press star six to mute or unmute yourself." */
function spokenRow(row: KeypadCardRow): PromptRequest[] {
  return [{ key: 'keypad.press', keys: row.keys }, whatItDoes(row.command)];
}

/** The spoken help (`*1`) of a caller of `role`: every row of the card that is theirs, in order. */
export function keypadHelp(role: LegRole): PromptRequest[] {
  return keypadCardOf(role).flatMap(spokenRow);
}

/** The help line of one command of `role`'s card (none when the command is not theirs). */
export function helpLine(role: LegRole, command: KeypadCommand): PromptRequest[] {
  return keypadCardOf(role)
    .filter((row) => row.command === command)
    .flatMap(spokenRow);
}

/** One row of the written card: the keys, and what they do as the spoken help words it ("to mute or unmute yourself."). */
export interface WrittenCardRow {
  keys: string;
  text: string;
}

/** The keypad card of `role`, written (the e-mails and the portal's dial-in card print it). */
export function writtenKeypadCard(role: LegRole, language: PromptLanguage): WrittenCardRow[] {
  return keypadCardOf(role).map((row) => ({ keys: row.keys, text: promptText(language, [whatItDoes(row.command)]) }));
}
