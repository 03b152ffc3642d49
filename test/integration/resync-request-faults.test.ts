import { afterEach, describe, expect, it } from 'vitest';
import type { RunningKvorum } from '../../src/start-kvorum';
import { ResilienceWorld } from './resync-harness';
import { soundOf } from '../support/heard';

let world: ResilienceWorld;
let kvorum: RunningKvorum;

afterEach(async () => {
  world.sim.faults.clear();
  await kvorum.stop();
  await world.close();
});

async function startWorld(): Promise<void> {
  world = await ResilienceWorld.start();
  kvorum = await world.startInProcess();
}

describe('ARI requests that fail for one caller', () => {
  it('a request that hangs for one caller does not hold up another; it times out and only that caller is lost', async () => {
    await startWorld();
    const { leader, participants } = await world.meeting(1);
    const stuck = participants[0]!;
    await kvorum.app.settled();
    world.sim.faults.hangRequests({ path: new RegExp(`/channels/${stuck.channelId}/`) });

    // Listen mode: muting the stuck caller never gets an answer.
    await leader.press('*5');
    await leader.waitForMedia(soundOf({ key: 'leader.listen-mode-on' }));
    const newcomer = await world.joinMeeting(world.conference.participantCode);
    expect(newcomer.isMuted()).toBe(true);
    expect(await world.sim.canHearOnceQuiet(newcomer, leader)).toBe(true);
    // The newcomer got in while the stuck request was still waiting (its leg is written within the commit delay).
    await world.legWhen(stuck, (leg) => leg.leftAt === null, 'the stuck caller’s leg is written, still open');

    const lost = await world.legWhen(stuck, (leg) => leg.leftAt !== null, 'the stuck caller is given up after the request timeout');
    expect(lost.endReason).toBe('lost');
    expect(kvorum.app.get(world.conference.conferenceId)?.participants.map((p) => p.channelId)).toEqual([
      leader.channelId,
      newcomer.channelId,
    ]);
    expect((await world.legOf(newcomer))?.leftAt).toBeNull();
  });

  it('a caller who hangs up just as they are put in the meeting leaves a closed leg and no trace in the meeting', async () => {
    await startWorld();
    const { leader } = await world.meeting(0);
    world.sim.faults.goneOnNext({ method: 'POST', path: /\/bridges\/[^/?]+\/addChannel/ });
    const vanishing = await world.callIn(world.conference.participantCode);
    await vanishing.waitForHangup();

    const leg = await world.legWhen(vanishing, (found) => found.leftAt !== null, 'the leg of the vanished caller is closed');
    expect(leg.endReason).toBe('caller-hung-up');
    expect(kvorum.app.get(world.conference.conferenceId)?.participants.map((p) => p.channelId)).toEqual([leader.channelId]);
    // The meeting carries on: the next caller gets in and is heard.
    const next = await world.joinMeeting(world.conference.participantCode);
    expect(await world.sim.canHearOnceQuiet(leader, next)).toBe(true);
  });

  it('a caller who hangs up just as listen mode mutes them leaves a closed leg; the others are muted', async () => {
    await startWorld();
    const { leader, participants } = await world.meeting(2);
    const [vanishing, staying] = participants as [typeof leader, typeof leader];
    await kvorum.app.settled();
    world.sim.faults.goneOnNext({ method: 'POST', path: new RegExp(`/channels/${vanishing.channelId}/mute`) });
    await leader.press('*5');
    await vanishing.waitForHangup();
    await staying.waitUntil((c) => c.isMuted(), 'be muted');

    const leg = await world.legWhen(vanishing, (found) => found.leftAt !== null, 'the leg of the vanished caller is closed');
    expect(leg.endReason).toBe('caller-hung-up');
    expect(kvorum.app.get(world.conference.conferenceId)).toMatchObject({
      listenMode: true,
      participants: [
        expect.objectContaining({ channelId: leader.channelId }),
        expect.objectContaining({ channelId: staying.channelId, muted: true }),
      ],
    });
  });
});
