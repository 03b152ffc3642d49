/** A number callers dial to reach Kvorum, as the invitations list it. */
export interface AccessNumber {
  /** International form, e.g. `+4722222222`. */
  number: string;
  /** The language its code prompt starts in. */
  language: 'nb' | 'en';
  /** What it is, e.g. "Norge" or "Toll-free". */
  label: string;
}

/**
 * Where the invitations read the access numbers from. Until the access-number
 * directory is in the database, the configuration (KVORUM_ACCESS_NUMBERS)
 * implements it; the invitations need nothing else of it.
 */
export interface AccessNumberDirectory {
  list(): Promise<AccessNumber[]>;
}
