export type ConferenceErrorCode =
  /** The code is already used by an active conference (which one is not said). */
  | 'code-in-use'
  /** A given code is not 6–12 digits. */
  | 'invalid-code'
  /** The leader and participant codes are the same. */
  | 'same-codes'
  /** A code role that the conference does not have (e.g. `single` on a pair). */
  | 'wrong-code-role'
  | 'unknown-organisation'
  /** The owner does not exist or belongs to another organisation. */
  | 'unknown-owner'
  | 'invalid-validity-window'
  | 'invalid-max-duration';

/**
 * A request the conference rules refuse. `field` names the input at fault so
 * the HTTP and command-line layers can point at it. Messages never contain
 * code digits.
 */
export class ConferenceError extends Error {
  constructor(
    readonly code: ConferenceErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConferenceError';
  }
}
