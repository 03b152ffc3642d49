/** Refusals of billing changes; the message never contains a conference code. */
export type BillingErrorCode =
  | 'unknown-organisation'
  | 'unknown-meeting'
  | 'unknown-leg'
  | 'leg-of-another-organisation'
  | 'meeting-of-another-organisation'
  | 'retroactive-tariff'
  | 'tariff-exists'
  | 'invalid-amount'
  | 'missing-reason';

export class BillingError extends Error {
  constructor(
    readonly code: BillingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BillingError';
  }
}
