import type { Clock } from '../ports/clock-and-ids';
import { AdminError, notFound } from './admin-error';
import type { AdminOrganisation, OrganisationStore } from '../ports/admin-stores';
import { canSeeOrganisation, type Principal } from './roles';

export interface OrganisationInput {
  name: string;
  billingReference: string;
  /** Operators only; a reseller's new organisations are always its own customers. */
  resellerOrganisationId?: string | null;
}

export type OrganisationPatch = Partial<OrganisationInput>;

export interface OrganisationsService {
  list(principal: Principal): AdminOrganisation[];
  get(principal: Principal, id: string): AdminOrganisation;
  create(principal: Principal, input: OrganisationInput): AdminOrganisation;
  update(principal: Principal, id: string, patch: OrganisationPatch): AdminOrganisation;
}

export function createOrganisationsService(deps: { organisations: OrganisationStore; clock: Pick<Clock, 'now'> }): OrganisationsService {
  const { organisations, clock } = deps;

  function visible(principal: Principal, id: string): AdminOrganisation {
    const organisation = canSeeOrganisation(principal, id) ? organisations.get(id) : null;
    if (!organisation) throw notFound('organisation');
    return organisation;
  }

  function checkResellerChoice(principal: Principal, resellerOrganisationId: string | null | undefined): void {
    if (resellerOrganisationId === undefined) return;
    if (principal.role !== 'operator') throw new AdminError('forbidden', 'only an operator chooses the reseller');
    if (resellerOrganisationId !== null && !organisations.get(resellerOrganisationId)) {
      throw new AdminError('invalid', 'unknown organisation', 'resellerOrganisationId');
    }
  }

  return {
    list(principal: Principal): AdminOrganisation[] {
      return organisations.list(principal.visibleOrganisations === 'all' ? undefined : principal.visibleOrganisations);
    },

    get: visible,

    create(principal: Principal, input: OrganisationInput): AdminOrganisation {
      checkResellerChoice(principal, input.resellerOrganisationId);
      const resellerOrganisationId = principal.role === 'reseller' ? principal.organisationId : (input.resellerOrganisationId ?? null);
      return organisations.create({ name: input.name, billingReference: input.billingReference, resellerOrganisationId }, clock.now());
    },

    update(principal: Principal, id: string, patch: OrganisationPatch): AdminOrganisation {
      visible(principal, id);
      checkResellerChoice(principal, patch.resellerOrganisationId);
      if (patch.resellerOrganisationId === id) {
        throw new AdminError('invalid', 'an organisation cannot resell itself', 'resellerOrganisationId');
      }
      const updated = organisations.update(id, patch);
      if (!updated) throw notFound('organisation');
      return updated;
    },
  };
}
