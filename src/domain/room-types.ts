/**
 * Room types: the size classes a conference is sold in. The bridge enforces
 * the capacity (the leader always gets in and is not counted against it).
 */
export const ROOM_TYPES = ['small', 'medium', 'large', 'auditorium', 'unlimited'] as const;

export type RoomType = (typeof ROOM_TYPES)[number];

export interface RoomRules {
  /** Maximum callers besides the leader; null = no limit. */
  capacity: number | null;
  /** Participants join muted (an audience listening to the leader). */
  participantsJoinMuted: boolean;
}

// A Record over the union makes a new room type without rules a type error.
const RULES: Record<RoomType, RoomRules> = {
  small: { capacity: 5, participantsJoinMuted: false },
  medium: { capacity: 10, participantsJoinMuted: false },
  large: { capacity: 50, participantsJoinMuted: false },
  auditorium: { capacity: 150, participantsJoinMuted: true },
  unlimited: { capacity: null, participantsJoinMuted: false },
};

export function roomRules(roomType: RoomType): RoomRules {
  return RULES[roomType];
}

export function isRoomType(value: string): value is RoomType {
  return (ROOM_TYPES as readonly string[]).includes(value);
}
