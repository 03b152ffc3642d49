import { describe, expect, it } from 'vitest';
import { readLeaderKey, type LeaderCommand, type PendingKey } from '../../src/domain/keypad/leader-keypad';

const TIMEOUT = 2_000;

/** Presses keys at the given instants and returns the commands recognised. */
function press(...presses: Array<[string, number]>): LeaderCommand[] {
  let pending: PendingKey | null = null;
  const commands: LeaderCommand[] = [];
  for (const [key, at] of presses) {
    const step = readLeaderKey(pending, key, at, TIMEOUT);
    pending = step.pending;
    if (step.command !== null) commands.push(step.command);
  }
  return commands;
}

describe('the leader keypad', () => {
  it.each([
    ['#', '2', 'count'],
    ['*', '5', 'toggle-listen-mode'],
    ['*', '6', 'toggle-own-mute'],
    ['*', '7', 'toggle-lock'],
    ['#', '9', 'toggle-auto-end'],
    ['#', '#', 'end-meeting'],
  ] as const)('reads %s%s as %s', (first, second, command) => {
    expect(press([first, 0], [second, 500])).toEqual([command]);
  });

  it('accepts the second key exactly at the timeout, not after it', () => {
    expect(press(['*', 0], ['7', 2_000])).toEqual(['toggle-lock']);
    expect(press(['*', 0], ['7', 2_001])).toEqual([]);
  });

  it('starts a new command with a late * or #', () => {
    expect(press(['*', 0], ['#', 5_000], ['#', 5_500])).toEqual(['end-meeting']);
  });

  it('ignores an unknown pair as a whole', () => {
    expect(press(['*', 0], ['#', 100], ['9', 200])).toEqual([]);
    expect(press(['#', 0], ['1', 100], ['5', 200])).toEqual([]);
  });

  it('ignores lone digits and A to D', () => {
    expect(press(['5', 0], ['A', 100], ['2', 200])).toEqual([]);
  });

  it('reads commands one after another', () => {
    expect(press(['*', 0], ['5', 100], ['#', 200], ['2', 300])).toEqual(['toggle-listen-mode', 'count']);
  });
});
