import { describe, expect, it } from 'vitest';
import { ROOM_TYPES, isRoomType, roomRules } from '../../src/domain/room-types';

describe('room types', () => {
  it('size a conference as sold: small 5, medium 10, large 50, auditorium 150, unlimited', () => {
    expect(ROOM_TYPES.map((type) => [type, roomRules(type).capacity])).toEqual([
      ['small', 5],
      ['medium', 10],
      ['large', 50],
      ['auditorium', 150],
      ['unlimited', null],
    ]);
  });

  it('let participants join muted only in an auditorium', () => {
    expect(ROOM_TYPES.filter((type) => roomRules(type).participantsJoinMuted)).toEqual(['auditorium']);
  });

  it('recognise the known names and nothing else', () => {
    expect(isRoomType('medium')).toBe(true);
    expect(isRoomType('Medium')).toBe(false);
    expect(isRoomType('huge')).toBe(false);
  });
});
