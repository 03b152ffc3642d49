import type { AccessNumber, AccessNumberDirectory } from '../../app/ports/access-numbers';

/**
 * The access numbers from the configuration (KVORUM_ACCESS_NUMBERS): the
 * stand-in for the database's access-number directory until it lands.
 */
export function configAccessNumbers(numbers: readonly AccessNumber[]): AccessNumberDirectory {
  const list = numbers.map((entry) => ({ ...entry, number: entry.number.replace(/\s/g, '') }));
  return { list: async () => list.map((entry) => ({ ...entry })) };
}
