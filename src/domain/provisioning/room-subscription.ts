import { addMonths, compareLocalDates, formatLocalDate, localDayOf, type LocalDate } from '../billing/calendar';
import { isUpgrade, roomRules, type RoomType } from '../room-types';
import { refusal, type ProvisioningRefusal } from './provisioning-refusal';

/**
 * A room's subscription (NHN's rooms): it starts when the room is created,
 * and its type's monthly fee is charged from then until the room is
 * deleted (src/domain/billing/room-fee.ts). "From 1 Jan 2021 a room has a
 * one-year binding period. You can upgrade the room type at any time during
 * it, but not downgrade or cancel before a year has passed."
 */
export const BINDING_MONTHS = 12;

/** The room's type from an instant on: one entry of its subscription's history. */
export interface RoomTypeChange {
  roomType: RoomType;
  at: number;
}

/** A room's subscription as the rules see it: its whole history, kept so past months can be recomputed. */
export interface RoomSubscription {
  startedAt: number;
  /** 12 for a room created since subscriptions exist, 0 for one that was there before (sql/0012). */
  bindingMonths: number;
  /** Oldest first; the first is the type the room was created with. */
  types: readonly RoomTypeChange[];
  /** When the room was deleted; null while it exists. */
  endedAt: number | null;
}

/**
 * The first day a downgrade or a deletion is allowed: `bindingMonths` after
 * the local day the room was created (created 31 January: allowed from 31
 * January a year later; created 29 February: from 28 February). Null when
 * the subscription has no binding.
 */
export function bindingEndsOn(subscription: Pick<RoomSubscription, 'startedAt' | 'bindingMonths'>, timeZone: string): LocalDate | null {
  if (subscription.bindingMonths === 0) return null;
  return addMonths(localDayOf(subscription.startedAt, timeZone), subscription.bindingMonths);
}

/**
 * Whether the binding refuses changing the room from `from` to `to` at
 * `at`: an upgrade (or no change of type) is always allowed, a downgrade
 * only from the day the binding ends. An operator may override a refusal
 * with a reason (the app records and logs it).
 */
export function typeChangeRefusal(
  subscription: RoomSubscription,
  from: RoomType,
  to: RoomType,
  at: number,
  timeZone: string,
): ProvisioningRefusal | null {
  if (from === to || isUpgrade(from, to)) return null;
  const allowedFrom = stillBound(subscription, at, timeZone);
  if (allowedFrom === null) return null;
  return refusal(
    'bound',
    'roomType',
    `${boundSince(subscription, timeZone)}: a downgrade from ${from} to ${to} is allowed from ${formatLocalDate(allowedFrom)}`,
  );
}

/**
 * Whether the binding refuses deleting a room of type `current` at `at`:
 * a room sold by the month cannot be cancelled before the binding ends; one
 * charged per minute only (never sold by the month in its binding, since a
 * downgrade to it is refused too) can.
 */
export function deletionRefusal(
  subscription: RoomSubscription,
  current: RoomType,
  at: number,
  timeZone: string,
): ProvisioningRefusal | null {
  if (!roomRules(current).monthlyFee) return null;
  const allowedFrom = stillBound(subscription, at, timeZone);
  if (allowedFrom === null) return null;
  return refusal('bound', 'conferenceId', `${boundSince(subscription, timeZone)}: it can be deleted from ${formatLocalDate(allowedFrom)}`);
}

/** The day the binding ends, if that is after the day of `at`; else null. */
function stillBound(subscription: RoomSubscription, at: number, timeZone: string): LocalDate | null {
  const allowedFrom = bindingEndsOn(subscription, timeZone);
  if (allowedFrom === null || compareLocalDates(localDayOf(at, timeZone), allowedFrom) >= 0) return null;
  return allowedFrom;
}

function boundSince(subscription: RoomSubscription, timeZone: string): string {
  const since = formatLocalDate(localDayOf(subscription.startedAt, timeZone));
  return `the room is bound for ${subscription.bindingMonths} months from ${since}`;
}
