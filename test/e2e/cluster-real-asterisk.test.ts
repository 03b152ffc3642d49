import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqlLedger, type LegRecord } from '../../src/adapters/db/sql-ledger';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startKvorum, type RunningKvorum } from '../../src/start-kvorum';
import { timesHeard } from '../support/heard';
import { createKvorumTestEnv, type KvorumTestEnv } from '../support/kvorum-test-env';
import { PostgresServer } from '../support/postgres-server';
import { KvorumProcess } from '../integration/crash-harness';
import { acmeRoom } from '../support/store-provisioning';
import { eventually } from './support/eventually';
import { AriRequestError, connectRealAri, type RealAriConnection } from './support/real-asterisk-ari';
import { createRealCallers, type RealCaller, type RealCallers } from './support/real-asterisk-callers';
import { isRegistered } from './support/real-asterisk-world';

/**
 * The cluster on real Asterisk 22 media servers: two servers running the
 * project's asterisk-config/ with the internal trunk between them
 * (ASTERISK_CLUSTER_PEERS), two Kvorum processes in this test process, one
 * per server, sharing a throwaway PostgreSQL that holds every store (as
 * README "Several media servers" says).
 *
 *   KVORUM_E2E_CLUSTER_ARI_URLS='ast-a=http://10.0.0.11:8088 ast-b=http://10.0.0.12:8088' \
 *   KVORUM_E2E_ARI_PASSWORD=... npx vitest run test/e2e/cluster-real-asterisk.test.ts
 *
 * The ids must be the servers' names in each other's ASTERISK_CLUSTER_PEERS,
 * and both must hand callers to the Stasis app "kvorum" (their KVORUM_ARI_APP).
 * Skipped when the variable is not set: CI plays the same stories on the
 * simulator's cluster (cluster.test.ts).
 */

interface RealServer {
  id: string;
  ariUrl: string;
}

function clusterFromEnv(env: Record<string, string | undefined>): RealServer[] | null {
  const list = env.KVORUM_E2E_CLUSTER_ARI_URLS?.trim();
  if (!list) return null;
  const servers = list.split(/\s+/).map((entry) => {
    const match = /^([a-z0-9][a-z0-9-]*)=(https?:\/\/\S+)$/.exec(entry);
    if (!match) throw new Error(`KVORUM_E2E_CLUSTER_ARI_URLS: "${entry}" is not id=http://host:port`);
    return { id: match[1]!, ariUrl: match[2]! };
  });
  if (servers.length !== 2) throw new Error('KVORUM_E2E_CLUSTER_ARI_URLS names exactly two servers');
  return servers;
}

const servers = clusterFromEnv(process.env);
const ARI_USER = process.env.KVORUM_E2E_ARI_USER || 'kvorum';
const ARI_PASSWORD = process.env.KVORUM_E2E_ARI_PASSWORD ?? '';
const ACCESS_NUMBER = process.env.KVORUM_E2E_ACCESS_NUMBER ?? '22222222';
const KVORUM_APP = 'kvorum';
const CODE_SECRET = 'e2e-code-secret-0123456789';
const CARRY_SECRET = 'e2e-carry-secret-0123456789abcdef';
/** Real prompts last seconds, and a carried call is a second SIP call. */
const WAIT_MS = 20_000;
/** A lease lapses 6 s after its last renewal, and a standby looks every 2 s. */
const TAKEOVER_WITHIN_MS = 20_000;

describe.skipIf(!servers)(`a meeting across the real Asterisk 22 servers ${servers?.map((s) => s.ariUrl).join(' and ')}`, () => {
  const [serverA, serverB] = servers ?? [];
  let postgres: PostgresServer;
  let workspace: KvorumTestEnv;
  let processes: RunningKvorum[] = [];
  let crashed: KvorumProcess | null = null;
  const connections = new Map<string, RealAriConnection>();
  const callers = new Map<string, RealCallers>();

  beforeAll(async () => {
    postgres = await PostgresServer.start();
    const run = randomUUID();
    for (const server of [serverA!, serverB!]) {
      const ari = await connectRealAri({ ariUrl: server.ariUrl, user: ARI_USER, password: ARI_PASSWORD }, `kvorum-e2e-${run}`, {
        subscribeAll: true,
      });
      connections.set(server.id, ari);
      callers.set(server.id, createRealCallers(ari));
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([...connections.values()].map((ari) => ari.close()));
    await postgres?.stop();
  });

  afterEach(async () => {
    await Promise.all([...callers.values()].map((on) => on.hangUpAll()));
    await Promise.all(processes.map((kvorum) => kvorum.stop()));
    processes = [];
    if (crashed !== null) await crashed.signal('SIGKILL');
    crashed = null;
    workspace?.remove();
  }, 60_000);

  const ari = (serverId: string) => connections.get(serverId)!;

  /** The environment every Kvorum process of a test shares: the cluster's PostgreSQL. */
  async function shareWorkspace(): Promise<void> {
    workspace = createKvorumTestEnv(
      { url: serverA!.ariUrl, username: ARI_USER, password: ARI_PASSWORD, app: KVORUM_APP },
      {
        folderPrefix: 'kvorum-real-cluster-',
        codeSecret: CODE_SECRET,
        env: {
          KVORUM_LOG_LEVEL: process.env.KVORUM_E2E_LOG_LEVEL ?? 'silent',
          KVORUM_CARRY_SECRET: CARRY_SECRET,
          KVORUM_DATABASE_URL: await postgres.database(),
        },
      },
    );
  }

  const mediaServers = (server: RealServer) => JSON.stringify([{ id: server.id, ariUrl: server.ariUrl }]);

  async function startInThisProcess(processId: string, server: RealServer): Promise<RunningKvorum> {
    const config = loadConfig({ ...workspace.env, KVORUM_PROCESS_ID: processId, KVORUM_MEDIA_SERVERS: mediaServers(server) });
    const running = await startKvorum(config, createLogger(config.logLevel));
    processes.push(running);
    return running;
  }

  const drivenBy = (server: RealServer) =>
    eventually(() => isRegistered(ari(server.id), KVORUM_APP), Boolean, `Kvorum drives ${server.id}`, TAKEOVER_WITHIN_MS);

  /** Two Kvorum processes, one driving each server. */
  async function startProcesses(): Promise<RunningKvorum> {
    await shareWorkspace();
    for (const [index, server] of [serverA!, serverB!].entries()) {
      await startInThisProcess(`kvorum-${index + 1}`, server);
      await drivenBy(server);
    }
    return processes[0]!;
  }

  const conference = (kvorum: RunningKvorum, codes: { kind: 'pair' } | { kind: 'single' }) => acmeRoom(kvorum.sql, CODE_SECRET, codes);

  async function callIn(serverId: string, number: string, code: string): Promise<RealCaller> {
    const caller = await callers.get(serverId)!.dial(ACCESS_NUMBER, { callerId: `Caller <${number}>` });
    await caller.waitUntil((c) => timesHeard(c.heard(), { key: 'code.enter' }) > 0, 'be asked for the code', WAIT_MS);
    await caller.press(`${code}#`);
    return caller;
  }

  /** Kvorum's meeting bridges on a server with the channels in each (not the bridges Dial() makes for a carried call). */
  async function meetingBridges(serverId: string): Promise<{ id: string; channels: string[] }[]> {
    const bridges = (await ari(serverId).request('GET', '/bridges')) as {
      id: string;
      bridge_type: string;
      bridge_class: string;
      channels: string[];
    }[];
    return bridges.filter((bridge) => bridge.bridge_class === 'stasis' && bridge.bridge_type === 'mixing' && bridge.channels.length > 0);
  }

  const legs = (kvorum: RunningKvorum): Promise<LegRecord[]> => new SqlLedger(kvorum.sql).legs();

  /** The restart memo on a channel of ast-a; empty until Kvorum has written one (Asterisk answers 404 until then). */
  async function memoOf(channelId: string): Promise<{ value: string }> {
    try {
      return (await ari(serverA!.id).request('GET', `/channels/${channelId}/variable`, { variable: 'KVORUM_STATE' })) as { value: string };
    } catch (error) {
      if (error instanceof AriRequestError && error.status === 404) return { value: '' };
      throw error;
    }
  }

  it(
    'carries a caller who typed the code on the other server over the trunk into the one meeting, on one leg',
    { timeout: 120_000 },
    async () => {
      const first = await startProcesses();
      const { conference: room, codes } = await conference(first, { kind: 'pair' });
      if (codes.kind !== 'pair') throw new Error('a pair of codes');

      const leader = await callIn(serverA!.id, '4790000001', codes.leader);
      await leader.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting', WAIT_MS);
      const arrivedAt = Date.now();
      const participant = await callIn(serverB!.id, '4790000002', codes.participant);

      // The participant's call now runs through the trunk: on the leader's server, in the leader's bridge.
      const [bridge] = await eventually(
        () => meetingBridges(serverA!.id),
        (bridges) => bridges.length === 1 && bridges[0]!.channels.length === 2,
        'the carried caller joins the meeting on the first server',
        WAIT_MS,
      );
      expect(bridge!.id).toBe(leader.bridgeId());
      expect(await meetingBridges(serverB!.id)).toEqual([]);
      const carried = bridge!.channels.find((id) => id !== leader.channelId)!;
      const channel = (await ari(serverA!.id).request('GET', `/channels/${carried}`)) as { name: string };
      expect(channel.name).toMatch(new RegExp(`^PJSIP/${serverB!.id}-`));

      // Voices cross the trunk both ways.
      await leader.waitUntil((c) => !c.isBeingPlayedTo(), 'be done hearing the join prompts', WAIT_MS);
      expect(await leader.hears(participant)).toBe(true);
      expect(await participant.hears(leader)).toBe(true);

      // One leg each, with the participant's own number and the time they called on the other server.
      const written = await eventually(
        () => legs(first),
        (rows) => rows.length === 2 && rows.every((leg) => leg.enteredAt !== null),
        'both legs are in the meeting',
        WAIT_MS,
      );
      const participantLeg = written.find((leg) => leg.callerNumber === '4790000002')!;
      expect(participantLeg).toMatchObject({ conferenceId: room.id, role: 'participant', dialledNumber: ACCESS_NUMBER });
      expect(participantLeg.calledAt).toBeGreaterThanOrEqual(arrivedAt);
      expect(participantLeg.calledAt).toBeLessThanOrEqual(participantLeg.enteredAt!);

      // Hanging up on the server they called closes their leg in the meeting on the other.
      await participant.hangUp();
      const closed = await eventually(
        async () => (await legs(first)).find((leg) => leg.legId === participantLeg.legId)!,
        (leg) => leg.leftAt !== null,
        'the carried leg is closed',
        WAIT_MS,
      );
      expect(closed).toMatchObject({ endReason: 'caller-hung-up', estimated: false });
    },
  );

  it('gives two first callers racing on the two servers one meeting', { timeout: 120_000 }, async () => {
    const first = await startProcesses();
    const { conference: room, codes } = await conference(first, { kind: 'single' });
    if (codes.kind !== 'single') throw new Error('a single code');

    await Promise.all([callIn(serverA!.id, '4790000101', codes.single), callIn(serverB!.id, '4790000102', codes.single)]);

    const placed = await eventually(
      async () => [...(await meetingBridges(serverA!.id)), ...(await meetingBridges(serverB!.id))],
      (bridges) => bridges.reduce((sum, bridge) => sum + bridge.channels.length, 0) === 2,
      'both callers are in a meeting',
      WAIT_MS,
    );
    expect(placed).toHaveLength(1);
    // The ledgers commit every 50 ms: what both processes wrote, committed, before it is read.
    await Promise.all(processes.flatMap((running) => running.mediaServers.map((server) => server.ledger.flush())));
    const meetings = await first.sql.all<{ id: string }>('SELECT id FROM meetings WHERE conference_id = $1', [room.id]);
    expect(meetings).toHaveLength(1);
  });
  it('lets a standby take over a server whose Kvorum was killed, and the meeting goes on', { timeout: 120_000 }, async () => {
    await shareWorkspace();
    const env = { KVORUM_PROCESS_ID: 'kvorum-1', KVORUM_MEDIA_SERVERS: mediaServers(serverA!) };
    crashed = (await KvorumProcess.start(workspace, { env })).process;
    await drivenBy(serverA!);
    const standby = await startInThisProcess('kvorum-2', serverA!);
    expect(standby.mediaServers.map((bridge) => bridge.driving())).toEqual([false]);

    const { codes } = await conference(standby, { kind: 'pair' });
    if (codes.kind !== 'pair') throw new Error('a pair of codes');
    const leader = await callIn(serverA!.id, '4790000201', codes.leader);
    const participant = await callIn(serverA!.id, '4790000202', codes.participant);
    for (const caller of [leader, participant]) await caller.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting', WAIT_MS);
    // What a restarted Kvorum takes a caller back from is written once the join prompts have ended.
    await eventually(
      () => memoOf(participant.channelId),
      (memo) => memo.value.includes('leg='),
      'the participant is remembered in the meeting',
      WAIT_MS,
    );

    await crashed.signal('SIGKILL');
    crashed = null;
    await eventually(() => standby.mediaServers[0]!.driving(), Boolean, 'the standby drives the server', TAKEOVER_WITHIN_MS);
    await standby.app.resynced();

    // The callers never noticed; a newcomer joins the same meeting, now driven by the standby.
    expect(await leader.hears(participant)).toBe(true);
    const latecomer = await callIn(serverA!.id, '4790000203', codes.participant);
    await latecomer.waitUntil((c) => c.bridgeId() === leader.bridgeId(), 'be in the same meeting', WAIT_MS);

    await participant.hangUp();
    const closed = await eventually(
      async () => (await legs(standby)).find((leg) => leg.callerNumber === '4790000202'),
      (leg) => leg?.leftAt !== null && leg?.leftAt !== undefined,
      'the standby closes the leg of a caller the killed process admitted',
      WAIT_MS,
    );
    expect(closed).toMatchObject({ endReason: 'caller-hung-up', estimated: false });
  });
});
