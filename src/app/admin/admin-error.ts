/**
 * The expected refusals of the admin services. The HTTP adapter maps each kind
 * to one status in one place; messages are safe to show to the caller (they
 * never contain codes, SQL or internals).
 */
export type AdminErrorKind =
  /** The object does not exist or is outside the caller's scope (never tell which). */
  | 'not-found'
  /** The caller's role does not allow the action on an object it can see. */
  | 'forbidden'
  /** The request is well-formed but names something it cannot use. */
  | 'invalid'
  /** The object's state does not allow the action (e.g. no live meeting). */
  | 'conflict';

/** For `invalid`: why, in a word a client can put in its own words (e.g. a password `too-short`), and the limit broken. */
export interface RefusalReason {
  reason: string;
  limit?: number;
}

export class AdminError extends Error {
  constructor(
    readonly kind: AdminErrorKind,
    message: string,
    /** For `invalid`: the request field at fault, e.g. `ownerUserId`. */
    readonly field?: string,
    /** For `not-found`: what was not found, e.g. `organisation`. */
    readonly subject?: string,
    readonly reason?: RefusalReason,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

export const notFound = (what: string): AdminError => new AdminError('not-found', `${what} not found`, undefined, what);
