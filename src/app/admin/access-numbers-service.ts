import { accessNumberRefusal, type AccessNumberEntry } from '../../domain/provisioning/access-number-rules';
import type { AccessNumberDirectory } from '../ports/access-numbers';
import type { Clock } from '../ports/clock-and-ids';
import type { AccessNumberRecord, AccessNumberStore } from '../ports/admin-stores';
import { AdminError, notFound } from './admin-error';

export type AccessNumberPatch = Partial<Omit<AccessNumberEntry, 'number'>>;

/**
 * The directory of access numbers: which numbers callers dial, what they
 * hear on each before the code, and the label people see it under. Anyone
 * signed in reads it (the portal's dial-in card, invitations); only the
 * platform's operator changes it (the routes and the command line say so,
 * as for tariffs).
 */
export interface AccessNumbersService {
  list(): Promise<AccessNumberRecord[]>;
  get(number: string): Promise<AccessNumberRecord>;
  create(entry: AccessNumberEntry): Promise<AccessNumberRecord>;
  update(number: string, patch: AccessNumberPatch): Promise<AccessNumberRecord>;
  /** Its callers are still answered, in the default language. */
  delete(number: string): Promise<void>;
}

export function createAccessNumbersService(deps: { accessNumbers: AccessNumberStore; clock: Pick<Clock, 'now'> }): AccessNumbersService {
  const { accessNumbers, clock } = deps;

  async function existing(number: string): Promise<AccessNumberRecord> {
    const found = await accessNumbers.get(number);
    if (found === null) throw notFound('access number');
    return found;
  }

  function checked(entry: AccessNumberEntry): AccessNumberEntry {
    const normalised = { ...entry, label: entry.label.trim() };
    const refused = accessNumberRefusal(normalised);
    if (refused !== null) throw new AdminError('invalid', refused.message, refused.field);
    return normalised;
  }

  return {
    list: () => accessNumbers.list(),
    get: existing,
    async create(entry) {
      const created = await accessNumbers.create(checked(entry), clock.now());
      if (created === null) throw new AdminError('conflict', `access number ${entry.number} is in the directory already`);
      return created;
    },
    async update(number, patch) {
      const { internationalNumber, label, defaultLanguage } = checked({ ...(await existing(number)), ...patch });
      const updated = await accessNumbers.update(number, { internationalNumber, label, defaultLanguage }, clock.now());
      if (updated === null) throw notFound('access number');
      return updated;
    },
    async delete(number) {
      if (!(await accessNumbers.delete(number))) throw notFound('access number');
    },
  };
}

/** The directory as the invitations list it: each number in international form, with its label and language. */
export function invitationAccessNumbers(accessNumbers: Pick<AccessNumberStore, 'list'>): AccessNumberDirectory {
  return {
    list: async () =>
      (await accessNumbers.list()).map((entry) => ({
        number: entry.internationalNumber,
        language: entry.defaultLanguage,
        label: entry.label,
      })),
  };
}
