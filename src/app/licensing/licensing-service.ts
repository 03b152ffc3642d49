import { formatLocalDate, localDayOf, type LocalDate } from '../../domain/billing/calendar';
import type { LicencePlan } from '../../domain/licensing/licence-plans';
import { assignmentRefusal, endRefusal, isLicenceRefusal, type LicenceRefusal } from '../../domain/licensing/licence-rules';
import { AdminError, notFound } from '../admin/admin-error';
import { canSeeOrganisation, type Principal } from '../admin/roles';
import type { OrganisationStore, UserStore } from '../ports/admin-stores';
import type { Clock } from '../ports/clock-and-ids';
import type { Licence, LicenceStore } from '../ports/licence-store';

export type PlanInput = LicencePlan;
export type PlanPatch = Partial<Omit<LicencePlan, 'id'>>;

/** Licence plans (the operator's) and personal licences (the organisations' admins'), within each caller's scope. */
export interface LicensingService {
  plans(): Promise<LicencePlan[]>;
  createPlan(principal: Principal, plan: PlanInput): Promise<LicencePlan>;
  updatePlan(principal: Principal, id: string, patch: PlanPatch): Promise<LicencePlan>;
  defaultPlan(): Promise<LicencePlan>;
  setDefaultPlan(principal: Principal, id: string): Promise<LicencePlan>;
  licencesOfUser(principal: Principal, userId: string): Promise<Licence[]>;
  licencesOfOrganisation(principal: Principal, organisationId: string): Promise<Licence[]>;
  assign(
    principal: Principal,
    userId: string,
    input: { planId: string; startsOn?: LocalDate; endsOn?: LocalDate | null },
  ): Promise<Licence>;
  end(principal: Principal, licenceId: string, endsOn?: LocalDate): Promise<Licence>;
  /** The plan a room of `ownerUserId` runs under today. */
  planOfOwner(ownerUserId: string | null): Promise<LicencePlan>;
}

export function createLicensingService(deps: {
  licences: LicenceStore;
  users: Pick<UserStore, 'get'>;
  organisations: Pick<OrganisationStore, 'get'>;
  clock: Pick<Clock, 'now'>;
  timeZone: string;
}): LicensingService {
  const { licences, users, clock, timeZone } = deps;
  const today = (): LocalDate => localDayOf(clock.now(), timeZone);

  function checkOperator(principal: Principal): void {
    if (principal.role !== 'operator') throw new AdminError('forbidden', 'only an operator manages licence plans');
  }

  async function planOrInvalid(id: string, field: string): Promise<LicencePlan> {
    const plan = await licences.plan(id);
    if (!plan) throw new AdminError('invalid', 'unknown licence plan', field);
    return plan;
  }

  async function visibleLicence(principal: Principal, id: string): Promise<Licence> {
    const licence = await licences.get(id);
    if (!licence || !canSeeOrganisation(principal, licence.organisationId)) throw notFound('licence');
    return licence;
  }

  async function visibleUser(principal: Principal, userId: string) {
    const user = await users.get(userId);
    if (!user || !canSeeOrganisation(principal, user.organisationId)) throw notFound('user');
    return user;
  }

  return {
    plans: () => licences.plans(),
    async createPlan(principal, plan) {
      checkOperator(principal);
      const created = await licences.createPlan(plan, clock.now());
      if (created === 'exists') throw new AdminError('conflict', `a plan ${plan.id} exists already`);
      return created;
    },
    async updatePlan(principal, id, patch) {
      checkOperator(principal);
      const updated = await licences.updatePlan(id, patch, clock.now());
      if (!updated) throw notFound('licence plan');
      return updated;
    },
    defaultPlan: async () => planOrInvalid(await licences.defaultPlanId(), 'planId'),
    async setDefaultPlan(principal, id) {
      checkOperator(principal);
      const plan = await planOrInvalid(id, 'planId');
      await licences.setDefaultPlan(id, clock.now());
      return plan;
    },
    async licencesOfUser(principal, userId) {
      await visibleUser(principal, userId);
      return licences.licencesOf(userId);
    },
    async licencesOfOrganisation(principal, organisationId) {
      if (!canSeeOrganisation(principal, organisationId) || !(await deps.organisations.get(organisationId))) throw notFound('organisation');
      return licences.licencesOfOrganisations(
        new Set([organisationId]),
        { year: 1970, month: 1, day: 1 },
        { year: 9999, month: 12, day: 31 },
      );
    },
    async assign(principal, userId, input) {
      const user = await visibleUser(principal, userId);
      const plan = await planOrInvalid(input.planId, 'planId');
      const wanted = { startsOn: input.startsOn ?? today(), endsOn: input.endsOn ?? null };
      const assigned = await licences.assign(
        {
          userId,
          organisationId: user.organisationId,
          planId: plan.id,
          priceOrePerYear: plan.priceOrePerYear,
          ...wanted,
          createdAt: clock.now(),
        },
        (holder, held) => assignmentRefusal(holder, held, wanted),
      );
      return orRefuse(assigned);
    },
    async end(principal, licenceId, endsOn) {
      await visibleLicence(principal, licenceId);
      const day = endsOn ?? today();
      const ended = orRefuse(await licences.end(licenceId, day, (licence) => endRefusal(licence, day)));
      if (!ended) throw notFound('licence');
      return ended;
    },
    planOfOwner: (ownerUserId) => licences.planOfOwner(ownerUserId, today()),
  };
}

/** `outcome`, unless the rules refused: then the refusal, as a 4xx. */
function orRefuse<T>(outcome: T | LicenceRefusal): T {
  if (isLicenceRefusal(outcome)) throw new AdminError('invalid', outcome.message, outcome.field);
  return outcome;
}

/** A licence's days as the API and the command line show them. */
export function licenceView(licence: Licence) {
  return {
    ...licence,
    startsOn: formatLocalDate(licence.startsOn),
    endsOn: licence.endsOn === null ? null : formatLocalDate(licence.endsOn),
  };
}
