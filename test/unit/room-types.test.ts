import { describe, expect, it } from 'vitest';
import { hasRoomFor, isRoomType, isUpgrade, PRICED_ROOM_TYPES, roomRules, ROOM_TYPES } from '../../src/domain/room-types';

describe('room types', () => {
  it("are NHN's price list and MeetAt's unlimited room, each with its capacity counting everyone", () => {
    expect(ROOM_TYPES.map((type) => [type, roomRules(type).capacity])).toEqual([
      ['sensitive', 5],
      ['personal', 5],
      ['small-administrative', 10],
      ['large-administrative', 50],
      ['small-auditorium', 70],
      ['large-auditorium', 150],
      ['unlimited', null],
    ]);
  });

  it('let participants join muted only in the auditoriums', () => {
    expect(ROOM_TYPES.filter((type) => roomRules(type).participantsJoinMuted)).toEqual(['small-auditorium', 'large-auditorium']);
  });

  it('always require admission only in the sensitive room', () => {
    expect(ROOM_TYPES.filter((type) => roomRules(type).alwaysRequiresAdmission)).toEqual(['sensitive']);
  });

  it('are sold by the month, all but the unlimited room (per minute only)', () => {
    expect(PRICED_ROOM_TYPES).toEqual(ROOM_TYPES.filter((type) => type !== 'unlimited'));
    expect(roomRules('unlimited').monthlyFee).toBe(false);
  });

  it('admit a participant while fewer people than the capacity are in the room, everyone counted', () => {
    const capacity = roomRules('personal').capacity;
    // The host and three participants: the fifth person gets in, the sixth does not.
    expect(hasRoomFor(capacity, 4)).toBe(true);
    expect(hasRoomFor(capacity, 5)).toBe(false);
    // A host who came in last leaves the room over its capacity; it stays full until two have left.
    expect(hasRoomFor(capacity, 6)).toBe(false);
    expect(hasRoomFor(roomRules('unlimited').capacity, 10_000)).toBe(true);
  });

  it('order upgrades as the price list does, per-minute rooms at the bottom', () => {
    expect(isUpgrade('sensitive', 'personal')).toBe(true);
    expect(isUpgrade('personal', 'sensitive')).toBe(false);
    expect(isUpgrade('small-administrative', 'large-auditorium')).toBe(true);
    expect(isUpgrade('large-auditorium', 'small-auditorium')).toBe(false);
    expect(isUpgrade('unlimited', 'sensitive')).toBe(true);
    expect(isUpgrade('sensitive', 'unlimited')).toBe(false);
    expect(isUpgrade('personal', 'personal')).toBe(false);
  });

  it('recognise the known names and nothing else', () => {
    expect(isRoomType('small-administrative')).toBe(true);
    expect(isRoomType('Personal')).toBe(false);
    expect(isRoomType('medium')).toBe(false);
  });
});
