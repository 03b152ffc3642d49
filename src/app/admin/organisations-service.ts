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
  list(principal: Principal): Promise<AdminOrganisation[]>;
  get(principal: Principal, id: string): Promise<AdminOrganisation>;
  create(principal: Principal, input: OrganisationInput): Promise<AdminOrganisation>;
  update(principal: Principal, id: string, patch: OrganisationPatch): Promise<AdminOrganisation>;
}

export function createOrganisationsService(deps: { organisations: OrganisationStore; clock: Pick<Clock, 'now'> }): OrganisationsService {
  const { organisations, clock } = deps;

  async function visible(principal: Principal, id: string): Promise<AdminOrganisation> {
    const organisation = canSeeOrganisation(principal, id) ? await organisations.get(id) : null;
    if (!organisation) throw notFound('organisation');
    return organisation;
  }

  async function checkResellerChoice(principal: Principal, resellerOrganisationId: string | null | undefined): Promise<void> {
    if (resellerOrganisationId === undefined) return;
    if (principal.role !== 'operator') throw new AdminError('forbidden', 'only an operator chooses the reseller');
    if (resellerOrganisationId !== null && !(await organisations.get(resellerOrganisationId))) {
      throw new AdminError('invalid', 'unknown organisation', 'resellerOrganisationId');
    }
  }

  return {
    list(principal: Principal): Promise<AdminOrganisation[]> {
      return organisations.list(principal.visibleOrganisations === 'all' ? undefined : principal.visibleOrganisations);
    },

    get: visible,

    async create(principal: Principal, input: OrganisationInput): Promise<AdminOrganisation> {
      await checkResellerChoice(principal, input.resellerOrganisationId);
      const resellerOrganisationId = principal.role === 'reseller' ? principal.organisationId : (input.resellerOrganisationId ?? null);
      return organisations.create({ name: input.name, billingReference: input.billingReference, resellerOrganisationId }, clock.now());
    },

    async update(principal: Principal, id: string, patch: OrganisationPatch): Promise<AdminOrganisation> {
      await visible(principal, id);
      await checkResellerChoice(principal, patch.resellerOrganisationId);
      if (patch.resellerOrganisationId === id) {
        throw new AdminError('invalid', 'an organisation cannot resell itself', 'resellerOrganisationId');
      }
      const updated = await organisations.update(id, patch);
      if (!updated) throw notFound('organisation');
      return updated;
    },
  };
}
