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
  let own: Tariff | null = null;
  let fallback: Tariff | null = null;
  for (const tariff of tariffs) {
    if (tariff.effectiveFrom > at) continue;
    if (tariff.organisationId === organisationId) {
      if (own === null || tariff.effectiveFrom > own.effectiveFrom) own = tariff;
    } else if (tariff.organisationId === null) {
      if (fallback === null || tariff.effectiveFrom > fallback.effectiveFrom) fallback = tariff;
    }
  }
  return own ?? fallback;
}
