/**
 * Rating closed legs into charges (implemented by adapters/db). The bridge
 * calls it after legs close; the charge report calls it before reading.
 */
export interface ChargeRater {
  /**
   * Rates every closed, not yet rated leg into `charges`. Idempotent: a rated
   * leg is never rewritten, and never rated twice, so running it twice (or
   * from two processes on one store at once) is safe.
   */
  rateClosedLegs(at: number): Promise<RatingSummary>;
}

export interface RatingSummary {
  /** Legs that got their charge row in this run. */
  rated: number;
  /** Sum of the new charges. */
  amountOre: number;
  /** Legs that changed after they had been rated: left as they were (correct them with an adjustment). */
  alreadyRated: number;
  /** Legs left waiting because no tariff was in force for them (a configuration fault, logged). */
  withoutTariff: number;
}
