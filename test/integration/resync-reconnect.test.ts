import { afterEach, describe, expect, it } from 'vitest';
import type { RunningKvorum } from '../../src/start-kvorum';
import { eventually, ResilienceWorld } from './resync-harness';
import { soundOf, timesHeard } from '../support/heard';

let world: ResilienceWorld;
let kvorum: RunningKvorum | null = null;

afterEach(async () => {
  await kvorum?.stop();
  kvorum = null;
  await world.close();
});

async function startWorld(): Promise<void> {
  world = await ResilienceWorld.start();
  kvorum = await world.startInProcess();
}

/** The network to Asterisk fails for a moment; Kvorum reconnects and has resynchronised when this resolves. */
async function gap(during: () => Promise<void>): Promise<{ to: number }> {
  // Work already under way finishes first: the test is about what happens in the gap.
  await kvorum!.app.settled();
  world.sim.faults.refuseConnections(300);
  await world.waitForApp(false);
  await during();
  await world.waitForApp(true);
  await kvorum!.app.resynced();
  return { to: Date.now() };
}

describe('after the event connection to Asterisk comes back', () => {
  it('closes the leg of a caller who hung up during the gap, at the instant the gap began; the others go on with their roles and mute', async () => {
    await startWorld();
    const { leader, participants } = await world.meeting(2);
    const [leaving, staying] = participants as [typeof leader, typeof leader];
    const before = Date.now();

    const { to } = await gap(async () => {
      await leaving.hangUp();
    });

    const leg = await world.legWhen(leaving, (found) => found.leftAt !== null, 'the leg of the caller who left is closed');
    expect(leg.endReason).toBe('caller-hung-up');
    expect(leg.leftAt!).toBeGreaterThanOrEqual(before);
    expect(leg.leftAt!).toBeLessThanOrEqual(to);
    expect(kvorum!.app.get(world.conference.conferenceId)?.participants.map((p) => p.channelId)).toEqual([
      leader.channelId,
      staying.channelId,
    ]);

    // Still in their bridge, still hearing each other; the leader's keypad still works.
    expect(await world.sim.canHearOnceQuiet(staying, leader)).toBe(true);
    await leader.press('*5');
    await leader.waitForMedia(soundOf({ key: 'leader.listen-mode-on' }));
    await staying.waitUntil((c) => c.isMuted(), 'be muted by the leader');
    expect(await world.sim.canHearOnceQuiet(leader, staying)).toBe(false);
    expect((await world.legOf(staying))?.leftAt).toBeNull();
  });

  it('ends a meeting that emptied during the gap and gives its bridges back', async () => {
    await startWorld();
    const { leader, participants } = await world.meeting(1);
    await gap(async () => {
      await participants[0]!.hangUp();
      await leader.hangUp();
    });

    const [meeting] = await eventually(
      () => world.meetings(),
      (meetings) => meetings[0]?.endedAt !== null,
      'the meeting ends',
    );
    expect(meeting!.endReason).toBe('empty');
    // Those who left were gone before the leader: nobody was sent away because the leader left.
    expect((await world.legs()).map((leg) => leg.endReason)).toEqual(['caller-hung-up', 'caller-hung-up']);
    await eventually(
      () => world.sim.bridges(),
      (bridges) => bridges.length === 0,
      'the bridges are destroyed',
    );
    expect(kvorum!.app.list()).toEqual([]);
  });

  it('asks a caller who was typing a code during the gap for the code again', async () => {
    await startWorld();
    await world.meeting(0);
    const typing = world.dial();
    await typing.waitForMedia(soundOf({ key: 'code.enter' }));
    await typing.press(world.conference.participantCode.slice(0, 3));

    await gap(async () => {
      // Keys pressed into the gap are lost.
      await typing.press(world.conference.participantCode.slice(3));
    });

    await typing.waitUntil((c) => timesHeard(c.heard(), { key: 'code.enter' }) === 2, 'be asked for the code again');
    await typing.press(`${world.conference.participantCode}#`);
    await typing.waitUntil((c) => c.bridgeType() === 'mixing', 'join the meeting with the code typed again');
  });

  it('after Asterisk restarts and loses every call, closes every leg and ends the meeting', async () => {
    await startWorld();
    await world.meeting(2);
    world.sim.faults.restart(300);
    await world.waitForApp(false);
    await world.waitForApp(true);
    await kvorum!.app.resynced();

    const legs = await eventually(
      () => world.legs(),
      (all) => all.every((leg) => leg.leftAt !== null),
      'every leg closes',
    );
    expect(legs).toHaveLength(3);
    expect(await world.meetings()).toEqual([expect.objectContaining({ endReason: 'empty' })]);
    expect(kvorum!.app.list()).toEqual([]);
    // Callers dial in again and meet as before.
    const { leader, participants } = await world.meeting(1);
    expect(await world.sim.canHearOnceQuiet(leader, participants[0]!)).toBe(true);
  });
});
