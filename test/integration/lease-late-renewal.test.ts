import { afterEach, describe, expect, it } from 'vitest';
import type { SimCluster, Simulator } from '../../simulator';
import { systemClock } from '../../src/adapters/system/system-clock';
import type { Clock } from '../../src/app/ports/clock-and-ids';
import { loadConfig } from '../../src/config';
import { defaultLeaseTiming } from '../../src/domain/cluster/media-server-lease';
import { createLogger } from '../../src/logger';
import { startKvorum, type RunningKvorum } from '../../src/start-kvorum';
import { timesHeard } from '../support/heard';
import type { KvorumTestEnv } from '../support/kvorum-test-env';
import { startOneServerCluster } from '../support/one-server-cluster';
import { acmeRoom } from '../support/store-provisioning';

const CODE_SECRET = 'late-renewal-code-secret-0123456789';
const ACCESS_NUMBER = '22222222';

/**
 * The system clock, whose process can be made to fall behind as an
 * overloaded event loop does: time jumps on, and the timers that came due
 * meanwhile are held back until `catchUp` (they fire late, not early).
 */
function stallingClock() {
  let offsetMs = 0;
  let stalled = false;
  const overdue = new Set<() => void>();
  const clock: Clock = {
    now: () => systemClock.now() + offsetMs,
    after(ms, fire) {
      const due = () => (stalled ? overdue.add(due) : fire());
      const timer = systemClock.after(ms, due);
      return {
        cancel() {
          timer.cancel();
          overdue.delete(due);
        },
      };
    },
  };
  return {
    clock,
    stall(ms: number) {
      offsetMs += ms;
      stalled = true;
    },
    catchUp() {
      stalled = false;
      for (const fire of [...overdue]) {
        overdue.delete(fire);
        fire();
      }
    },
  };
}

/**
 * One Kvorum process drives one media server of a cluster, with no standby.
 * Its event loop falls seconds behind: by its own clock the lease ran out
 * before the renewal timer fired. A caller who types the code just then is
 * not sent away: the lease is renewed at once, late but in the same epoch
 * (nobody took the server), and the caller joins the meeting on the same
 * ARI connection, without a reconnect or a resync.
 */
describe('a lease renewed late, with nobody to take the server', () => {
  let cluster: SimCluster;
  let workspace: KvorumTestEnv;
  let kvorum: RunningKvorum | null = null;
  const time = stallingClock();

  afterEach(async () => {
    // A failed test may leave the clock stalled: stopping needs its timers.
    time.catchUp();
    await kvorum?.stop();
    await cluster?.close();
    workspace?.remove();
  });

  it('keeps the caller who typed the code meanwhile: they join the meeting', { timeout: 30_000 }, async () => {
    let server: Simulator;
    ({ cluster, server, workspace } = await startOneServerCluster({
      folderPrefix: 'kvorum-late-renewal-',
      codeSecret: CODE_SECRET,
      carrySecret: 'late-renewal-carry-secret-0123456789abcdef',
      env: { KVORUM_PROCESS_ID: 'kvorum-1' },
    }));
    const logged: string[] = [];
    const config = loadConfig(workspace.env);
    kvorum = await startKvorum(config, createLogger('warn', { write: (line: string) => void logged.push(line) }), {
      clock: time.clock,
    });
    await server.waitForApp('kvorum', true);
    const { codes } = await acmeRoom(kvorum.sql, CODE_SECRET, { kind: 'pair' }, 'Weekly');
    if (codes.kind !== 'pair') throw new Error('a pair of codes');
    const reconnects: string[] = [];
    server.onRequest((request) => {
      if (request.path.startsWith('/ari/api-docs/resources.json')) reconnects.push(request.path);
    });

    const leader = server.dial(ACCESS_NUMBER, { callerId: '+4790000001' });
    await leader.waitUntil((c) => timesHeard(c.heard(), { key: 'code.enter' }) > 0, 'be asked for the code', 5_000);
    // Past the lease's expiry by 1–3 s (it was renewed within the last 2 s), and no renewal timer has fired.
    time.stall(defaultLeaseTiming.expiresAfterMs + 1_000);
    await leader.press(`${codes.leader}#`);
    await leader.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting', 5_000);
    time.catchUp();

    expect(kvorum.mediaServers.map((bridge) => bridge.driving())).toEqual([true]);
    expect(kvorum.app.list().map((view) => view.participants.length)).toEqual([1]);
    expect(reconnects).toEqual([]);
    const messages = logged.map((line) => JSON.parse(line) as { msg: string; lateByMs?: number });
    expect(messages.filter(({ msg }) => msg.startsWith('renewed the lease late'))).toEqual([
      expect.objectContaining({ lateByMs: expect.any(Number) }),
    ]);
    expect(messages.map(({ msg }) => msg)).not.toContain('stopped driving the media server');
    expect(logged.join('\n')).not.toContain(codes.leader);
  });
});
