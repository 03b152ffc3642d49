import type { LocalDate } from '../../domain/billing/calendar';
import type { LicencePlan } from '../../domain/licensing/licence-plans';

/** One person's licence of a plan, for local days `startsOn`..`endsOn` (inclusive; open-ended without an end). */
export interface Licence {
  id: string;
  userId: string;
  organisationId: string;
  planId: string;
  /** Frozen when assigned: a later price change of the plan is for new licences. */
  priceOrePerYear: number;
  startsOn: LocalDate;
  endsOn: LocalDate | null;
  createdAt: number;
}

/**
 * Plans, the default plan and licences. Synchronous like the other admin
 * stores it is used beside (the users service checks licences when a user
 * becomes a shared mailbox).
 */
export interface LicenceStore {
  plans(): LicencePlan[];
  plan(id: string): LicencePlan | null;
  createPlan(plan: LicencePlan, at: number): LicencePlan | 'exists';
  updatePlan(id: string, patch: Partial<Omit<LicencePlan, 'id'>>, at: number): LicencePlan | null;
  defaultPlanId(): string;
  setDefaultPlan(id: string, at: number): void;
  get(id: string): Licence | null;
  licencesOf(userId: string): Licence[];
  /** Licences of the organisations that run on some day of `from`..`to`. */
  licencesOfOrganisations(organisationIds: ReadonlySet<string> | 'all', from: LocalDate, to: LocalDate): Licence[];
  assign(licence: Omit<Licence, 'id'>): Licence;
  end(id: string, endsOn: LocalDate): Licence | null;
  /** The plan a room owned by `ownerUserId` runs under on `day`: the owner's licence's, or the default. */
  planOfOwner(ownerUserId: string | null, day: LocalDate): LicencePlan;
}
