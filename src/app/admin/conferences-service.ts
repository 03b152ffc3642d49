import type { CodeRole } from '../../domain/conference/conference-settings';
import type { Clock } from '../ports/clock-and-ids';
import type { LiveControl } from '../ports/live-control';
import { AdminError, notFound } from './admin-error';
import type { IssuedCode } from '../../domain/provisioning/conference-codes';
import type { ConferenceFields, NewConference } from '../../domain/provisioning/conference-rules';
import { isRefusal, type ProvisioningRefusal } from '../../domain/provisioning/provisioning-refusal';
import type { ConferenceProvisioning, ProvisionedConference, RoomChangeRequest, RoomSubscriptionStatus } from './conference-provisioning';
import type { AdminConference, ConferenceListFilter, ConferencePage, PageRequest } from '../ports/admin-stores';
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
  list(principal: Principal, filter: ConferenceFilter): Promise<AdminConference[]>;
  /** One page of what `list` would answer, searched by name, and the total (the portal's room list). */
  page(principal: Principal, filter: ConferenceFilter, request: PageRequest): Promise<ConferencePage>;
  get(principal: Principal, id: string): Promise<AdminConference>;
  /** The codes are returned here and never again. */
  create(principal: Principal, input: ConferenceInput): Promise<ProvisionedConference>;
  /**
   * A downgrade inside the room's binding is refused, unless an operator
   * overrides it with a reason (`bindingOverride`), which is kept and logged.
   */
  update(principal: Principal, id: string, patch: ConferencePatch, bindingOverride?: string): Promise<AdminConference>;
  /**
   * A meeting in progress is ended cleanly first, so its legs close and are
   * charged. Refused inside the room's binding, as a downgrade is.
   */
  delete(principal: Principal, id: string, bindingOverride?: string): Promise<void>;
  /** The room's subscription and its history. */
  subscription(principal: Principal, id: string): Promise<RoomSubscriptionStatus>;
  /** A new code for `role`, in effect for the next caller. */
  resetCode(principal: Principal, id: string, role: CodeRole): Promise<IssuedCode>;
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

  async function visible(principal: Principal, id: string): Promise<AdminConference> {
    const conference = await provisioning.get(id);
    if (!conference || !canSeeConference(principal, conference)) throw notFound('conference');
    return conference;
  }

  /** What `filter` selects of the conferences `principal` can see; null: none of them. */
  function scopeOf(principal: Principal, filter: ConferenceFilter): ConferenceListFilter | null {
    if (principal.role === 'user') {
      if (filter.ownerUserId !== undefined && filter.ownerUserId !== principal.userId) return null;
      if (filter.organisationId !== undefined && filter.organisationId !== principal.organisationId) return null;
      return { ownerUserId: principal.userId };
    }
    const organisationIds =
      filter.organisationId === undefined
        ? principal.visibleOrganisations === 'all'
          ? undefined
          : principal.visibleOrganisations
        : canSeeOrganisation(principal, filter.organisationId)
          ? new Set([filter.organisationId])
          : new Set<string>();
    return { organisationIds, ownerUserId: filter.ownerUserId };
  }

  /** A plain user only owns its own conferences (whether the owner belongs to the organisation is a provisioning rule). */
  function checkUserOwnsItself(principal: Principal, ownerUserId: string | null): void {
    if (principal.role === 'user' && ownerUserId !== principal.userId) {
      throw new AdminError('invalid', 'a user can only own its own conferences', 'ownerUserId');
    }
  }

  /** Who asks, for the subscription's history; only an operator overrides a binding. */
  function changeRequest(principal: Principal, bindingOverride: string | undefined): RoomChangeRequest {
    if (bindingOverride !== undefined && principal.role !== 'operator') {
      throw new AdminError('forbidden', "only an operator may override a room's binding");
    }
    return { by: principal.userId, bindingOverride: bindingOverride ?? null };
  }

  return {
    async list(principal: Principal, filter: ConferenceFilter): Promise<AdminConference[]> {
      const scope = scopeOf(principal, filter);
      return scope === null ? [] : provisioning.list(scope);
    },

    async page(principal: Principal, filter: ConferenceFilter, request: PageRequest): Promise<ConferencePage> {
      const scope = scopeOf(principal, filter);
      return scope === null ? { conferences: [], total: 0 } : provisioning.page(scope, request);
    },

    get: visible,

    async create(principal: Principal, input: ConferenceInput): Promise<ProvisionedConference> {
      const organisationId = input.organisationId ?? principal.organisationId;
      if (!canSeeOrganisation(principal, organisationId)) {
        throw new AdminError('invalid', 'unknown organisation', 'organisationId');
      }
      const ownerUserId = principal.role === 'user' ? (input.ownerUserId ?? principal.userId) : (input.ownerUserId ?? null);
      checkUserOwnsItself(principal, ownerUserId);
      return orRefuse(await provisioning.create({ ...input, organisationId, ownerUserId }, clock.now(), principal.userId));
    },

    async update(principal: Principal, id: string, patch: ConferencePatch, bindingOverride?: string): Promise<AdminConference> {
      await visible(principal, id);
      if (patch.ownerUserId !== undefined) checkUserOwnsItself(principal, patch.ownerUserId);
      const request = changeRequest(principal, bindingOverride);
      const updated = orRefuse(await provisioning.update(id, patch, clock.now(), request));
      if (!updated) throw notFound('conference');
      return updated;
    },

    async delete(principal: Principal, id: string, bindingOverride?: string): Promise<void> {
      await visible(principal, id);
      const request = changeRequest(principal, bindingOverride);
      orRefuse(await provisioning.deletionRefusal(id, clock.now(), request));
      if (liveControl.get(id)) liveControl.command(id, { kind: 'end', reason: 'conference-deleted' });
      orRefuse(await provisioning.delete(id, clock.now(), request));
    },

    async subscription(principal: Principal, id: string): Promise<RoomSubscriptionStatus> {
      await visible(principal, id);
      const subscription = await provisioning.subscription(id);
      if (!subscription) throw notFound('room subscription');
      return subscription;
    },

    async resetCode(principal: Principal, id: string, role: CodeRole): Promise<IssuedCode> {
      await visible(principal, id);
      const code = orRefuse(await provisioning.resetCode(id, role, clock.now()));
      if (code === null) throw notFound('conference');
      return { role, code };
    },
  };
}

/**
 * The one translation of the provisioning rules' refusals into the app's
 * error: a room's binding is its state (a conflict), the rest is input the
 * caller must fix.
 */
function orRefuse<T>(outcome: T | ProvisioningRefusal): T {
  if (!isRefusal(outcome)) return outcome;
  if (outcome.code === 'bound') throw new AdminError('conflict', outcome.message);
  throw new AdminError('invalid', outcome.message, outcome.field);
}
