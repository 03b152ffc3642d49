import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEYPAD_CARD, keypadCardOf } from '../../src/domain/keypad/keypad';
import { keypadHelp, whatItDoes } from '../../src/domain/keypad/keypad-help';
import { promptText, type PromptRequest } from '../../src/domain/prompts/render';
import { heardBy, Room, T0 } from '../support/conference-room';

/**
 * One keypad card: the README's table, the spoken help and the core's
 * table (domain/keypad/keypad.ts) say the same. The README is compared with
 * what the core makes of its card, never written twice by hand: when they
 * differ, paste the expected table this test prints.
 */

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The rows of the README's keypad card, between its markers: keys, for whom, what it does. */
function readmeRows(): string[][] {
  const start = README.indexOf('<!-- keypad-card');
  const end = README.indexOf('<!-- /keypad-card -->');
  if (start < 0 || end < start) throw new Error('the README has no keypad card between <!-- keypad-card --> markers');
  return README.slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1')),
    );
}

/** The core's card as the README writes it: the English of the spoken help, row by row. */
function expectedRows(): string[][] {
  return KEYPAD_CARD.map((row) => [
    row.keys,
    row.audience,
    promptText('en', [{ key: 'keypad.press', keys: row.keys }, whatItDoes(row.command)]),
  ]);
}

const asMarkdown = (rows: string[][]) => rows.map(([keys, audience, does]) => `| \`${keys}\` | ${audience} | ${does} |`).join('\n');

describe('the keypad card', () => {
  it('in the README is the core’s card, as the spoken help says it', () => {
    expect(asMarkdown(readmeRows()), `the README's table should read:\n${asMarkdown(expectedRows())}`).toBe(asMarkdown(expectedRows()));
  });

  it.each(['participant', 'leader'] as const)('is what *1 says to a %s: every row of the role, in order', (role) => {
    const room = new Room();
    room.admit('lea', 'leader', T0);
    room.admit('pat', 'participant', T0 + 1_000);
    const help: PromptRequest[] = heardBy(room.keys(role === 'leader' ? 'lea' : 'pat', '*1'), role === 'leader' ? 'lea' : 'pat');
    expect(help).toEqual(keypadHelp(role));
    const spoken = promptText('en', help);
    const rows = expectedRows().filter(([, audience]) => audience === 'everyone' || audience === `${role}s`);
    expect(spoken).toBe(rows.map(([, , does]) => does).join(' '));
    expect(rows.map(([keys]) => keys)).toEqual(keypadCardOf(role).map((row) => row.keys));
  });
});
