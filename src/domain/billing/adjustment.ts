import { billingRefusal, unknownAccount, type BillingRefusal } from './billing-refusal';

/** A signed correction of an account's charges: charges themselves are never rewritten. */
export interface Adjustment {
  id: string;
  organisationId: string;
  meetingId: string | null;
  legId: string | null;
  /** Signed: negative is a credit to the account. */
  amountOre: number;
  reason: string;
  /** Who made the correction (a user id, or the name given on the command line). */
  createdBy: string;
  /** Places the adjustment in a period. */
  effectiveAt: number;
  createdAt: number;
}

export interface NewAdjustment {
  organisationId: string;
  amountOre: number;
  reason: string;
  createdBy: string;
  meetingId?: string | null;
  legId?: string | null;
  /** Defaults to when it is recorded. */
  effectiveAt?: number;
}

/** What the store knows of the account and of the meeting or leg an adjustment names (null: no such one). */
export interface AdjustmentFacts {
  accountExists: boolean;
  leg: { organisationId: string; meetingId: string } | null;
  meeting: { organisationId: string } | null;
}

/**
 * The adjustment to record at `at` (now), or why not: a whole, non-zero
 * amount of øre, a reason and who made it, an existing account, and a meeting
 * or leg (if named) charged to that same account. A leg names its meeting.
 */
export function adjustmentRecord(input: NewAdjustment, at: number, facts: AdjustmentFacts): Omit<Adjustment, 'id'> | BillingRefusal {
  if (!Number.isSafeInteger(input.amountOre) || input.amountOre === 0) {
    return billingRefusal('invalid-amount', 'amountOre', 'an adjustment is a whole, non-zero number of øre');
  }
  const reason = input.reason.trim();
  const createdBy = input.createdBy.trim();
  if (reason === '' || createdBy === '') return billingRefusal('missing-reason', 'reason', 'an adjustment needs a reason and who made it');
  if (!facts.accountExists) return unknownAccount();
  const legId = input.legId ?? null;
  let meetingId = input.meetingId ?? null;
  if (legId !== null) {
    const { leg } = facts;
    if (leg === null) return billingRefusal('unknown-leg', 'legId', 'no leg in a meeting with that id');
    if (leg.organisationId !== input.organisationId) {
      return billingRefusal('leg-of-another-organisation', 'legId', 'the leg was charged to another account');
    }
    if (meetingId !== null && meetingId !== leg.meetingId)
      return billingRefusal('unknown-meeting', 'meetingId', 'the leg is not in that meeting');
    meetingId = leg.meetingId;
  } else if (meetingId !== null) {
    const { meeting } = facts;
    if (meeting === null) return billingRefusal('unknown-meeting', 'meetingId', 'no meeting with that id');
    if (meeting.organisationId !== input.organisationId) {
      return billingRefusal('meeting-of-another-organisation', 'meetingId', 'the meeting was charged to another account');
    }
  }
  return {
    organisationId: input.organisationId,
    meetingId,
    legId,
    amountOre: input.amountOre,
    reason,
    createdBy,
    effectiveAt: input.effectiveAt ?? at,
    createdAt: at,
  };
}
