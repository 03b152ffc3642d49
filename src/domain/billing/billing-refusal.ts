/**
 * Why a change to billing (a tariff, a VAT rate, a room price, an adjustment) cannot be made
 * as asked. A refusal is a value, not an exception: the app turns it into its
 * own error once, and the edges say it in their words. `field` names the
 * input at fault as the admin API calls it; messages never contain a code.
 */
export interface BillingRefusal {
  kind: 'refused';
  code: BillingRefusalCode;
  field: string;
  message: string;
}

export type BillingRefusalCode =
  | 'unknown-organisation'
  | 'unknown-meeting'
  | 'unknown-leg'
  | 'leg-of-another-organisation'
  | 'meeting-of-another-organisation'
  /** A tariff or VAT rate would start before now. */
  | 'retroactive'
  /** A tariff of the same account, or a VAT rate, already starts at that instant. */
  | 'already-starts-then'
  | 'invalid-amount'
  | 'missing-reason'
  /** A price for a room type that is charged per minute only (the unlimited room). */
  | 'not-sold-by-the-month';

export function billingRefusal(code: BillingRefusalCode, field: string, message: string): BillingRefusal {
  return { kind: 'refused', code, field, message };
}

export function isBillingRefusal(outcome: unknown): outcome is BillingRefusal {
  return typeof outcome === 'object' && outcome !== null && 'kind' in outcome && outcome.kind === 'refused';
}

/** The organisation named does not exist (it is for the caller to fix, not a fault). */
export function unknownAccount(): BillingRefusal {
  return billingRefusal('unknown-organisation', 'organisationId', 'no organisation with that id');
}
