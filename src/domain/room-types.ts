/**
 * Room types: the rooms as Norsk Helsenett sells them, and MeetAt's room
 * without a limit. The order is NHN's price list, smallest and cheapest
 * first; it is also the order of upgrades (see `isUpgrade`).
 */
export const ROOM_TYPES = [
  'sensitive',
  'personal',
  'small-administrative',
  'large-administrative',
  'small-auditorium',
  'large-auditorium',
  'unlimited',
] as const;

export type RoomType = (typeof ROOM_TYPES)[number];

export interface RoomRules {
  /**
   * The most people in the room at once, everyone counted: the host,
   * co-hosts, participants, in the meeting or waiting for it; null = no
   * limit. A leader always gets in (see `hasRoomFor`).
   */
  capacity: number | null;
  /** Participants join muted (an audience listening to the host, who gives the floor). */
  participantsJoinMuted: boolean;
  /**
   * Every caller but the host waits for the host's admission (NHN's
   * "sensitive room", autolock). A provisioning rule: such a room cannot be
   * set not to require admission.
   */
  alwaysRequiresAdmission: boolean;
  /** Sold by the month (a room subscription with a fee, sql room_prices); false = per-minute only. */
  monthlyFee: boolean;
}

// A Record over the union makes a new room type without rules a type error.
const RULES: Record<RoomType, RoomRules> = {
  sensitive: { capacity: 5, participantsJoinMuted: false, alwaysRequiresAdmission: true, monthlyFee: true },
  personal: { capacity: 5, participantsJoinMuted: false, alwaysRequiresAdmission: false, monthlyFee: true },
  'small-administrative': { capacity: 10, participantsJoinMuted: false, alwaysRequiresAdmission: false, monthlyFee: true },
  'large-administrative': { capacity: 50, participantsJoinMuted: false, alwaysRequiresAdmission: false, monthlyFee: true },
  'small-auditorium': { capacity: 70, participantsJoinMuted: true, alwaysRequiresAdmission: false, monthlyFee: true },
  'large-auditorium': { capacity: 150, participantsJoinMuted: true, alwaysRequiresAdmission: false, monthlyFee: true },
  unlimited: { capacity: null, participantsJoinMuted: false, alwaysRequiresAdmission: false, monthlyFee: false },
};

export function roomRules(roomType: RoomType): RoomRules {
  return RULES[roomType];
}

export function isRoomType(value: string): value is RoomType {
  return (ROOM_TYPES as readonly string[]).includes(value);
}

/** The room types sold by the month, the ones with a price. */
export const PRICED_ROOM_TYPES: readonly RoomType[] = ROOM_TYPES.filter((type) => RULES[type].monthlyFee);

/**
 * Whether a participant may come in when `present` people are already in
 * the room (waiting or in the meeting, leaders included): while fewer than
 * the capacity are. Leaders are never asked: the host always gets in, so a
 * full room with its host arriving last holds capacity + 1, and no
 * participant gets in until the count is below the capacity again.
 */
export function hasRoomFor(capacity: number | null, present: number): boolean {
  return capacity === null || present < capacity;
}

/**
 * The rank of a type on the subscription ladder: the unlimited room has no
 * subscription (per-minute only) and is the bottom; then NHN's list in its
 * order, which is by size and by price.
 */
function rank(roomType: RoomType): number {
  return roomType === 'unlimited' ? 0 : ROOM_TYPES.indexOf(roomType) + 1;
}

/** Moving from `from` to `to` is an upgrade (up NHN's list, or from per-minute to a subscription). */
export function isUpgrade(from: RoomType, to: RoomType): boolean {
  return rank(to) > rank(from);
}

/** The larger of two types on the ladder (the one an upgrade goes to). */
export function largerRoomType(a: RoomType, b: RoomType): RoomType {
  return rank(b) > rank(a) ? b : a;
}
