import type { CodeRole } from '../../domain/conference/conference-settings';
import type { Clock } from '../ports/clock-and-ids';
import type { LiveControl } from '../ports/live-control';
import { AdminError, notFound } from './admin-error';
import type { IssuedCode } from '../../domain/provisioning/conference-codes';
import type { ConferenceFields, NewConference } from '../../domain/provisioning/conference-rules';
import { isRefusal, type ProvisioningRefusal } from '../../domain/provisioning/provisioning-refusal';
import type { ConferenceProvisioning, ProvisionedConference } from './conference-provisioning';
import type { AdminConference } from '../ports/admin-stores';
import { canSeeConference, canSeeOrganisation, type Principal } from './roles';

export type ConferenceInput = Omit<NewConference, 'organisationId'> & {
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
  create(principal: Principal, input: ConferenceInput): ProvisionedConference;
  update(principal: Principal, id: string, patch: ConferencePatch): AdminConference;
  /** A meeting in progress is ended cleanly first, so its legs close and are charged. */
  delete(principal: Principal, id: string): void;
  /** A new code for `role`, in effect for the next caller. */
  resetCode(principal: Principal, id: string, role: CodeRole): IssuedCode;
}

/**
 * Who may provision what, over the provisioning rules: a conference outside
 * the caller's scope does not exist for it, and a plain user only owns its
 * own conferences. The rules' refusals become `invalid` admin errors here,
 * in one place.
 */
export function createConferencesService(deps: {
  provisioning: ConferenceProvisioning;
  liveControl: LiveControl;
  clock: Pick<Clock, 'now'>;
}): ConferencesService {
  const { provisioning, liveControl, clock } = deps;

  function visible(principal: Principal, id: string): AdminConference {
    const conference = provisioning.get(id);
    if (!conference || !canSeeConference(principal, conference)) throw notFound('conference');
    return conference;
  }

  /** A plain user only owns its own conferences (whether the owner belongs to the organisation is a provisioning rule). */
  function checkUserOwnsItself(principal: Principal, ownerUserId: string | null): void {
    if (principal.role === 'user' && ownerUserId !== principal.userId) {
      throw new AdminError('invalid', 'a user can only own its own conferences', 'ownerUserId');
    }
  }

  return {
    list(principal: Principal, filter: ConferenceFilter): AdminConference[] {
      if (principal.role === 'user') {
        if (filter.ownerUserId !== undefined && filter.ownerUserId !== principal.userId) return [];
        if (filter.organisationId !== undefined && filter.organisationId !== principal.organisationId) return [];
        return provisioning.list({ ownerUserId: principal.userId });
      }
      const organisationIds =
        filter.organisationId === undefined
          ? principal.visibleOrganisations === 'all'
            ? undefined
            : principal.visibleOrganisations
          : canSeeOrganisation(principal, filter.organisationId)
            ? new Set([filter.organisationId])
            : new Set<string>();
      return provisioning.list({ organisationIds, ownerUserId: filter.ownerUserId });
    },

    get: visible,

    create(principal: Principal, input: ConferenceInput): ProvisionedConference {
      const organisationId = input.organisationId ?? principal.organisationId;
      if (!canSeeOrganisation(principal, organisationId)) {
        throw new AdminError('invalid', 'unknown organisation', 'organisationId');
      }
      const ownerUserId = principal.role === 'user' ? (input.ownerUserId ?? principal.userId) : (input.ownerUserId ?? null);
      checkUserOwnsItself(principal, ownerUserId);
      return orRefuse(provisioning.create({ ...input, organisationId, ownerUserId }, clock.now()));
    },

    update(principal: Principal, id: string, patch: ConferencePatch): AdminConference {
      visible(principal, id);
      if (patch.ownerUserId !== undefined) checkUserOwnsItself(principal, patch.ownerUserId);
      const updated = orRefuse(provisioning.update(id, patch, clock.now()));
      if (!updated) throw notFound('conference');
      return updated;
    },

    delete(principal: Principal, id: string): void {
      visible(principal, id);
      if (liveControl.get(id)) liveControl.command(id, { kind: 'end', reason: 'conference-deleted' });
      provisioning.delete(id, clock.now());
    },

    resetCode(principal: Principal, id: string, role: CodeRole): IssuedCode {
      visible(principal, id);
      const code = orRefuse(provisioning.resetCode(id, role, clock.now()));
      if (code === null) throw notFound('conference');
      return { role, code };
    },
  };
}

/** The one translation of the provisioning rules' refusals into the app's error. */
function orRefuse<T>(outcome: T | ProvisioningRefusal): T {
  if (isRefusal(outcome)) throw new AdminError('invalid', outcome.message, outcome.field);
  return outcome;
}
