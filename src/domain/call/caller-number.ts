/**
 * Caller numbers as carriers present them, and the one form the bridge
 * counts them in. The same phone reaches Kvorum as `+4791234567`,
 * `004791234567`, `4791234567` or `91234567` depending on the carrier and
 * the trunk; the guessing limits must see one caller, and the ledger keeps
 * both what was presented and the normalised number.
 */

/** Caller ids that mean "withheld", whatever the case. */
const WITHHELD = new Set(['', 'anonymous', 'restricted', 'unavailable', 'unknown', 'private', 'withheld']);

/** The separators people and some carriers put in numbers. */
const SEPARATORS = /[\s.\-()/]/g;

/** E.164: a country code and number, 15 digits at most; the shortest numbering plans in use have 7. */
const E164_DIGITS = /^[0-9]{7,15}$/;

/** A Norwegian subscriber number: eight digits, never starting with 0 (0 starts the international prefix). */
const NORWEGIAN_NATIONAL = /^[1-9][0-9]{7}$/;

const NORWAY = '47';

/** The number as presented (trimmed), or null when the caller withheld it. */
export function presentedCallerNumber(raw: string | null | undefined): string | null {
  const presented = raw?.trim() ?? '';
  return WITHHELD.has(presented.toLowerCase()) ? null : presented;
}

/**
 * The E.164 form of a presented number (`+4791234567`), for counting and
 * reporting:
 * - `+47 912 34 567`, `004791234567` (the international prefix dialled from
 *   Norway), and `4791234567` (Norway's country code without a prefix, as
 *   Norwegian carriers often present it) become `+4791234567`; `00` and
 *   `+` work for any country;
 * - eight national digits are a Norwegian number: `91234567` → `+4791234567`;
 * - anything else (a short number, a SIP user name, letters) cannot be
 *   normalised and is kept exactly as given;
 * - a withheld number stays null: all such callers are one bucket.
 */
export function normaliseCallerNumber(presented: string | null): string | null {
  const given = presentedCallerNumber(presented);
  if (given === null) return null;
  const compact = given.replace(SEPARATORS, '');
  const international = compact.startsWith('+') ? compact.slice(1) : compact.startsWith('00') ? compact.slice(2) : null;
  if (international !== null) return E164_DIGITS.test(international) ? `+${international}` : given;
  if (NORWEGIAN_NATIONAL.test(compact)) return `+${NORWAY}${compact}`;
  if (compact.startsWith(NORWAY) && NORWEGIAN_NATIONAL.test(compact.slice(NORWAY.length))) return `+${compact}`;
  return given;
}
