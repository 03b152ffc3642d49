import { roomRules, type RoomType } from '../room-types';
import { billingRefusal, type BillingRefusal } from './billing-refusal';
import { effectiveFromRefusal } from './effective-dated';

/**
 * A room type's monthly price excl. VAT, effective-dated like tariffs and
 * VAT rates (effective-dated.ts): in force from `effectiveFrom` (the start
 * of a local day) until the next price of the same type. The unlimited room
 * has none: it is charged per minute only.
 */
export interface RoomPrice {
  id: string;
  roomType: RoomType;
  effectiveFrom: number;
  priceOrePerMonth: number;
}

/** A room price to add; the store gives it its id. */
export type NewRoomPrice = Omit<RoomPrice, 'id'>;

/**
 * Whether a new room price may be added at `at` (now): a whole,
 * non-negative number of øre a month, for a type sold by the month, never
 * starting in the past (months already reported keep their figures), one
 * per type and starting instant.
 */
export function newRoomPriceRefusal(price: NewRoomPrice, at: number, prices: readonly RoomPrice[]): BillingRefusal | null {
  if (!roomRules(price.roomType).monthlyFee) {
    return billingRefusal('not-sold-by-the-month', 'roomType', `the ${price.roomType} room has no monthly price: it is charged per minute`);
  }
  if (!Number.isSafeInteger(price.priceOrePerMonth) || price.priceOrePerMonth < 0) {
    return billingRefusal('invalid-amount', 'priceOrePerMonth', 'the price must be a whole, non-negative number of øre a month');
  }
  return effectiveFromRefusal(
    { subject: 'a room price', scope: 'for this room type' },
    price.effectiveFrom,
    at,
    prices.some((other) => other.roomType === price.roomType && other.effectiveFrom === price.effectiveFrom),
  );
}
