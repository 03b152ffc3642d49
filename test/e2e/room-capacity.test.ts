import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomRules, type RoomType } from '../../src/domain/room-types';
import { heardItem } from '../support/heard';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle, e2eTarget } from './support/e2e-target';

/**
 * A room of each type holds its capacity, everyone counted (the host too):
 * the next participant hears that the conference is full and is hung up,
 * never charged, and the host's code still gets in. The large rooms need up
 * to 150 callers, so they run on the simulator only; a real Asterisk plays
 * the two small ones.
 */
describe(`${e2eSuiteTitle()}: room capacity per type`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start();
  });
  afterAll(async () => {
    await bridge?.close();
  });

  const onSimulator = e2eTarget().kind === 'simulator';
  const rooms: Array<{ roomType: RoomType; everywhere: boolean }> = [
    { roomType: 'personal', everywhere: true },
    { roomType: 'small-administrative', everywhere: true },
    { roomType: 'large-administrative', everywhere: false },
    { roomType: 'small-auditorium', everywhere: false },
    { roomType: 'large-auditorium', everywhere: false },
  ];

  for (const { roomType, everywhere } of rooms) {
    const capacity = roomRules(roomType).capacity ?? 0;
    it.skipIf(!everywhere && !onSimulator)(
      `a ${roomType} room takes ${capacity} people with the host; the next participant hears "the conference is full", the host still gets in`,
      // Every caller hears real prompts on a real Asterisk: a room of ten takes minutes there.
      { timeout: onSimulator ? 120_000 : 600_000 },
      async () => {
        const { conferenceId, leaderCode, participantCode } = await bridge.conferenceWithCodes({ roomType });
        const host = await bridge.joinMeeting(leaderCode);
        const participants = [];
        for (let n = 1; n < capacity; n++) participants.push(await bridge.joinMeeting(participantCode));

        const oneTooMany = await bridge.callIn(participantCode);
        await oneTooMany.waitForPrompt({ key: 'admission.full' });
        await oneTooMany.waitForHangup();
        expect(await bridge.canHear(host, oneTooMany)).toBe(false);
        expect(await bridge.closedLegOf(oneTooMany)).toMatchObject({
          role: 'participant',
          meetingId: null,
          enteredAt: null,
          endReason: 'full',
        });

        // The host's code always gets in, even into a full room: now one over the capacity.
        const coHost = await bridge.joinMeeting(leaderCode);
        expect(await coHost.heard()).not.toContainEqual(heardItem({ key: 'admission.full' }));
        const meeting = await bridge.onlyMeetingOf(conferenceId);
        expect(await bridge.legOf(coHost)).toMatchObject({ role: 'leader', meetingId: meeting.meetingId });

        // It stays full until the count is below the capacity: two must leave before a participant gets in.
        await participants[0]?.hangUp();
        const stillFull = await bridge.callIn(participantCode);
        await stillFull.waitForPrompt({ key: 'admission.full' });
        await stillFull.waitForHangup();
        await participants[1]?.hangUp();
        const welcome = await bridge.joinMeeting(participantCode);
        expect(await bridge.legOf(welcome)).toMatchObject({ meetingId: meeting.meetingId });

        for (const caller of [host, coHost, welcome, ...participants.slice(2)]) await caller.hangUp();
      },
    );
  }
});
