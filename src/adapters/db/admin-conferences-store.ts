import { AdminError } from '../../app/admin/admin-error';
import type { ConferenceFields, ConferenceStore, IssuedCode, NewConferenceInput } from '../../app/ports/admin-stores';
import type { CodeRole } from '../../domain/conference/conference-settings';
import { assertNever } from '../../domain/assert-never';
import { ConferenceError } from './conference-error';
import type { ConferencesRepository, IssuedCodes } from './conferences-repository';

/**
 * The conferences repository as the admin services use it: codes as a list of
 * (role, digits), and the repository's refusals as `invalid` admin errors that
 * name the field at fault.
 */
export function createAdminConferencesStore(repository: ConferencesRepository): ConferenceStore {
  return {
    create(input: NewConferenceInput, at: number) {
      const { codeKind, ...settings } = input;
      const { conference, codes } = refusalsAsAdminErrors(() => repository.create({ ...settings, codes: { kind: codeKind } }, at));
      return { conference, codes: issuedCodeList(codes) };
    },
    get(id) {
      return repository.get(id);
    },
    list(filter) {
      return repository.list(filter);
    },
    update(id: string, patch: Partial<ConferenceFields>, at: number) {
      return refusalsAsAdminErrors(() => repository.update(id, patch, at));
    },
    delete(id, at) {
      repository.delete(id, at);
    },
    resetCode(id: string, role: CodeRole, at: number): IssuedCode | null {
      const code = refusalsAsAdminErrors(() => repository.resetCode(id, role, at));
      return code === null ? null : { role, code };
    },
  };
}

function refusalsAsAdminErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ConferenceError) throw new AdminError('invalid', error.message, error.field);
    throw error;
  }
}

function issuedCodeList(codes: IssuedCodes): IssuedCode[] {
  switch (codes.kind) {
    case 'pair':
      return [
        { role: 'leader', code: codes.leader },
        { role: 'participant', code: codes.participant },
      ];
    case 'single':
      return [{ role: 'single', code: codes.single }];
    default:
      return assertNever(codes);
  }
}
