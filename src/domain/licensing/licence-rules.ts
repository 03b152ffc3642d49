import { compareLocalDates, formatLocalDate, type LocalDate } from '../billing/calendar';

/** Why a licence cannot be given or ended as asked: a value, like every refusal of the domain. */
export interface LicenceRefusal {
  kind: 'licence-refused';
  field: string;
  message: string;
}

export function licenceRefusal(field: string, message: string): LicenceRefusal {
  return { kind: 'licence-refused', field, message };
}

export function isLicenceRefusal(outcome: unknown): outcome is LicenceRefusal {
  return typeof outcome === 'object' && outcome !== null && 'kind' in outcome && outcome.kind === 'licence-refused';
}

/** A licence as the rules see it: one person's, for a span of local days (both inclusive; open-ended without an end). */
export interface LicenceSpan {
  startsOn: LocalDate;
  endsOn: LocalDate | null;
}

/** What the rules need to know of the user a licence is for. */
export interface LicenceHolder {
  sharedMailbox: boolean;
}

/**
 * A licence is personal: it goes to one user who is a person, never to a
 * shared mailbox (a functional address several people read), and a user
 * holds at most one licence on any day. A licence has exactly one user by
 * construction, so it is never shared by two.
 */
export function assignmentRefusal(
  holder: LicenceHolder | null,
  existing: readonly LicenceSpan[],
  wanted: LicenceSpan,
): LicenceRefusal | null {
  if (holder === null) return licenceRefusal('userId', 'unknown user');
  if (holder.sharedMailbox) return licenceRefusal('userId', 'a licence is personal: a shared mailbox cannot hold one');
  if (wanted.endsOn !== null && compareLocalDates(wanted.endsOn, wanted.startsOn) < 0) {
    return licenceRefusal('endsOn', 'endsOn must not be before startsOn');
  }
  const clash = existing.find((licence) => spansOverlap(licence, wanted));
  if (clash !== undefined) {
    return licenceRefusal('startsOn', `the user already holds a licence from ${formatLocalDate(clash.startsOn)}: end it first`);
  }
  return null;
}

/** A licence ends on a day on or after its first and not after its current end. */
export function endRefusal(licence: LicenceSpan, endsOn: LocalDate): LicenceRefusal | null {
  if (compareLocalDates(endsOn, licence.startsOn) < 0) return licenceRefusal('endsOn', 'a licence cannot end before it starts');
  if (licence.endsOn !== null && compareLocalDates(endsOn, licence.endsOn) > 0)
    return licenceRefusal('endsOn', 'the licence ends before that already');
  return null;
}

/** A user marked as a shared mailbox must not hold a licence that still runs on `today` or later. */
export function sharedMailboxRefusal(licences: readonly LicenceSpan[], today: LocalDate): LicenceRefusal | null {
  const running = licences.some((licence) => licence.endsOn === null || compareLocalDates(licence.endsOn, today) >= 0);
  return running ? licenceRefusal('sharedMailbox', 'the user holds a personal licence: end it first') : null;
}

function spansOverlap(a: LicenceSpan, b: LicenceSpan): boolean {
  const aEndsBeforeB = a.endsOn !== null && compareLocalDates(a.endsOn, b.startsOn) < 0;
  const bEndsBeforeA = b.endsOn !== null && compareLocalDates(b.endsOn, a.startsOn) < 0;
  return !aEndsBeforeB && !bEndsBeforeA;
}
