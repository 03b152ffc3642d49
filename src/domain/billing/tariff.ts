import { billingRefusal, unknownAccount, type BillingRefusal } from './billing-refusal';
import { effectiveFromRefusal, inForceAt } from './effective-dated';
import type { RoundingMode } from './rounding';

/** An effective-dated rate, for one account or (organisationId null) the default for all. */
export interface Tariff {
  id: string;
  organisationId: string | null;
  /** In force from this instant until the next tariff of the same scope. */
  effectiveFrom: number;
  rateOrePerMinute: number;
  rounding: RoundingMode;
}

/**
 * The tariff that rates a leg: the one in force at the instant the leg entered
 * the open meeting. The account's own tariffs take precedence over the
 * defaults: the latest account tariff with effectiveFrom <= at, else the latest
 * default tariff with effectiveFrom <= at, else none. A leg is rated whole at
 * that one tariff, so a new rate (a new row from a later date) never changes a
 * leg that entered before it.
 */
export function tariffInForce(tariffs: readonly Tariff[], organisationId: string, at: number): Tariff | null {
  return (
    inForceAt(tariffs, at, (tariff) => tariff.organisationId === organisationId) ??
    inForceAt(tariffs, at, (tariff) => tariff.organisationId === null)
  );
}

/** A tariff to add; the store gives it its id. */
export type NewTariff = Omit<Tariff, 'id'>;

/**
 * Whether a new tariff may be added at `at` (now), given the tariffs there
 * are and whether its account exists. A rate is a whole, non-negative number
 * of øre per minute; it may not start before now (legs already rated keep
 * their charges, and a retroactive rate would make legs still open pay a
 * price nobody had announced); one tariff per account and starting instant.
 */
export function newTariffRefusal(
  tariff: NewTariff,
  at: number,
  known: { tariffs: readonly Tariff[]; accountExists: boolean },
): BillingRefusal | null {
  if (!Number.isSafeInteger(tariff.rateOrePerMinute) || tariff.rateOrePerMinute < 0) {
    return billingRefusal('invalid-amount', 'rateOrePerMinute', 'the rate must be a whole, non-negative number of øre per minute');
  }
  if (!known.accountExists) return unknownAccount();
  return effectiveFromRefusal(
    { subject: 'a tariff', scope: 'for this account' },
    tariff.effectiveFrom,
    at,
    known.tariffs.some((other) => other.organisationId === tariff.organisationId && other.effectiveFrom === tariff.effectiveFrom),
  );
}
