import type { LocalDate } from '../../domain/billing/calendar';
import type { LicencePlan } from '../../domain/licensing/licence-plans';
import type { LicenceHolder, LicenceRefusal } from '../../domain/licensing/licence-rules';

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

/** Plans, the default plan and licences. */
export interface LicenceStore {
  plans(): Promise<LicencePlan[]>;
  plan(id: string): Promise<LicencePlan | null>;
  createPlan(plan: LicencePlan, at: number): Promise<LicencePlan | 'exists'>;
  updatePlan(id: string, patch: Partial<Omit<LicencePlan, 'id'>>, at: number): Promise<LicencePlan | null>;
  defaultPlanId(): Promise<string>;
  setDefaultPlan(id: string, at: number): Promise<void>;
  get(id: string): Promise<Licence | null>;
  licencesOf(userId: string): Promise<Licence[]>;
  /** Licences of the organisations that run on some day of `from`..`to`. */
  licencesOfOrganisations(organisationIds: ReadonlySet<string> | 'all', from: LocalDate, to: LocalDate): Promise<Licence[]>;
  /**
   * Gives the licence unless `refusal` refuses it, asked with the user (null
   * when there is no such user) and their licences as they are when it is
   * written: no other assignment to the same user, and no change of the
   * user into a shared mailbox, comes between the check and the write.
   */
  assign(
    licence: Omit<Licence, 'id'>,
    refusal: (holder: LicenceHolder | null, held: Licence[]) => LicenceRefusal | null,
  ): Promise<Licence | LicenceRefusal>;
  /** Ends the licence on `endsOn` unless `refusal` refuses, asked with the licence as it is when it is written; null: no such licence. */
  end(id: string, endsOn: LocalDate, refusal: (licence: Licence) => LicenceRefusal | null): Promise<Licence | LicenceRefusal | null>;
  /** The plan a room owned by `ownerUserId` runs under on `day`: the owner's licence's, or the default. */
  planOfOwner(ownerUserId: string | null, day: LocalDate): Promise<LicencePlan>;
}
