import type { CodeRole } from '../../domain/conference/conference-settings';
import type { Clock } from '../ports/clock-and-ids';
import type { LiveControl } from '../ports/live-control';
import { AdminError, notFound } from './admin-error';
import { CODE_ROLES_OF_KIND } from './code-kinds';
import type { AdminConference, ConferenceFields, ConferenceStore, IssuedCode, NewConferenceInput, UserStore } from '../ports/admin-stores';
import { canSeeConference, canSeeOrganisation, type Principal } from './roles';

export type ConferenceInput = Omit<NewConferenceInput, 'organisationId'> & {
  /** Defaults to the caller's organisation. */
  organisationId?: string;
};

export type ConferencePatch = Partial<ConferenceFields>;

export interface ConferenceFilter {
  organisationId?: string;
  ownerUserId?: string;
}

/** Conferences and their codes, as each caller may see and change them. */
export interface ConferencesService {
  list(principal: Principal, filter: ConferenceFilter): AdminConference[];
  get(principal: Principal, id: string): AdminConference;
  /** The codes are returned here and never again. */
  create(principal: Principal, input: ConferenceInput): { conference: AdminConference; codes: IssuedCode[] };
  update(principal: Principal, id: string, patch: ConferencePatch): AdminConference;
  /** A meeting in progress is ended cleanly first, so its legs close and are charged. */
  delete(principal: Principal, id: string): void;
  /** A new code for `role`, in effect for the next caller. */
  resetCode(principal: Principal, id: string, role: CodeRole): IssuedCode;
}

export function createConferencesService(deps: {
  conferences: ConferenceStore;
  users: UserStore;
  liveControl: LiveControl;
  clock: Pick<Clock, 'now'>;
}): ConferencesService {
  const { conferences, users, liveControl, clock } = deps;

  function visible(principal: Principal, id: string): AdminConference {
    const conference = conferences.get(id);
    if (!conference || !canSeeConference(principal, conference)) throw notFound('conference');
    return conference;
  }

  /** The owner must be a user of the conference's organisation; a plain user only owns its own. */
  function checkOwner(principal: Principal, organisationId: string, ownerUserId: string | null): void {
    if (principal.role === 'user') {
      if (ownerUserId !== principal.userId) {
        throw new AdminError('invalid', 'a user can only own its own conferences', 'ownerUserId');
      }
      return;
    }
    if (ownerUserId === null) return;
    const owner = users.get(ownerUserId);
    if (!owner || owner.organisationId !== organisationId) {
      throw new AdminError('invalid', 'unknown user in this organisation', 'ownerUserId');
    }
  }

  return {
    list(principal: Principal, filter: ConferenceFilter): AdminConference[] {
      if (principal.role === 'user') {
        if (filter.ownerUserId !== undefined && filter.ownerUserId !== principal.userId) return [];
        if (filter.organisationId !== undefined && filter.organisationId !== principal.organisationId) return [];
        return conferences.list({ ownerUserId: principal.userId });
      }
      const organisationIds =
        filter.organisationId === undefined
          ? principal.visibleOrganisations === 'all'
            ? undefined
            : principal.visibleOrganisations
          : canSeeOrganisation(principal, filter.organisationId)
            ? new Set([filter.organisationId])
            : new Set<string>();
      return conferences.list({ organisationIds, ownerUserId: filter.ownerUserId });
    },

    get: visible,

    create(principal: Principal, input: ConferenceInput): { conference: AdminConference; codes: IssuedCode[] } {
      const organisationId = input.organisationId ?? principal.organisationId;
      if (!canSeeOrganisation(principal, organisationId)) {
        throw new AdminError('invalid', 'unknown organisation', 'organisationId');
      }
      const ownerUserId = principal.role === 'user' ? (input.ownerUserId ?? principal.userId) : input.ownerUserId;
      checkOwner(principal, organisationId, ownerUserId);
      return conferences.create({ ...input, organisationId, ownerUserId }, clock.now());
    },

    update(principal: Principal, id: string, patch: ConferencePatch): AdminConference {
      const conference = visible(principal, id);
      if (patch.ownerUserId !== undefined) checkOwner(principal, conference.organisationId, patch.ownerUserId);
      const updated = conferences.update(id, patch, clock.now());
      if (!updated) throw notFound('conference');
      return updated;
    },

    /** A meeting in progress is ended cleanly first, so its legs close and are charged. */
    delete(principal: Principal, id: string): void {
      visible(principal, id);
      if (liveControl.get(id)) liveControl.command(id, { kind: 'end', reason: 'conference-deleted' });
      conferences.delete(id, clock.now());
    },

    resetCode(principal: Principal, id: string, role: CodeRole): IssuedCode {
      const conference = visible(principal, id);
      if (!CODE_ROLES_OF_KIND[conference.codeKind].includes(role)) {
        throw new AdminError('invalid', `a ${conference.codeKind} conference has no ${role} code`, 'role');
      }
      const code = conferences.resetCode(id, role, clock.now());
      if (!code) throw notFound('conference');
      return code;
    },
  };
}
