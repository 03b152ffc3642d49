import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMediaDurationMs } from '../../simulator';
import { KvorumProcess } from './crash-harness';
import { ResilienceWorld } from './resync-harness';
import { heardItem, soundOf } from '../support/heard';

let world: ResilienceWorld;
let kvorum: KvorumProcess | null = null;

afterEach(async () => {
  await kvorum?.signal('SIGKILL');
  kvorum = null;
  await world.close();
});

describe('SIGTERM', () => {
  it(
    'says goodbye to everyone, refuses newcomers with a prompt, closes every leg and the database, and exits 0',
    { timeout: 20_000 },
    async () => {
      // A long goodbye (1 s at this time scale) keeps Kvorum shutting down while a newcomer dials.
      world = await ResilienceWorld.start({
        simulator: { mediaDurationMs: (uri) => (uri === soundOf({ key: 'call.goodbye' }) ? 100_000 : defaultMediaDurationMs(uri)) },
      });
      ({ process: kvorum } = await KvorumProcess.start(world));
      const { leader, participants } = await world.meeting(1);
      const typing = world.dial();
      await typing.waitForMedia(soundOf({ key: 'code.enter' }));

      const exited = kvorum.signal('SIGTERM');
      await leader.waitForMedia(soundOf({ key: 'call.goodbye' }));
      const newcomer = world.dial();
      await newcomer.waitForHangup();
      // Kvorum itself told the newcomer, in the dialplan's words for "not now".
      expect(newcomer.heard()).toEqual([heardItem({ key: 'call.try-later' })]);
      await kvorum.waitForLog(
        (line) => line.msg === 'call refused: shutting down' && line.channelId === newcomer.channelId,
        'Kvorum refuses the newcomer',
      );

      for (const caller of [leader, participants[0]!, typing]) {
        await caller.waitForHangup();
        expect(caller.heard().at(-1)).toEqual(heardItem({ key: 'call.goodbye' }));
      }
      expect(await exited).toEqual({ code: 0, signal: null });
      await kvorum.waitForLog((line) => line.msg === 'kvorum stopped', 'Kvorum says it stopped');
      kvorum = null;
      // Closed cleanly: the last connection folded the write-ahead log into the database.
      expect(existsSync(`${world.env.KVORUM_DB_PATH}-wal`)).toBe(false);

      expect((await world.legs()).map((leg) => leg.endReason)).toEqual(['shutdown', 'shutdown']);
      expect(await world.meetings()).toEqual([expect.objectContaining({ endReason: 'shutdown' })]);
      expect(world.sim.bridges()).toEqual([]);
    },
  );
});
