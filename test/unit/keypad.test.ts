import { describe, expect, it } from 'vitest';
import { commandFor, KEYPAD_CARD, keypadCardOf, readKeys, type KeypadCommand, type PendingKey } from '../../src/domain/keypad/keypad';
import type { LegRole } from '../../src/domain/conference/legs-and-meetings';

const TIMEOUT = 2_000;

/** Presses keys at the given instants and returns the commands a caller of `role` gave. */
function press(role: LegRole, ...presses: Array<[string, number]>): KeypadCommand[] {
  let pending: PendingKey | null = null;
  const commands: KeypadCommand[] = [];
  for (const [key, at] of presses) {
    const step = readKeys(pending, key, at, TIMEOUT);
    pending = step.pending;
    const command = step.keys === null ? null : commandFor(role, step.keys);
    if (command !== null) commands.push(command);
  }
  return commands;
}

describe('the keypad', () => {
  it.each([
    ['#', '2', 'count'],
    ['*', '5', 'toggle-listen-mode'],
    ['*', '6', 'toggle-own-mute'],
    ['*', '7', 'toggle-lock'],
    ['#', '9', 'toggle-auto-end'],
    ['#', '#', 'end-meeting'],
  ] as const)("keeps MeetAt's leader keys: %s%s is %s", (first, second, command) => {
    expect(press('leader', [first, 0], [second, 500])).toEqual([command]);
  });

  it.each([
    ['*', '1', 'help'],
    ['*', '8', 'admit-next'],
    ['#', '8', 'refuse-next'],
    ['#', '1', 'lobby-and-hands'],
    ['*', '9', 'give-floor'],
    ['#', '0', 'disconnect-participants'],
  ] as const)('gives leaders %s%s for %s', (first, second, command) => {
    expect(press('leader', [first, 0], [second, 500])).toEqual([command]);
  });

  it('gives participants help, their own mute and a hand, and none of the leaders’ keys', () => {
    expect(press('participant', ['*', 0], ['1', 100], ['*', 200], ['6', 300], ['*', 400], ['9', 500])).toEqual([
      'help',
      'toggle-own-mute',
      'toggle-hand',
    ]);
    const leadersOnly = KEYPAD_CARD.filter((row) => row.audience === 'leaders' && row.keys !== '*9');
    for (const row of leadersOnly) expect(commandFor('participant', row.keys), row.keys).toBeNull();
  });

  it('has one meaning per pair of keys for each role', () => {
    for (const role of ['leader', 'participant'] as const) {
      const keys = keypadCardOf(role).map((row) => row.keys);
      expect(new Set(keys).size, role).toBe(keys.length);
    }
  });

  it('accepts the second key exactly at the timeout, not after it', () => {
    expect(press('leader', ['*', 0], ['7', 2_000])).toEqual(['toggle-lock']);
    expect(press('leader', ['*', 0], ['7', 2_001])).toEqual([]);
  });

  it('starts a new command with a late * or #', () => {
    expect(press('leader', ['*', 0], ['#', 5_000], ['#', 5_500])).toEqual(['end-meeting']);
  });

  it('ignores an unknown pair as a whole', () => {
    expect(press('leader', ['*', 0], ['#', 100], ['9', 200])).toEqual([]);
    expect(press('leader', ['#', 0], ['3', 100], ['5', 200])).toEqual([]);
  });

  it('ignores lone digits and A to D', () => {
    expect(press('leader', ['5', 0], ['A', 100], ['2', 200])).toEqual([]);
  });

  it('reads commands one after another', () => {
    expect(press('leader', ['*', 0], ['5', 100], ['#', 200], ['2', 300])).toEqual(['toggle-listen-mode', 'count']);
  });
});
