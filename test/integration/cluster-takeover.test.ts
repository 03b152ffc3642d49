import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SimCaller, SimCluster, Simulator } from '../../simulator';
import { SqlLedger } from '../../src/adapters/db/sql-ledger';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startKvorum, type RunningKvorum } from '../../src/start-kvorum';
import { eventually } from '../e2e/support/eventually';
import { timesHeard } from '../support/heard';
import type { KvorumTestEnv } from '../support/kvorum-test-env';
import { startOneServerCluster } from '../support/one-server-cluster';
import { PostgresServer } from '../support/postgres-server';
import { acmeRoom } from '../support/store-provisioning';
import { KvorumProcess } from './crash-harness';

const CODE_SECRET = 'takeover-code-secret-0123456789';
const ACCESS_NUMBER = '22222222';
/** The lease lapses 6 s after its last renewal, and the standby looks every 2 s. */
const TAKEOVER_WITHIN_MS = 20_000;

/**
 * A Kvorum process dies (SIGKILL: no goodbye, no lease given back) while a
 * meeting goes on; a standby process that lists the same media server takes
 * the lease over once it lapses, connects and resynchronises as a restarted
 * Kvorum does: the meeting goes on, its legs stay open and are closed by the
 * standby. Both processes share the PostgreSQL of the cluster, which holds
 * every store.
 */
describe('a standby takes over a media server whose Kvorum died', () => {
  let postgres: PostgresServer;
  let cluster: SimCluster;
  let workspace: KvorumTestEnv;
  let crashed: KvorumProcess | null = null;
  let standby: RunningKvorum | null = null;

  beforeAll(async () => {
    postgres = await PostgresServer.start();
  }, 60_000);
  afterAll(() => postgres?.stop());
  afterEach(async () => {
    await standby?.stop();
    if (crashed !== null) await crashed.signal('SIGKILL');
    await cluster?.close();
    workspace?.remove();
  });

  it('within seconds, and the meeting goes on', { timeout: 60_000 }, async () => {
    let server: Simulator;
    ({ cluster, server, workspace } = await startOneServerCluster({
      folderPrefix: 'kvorum-takeover-',
      codeSecret: CODE_SECRET,
      carrySecret: 'takeover-carry-secret-0123456789abcdef',
      env: { KVORUM_DATABASE_URL: await postgres.database() },
    }));
    crashed = (await KvorumProcess.start(workspace, { env: { KVORUM_PROCESS_ID: 'kvorum-1' } })).process;
    await server.waitForApp('kvorum', true);
    const config = loadConfig({ ...workspace.env, KVORUM_PROCESS_ID: 'kvorum-2', KVORUM_LOG_LEVEL: 'silent' });
    standby = await startKvorum(config, createLogger(config.logLevel));
    expect(standby.mediaServers.map((bridge) => bridge.driving())).toEqual([false]);

    const { codes } = await acmeRoom(standby.sql, CODE_SECRET, { kind: 'pair' }, 'Weekly');
    if (codes.kind !== 'pair') throw new Error('a pair of codes');
    const join = async (callerId: string, code: string): Promise<SimCaller> => {
      const caller = server.dial(ACCESS_NUMBER, { callerId });
      await caller.waitUntil((c) => timesHeard(c.heard(), { key: 'code.enter' }) > 0, 'be asked for the code', 5_000);
      await caller.press(`${code}#`);
      await caller.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting', 5_000);
      return caller;
    };
    const leader = await join('+4790000001', codes.leader);
    const participant = await join('+4790000002', codes.participant);

    // As after any crash, a caller is taken back from what Kvorum remembered on the channel.
    for (const caller of [leader, participant]) {
      await caller.waitUntil((c) => (c.channelVar('KVORUM_STATE') ?? '').includes('leg='), 'be remembered in the meeting', 5_000);
    }
    await crashed.signal('SIGKILL');
    crashed = null;
    await server.waitForApp('kvorum', true, TAKEOVER_WITHIN_MS);
    await standby.app.resynced();
    expect(standby.mediaServers.map((bridge) => bridge.driving())).toEqual([true]);

    // The callers never noticed; a newcomer joins the same meeting, now driven by the standby.
    expect(cluster.canHear(leader, participant)).toBe(true);
    const latecomer = await join('+4790000003', codes.participant);
    expect(latecomer.bridgeId()).toBe(leader.bridgeId());
    expect(cluster.canHear(leader, latecomer)).toBe(true);
    expect(standby.app.list().map((view) => view.participants.length)).toEqual([3]);

    await participant.hangUp();
    const ledger = new SqlLedger(standby.sql, 'ast-a');
    const closed = await eventually(
      async () => (await ledger.legs()).find((leg) => leg.callerNumber === '+4790000002'),
      (leg) => leg?.leftAt !== null && leg?.leftAt !== undefined,
      'the standby closes the leg of a caller the crashed process admitted',
    );
    expect(closed).toMatchObject({ endReason: 'caller-hung-up', estimated: false });
    expect((await ledger.legs()).filter((leg) => leg.leftAt === null)).toHaveLength(2);
  });
});
