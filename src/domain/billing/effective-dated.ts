import { billingRefusal, type BillingRefusal } from './billing-refusal';

/**
 * Billing settings that change by date — tariffs, VAT rates, room prices —
 * are effective-dated the same way: a change is a new row in force from an
 * instant (the start of a local day, as finance names it) until the next
 * row of the same scope, never an edit and never in the past, so a report
 * regenerated after a change gives the same figures.
 */
export interface EffectiveDated {
  effectiveFrom: number;
}

/** The row in force at `at` among those that apply: the latest that started at or before it. */
export function inForceAt<T extends EffectiveDated>(rows: readonly T[], at: number, applies: (row: T) => boolean = () => true): T | null {
  let inForce: T | null = null;
  for (const row of rows) {
    if (row.effectiveFrom <= at && (inForce === null || row.effectiveFrom > inForce.effectiveFrom) && applies(row)) inForce = row;
  }
  return inForce;
}

/** What the refusals call a row: "a tariff", and its scope: "for this account" (none for a VAT rate). */
export interface EffectiveDatedName {
  subject: string;
  scope?: string;
}

/**
 * Whether a new row may start at `effectiveFrom`, asked at `at` (now): never
 * before now (what was charged keeps its figures, and what is still open
 * would pay a price nobody had announced), and one per scope and starting
 * instant (`startsThenAlready`).
 */
export function effectiveFromRefusal(
  name: EffectiveDatedName,
  effectiveFrom: number,
  at: number,
  startsThenAlready: boolean,
): BillingRefusal | null {
  if (effectiveFrom < at) return billingRefusal('retroactive', 'effectiveFrom', `${name.subject} cannot take effect in the past`);
  if (startsThenAlready) {
    const scoped = name.scope === undefined ? name.subject : `${name.subject} ${name.scope}`;
    return billingRefusal('already-starts-then', 'effectiveFrom', `${scoped} already starts at that instant`);
  }
  return null;
}
