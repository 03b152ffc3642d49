import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorCluster, type SimCaller, type SimCluster } from '../../simulator';
import { SqlLedger, type LegRecord } from '../../src/adapters/db/sql-ledger';
import { createHmacCarryTickets } from '../../src/adapters/system/hmac-carry-tickets';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startKvorum, type KvorumOptions, type RunningKvorum } from '../../src/start-kvorum';
import { PostgresServer } from '../support/postgres-server';
import { timesHeard } from '../support/heard';
import { createKvorumTestEnv, type KvorumTestEnv } from '../support/kvorum-test-env';
import { acmeRoom } from '../support/store-provisioning';
import { eventually } from './support/eventually';

const CODE_SECRET = 'e2e-code-secret-0123456789';
const CARRY_SECRET = 'e2e-carry-secret-0123456789abcdef';
const ACCESS_NUMBER = '22222222';
const WAIT_MS = 3000;

/**
 * Callers on several media servers, as the ARI simulator plays them (its
 * cluster of servers and the internal trunk between them). Kvorum runs in
 * this process: one process driving both servers on its SQLite file, or
 * one process per server sharing a PostgreSQL that holds every store
 * (conferences, ledger, leases and claims), as a cluster runs.
 */
describe('a meeting across media servers (ARI simulator cluster)', () => {
  let postgres: PostgresServer;
  let cluster: SimCluster;
  let workspace: KvorumTestEnv;
  let processes: RunningKvorum[] = [];

  beforeAll(async () => {
    postgres = await PostgresServer.start();
  }, 60_000);
  afterAll(() => postgres?.stop());

  afterEach(async () => {
    await Promise.all(processes.map((kvorum) => kvorum.stop()));
    processes = [];
    await cluster?.close();
    workspace?.remove();
  });

  /** The simulated servers, and the environment every Kvorum process of the test shares. */
  async function servers(ids: string[]): Promise<void> {
    cluster = await startSimulatorCluster(ids, { timeScale: 0.001 });
    const first = cluster.server(ids[0]!);
    workspace = createKvorumTestEnv(
      { url: first.url, username: first.username, password: first.password, app: first.app },
      {
        folderPrefix: 'kvorum-cluster-',
        codeSecret: CODE_SECRET,
        env: { KVORUM_LOG_LEVEL: process.env.KVORUM_E2E_LOG_LEVEL ?? 'silent', KVORUM_CARRY_SECRET: CARRY_SECRET },
      },
    );
  }

  /** A Kvorum process driving the named servers. */
  async function kvorum(
    processId: string,
    serverIds: string[],
    env: Record<string, string> = {},
    options: KvorumOptions = {},
  ): Promise<RunningKvorum> {
    const mediaServers = serverIds.map((id) => ({ id, ariUrl: cluster.server(id).url }));
    const config = loadConfig({
      ...workspace.env,
      KVORUM_PROCESS_ID: processId,
      KVORUM_MEDIA_SERVERS: JSON.stringify(mediaServers),
      ...env,
    });
    const running = await startKvorum(config, createLogger(config.logLevel), options);
    processes.push(running);
    await Promise.all(serverIds.map((id) => cluster.server(id).waitForApp('kvorum', true)));
    return running;
  }

  const conference = (kvorum: RunningKvorum, codes: { kind: 'pair' } | { kind: 'single' }) => acmeRoom(kvorum.sql, CODE_SECRET, codes);

  async function callIn(serverId: string, callerId: string, code: string): Promise<SimCaller> {
    const caller = cluster.server(serverId).dial(ACCESS_NUMBER, { callerId });
    await caller.waitUntil((c) => timesHeard(c.heard(), { key: 'code.enter' }) > 0, 'be asked for the code', WAIT_MS);
    await caller.press(`${code}#`);
    return caller;
  }

  const inMeeting = (caller: SimCaller) => caller.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting', WAIT_MS);

  /** The ledgers commit every 50 ms; the rows are read as the bridges' own reads see them, after a commit of what waits. */
  async function commitLedgers(): Promise<void> {
    await Promise.all(processes.flatMap((running) => running.mediaServers.map((server) => server.ledger.flush())));
  }

  async function legs(kvorum: RunningKvorum): Promise<LegRecord[]> {
    await commitLedgers();
    return new SqlLedger(kvorum.sql).legs();
  }

  it('carries a caller who typed the code on another server into the one meeting, on one leg', async () => {
    await servers(['ast-a', 'ast-b']);
    const process = await kvorum('kvorum-1', ['ast-a', 'ast-b']);
    const { conference: room, codes } = await conference(process, { kind: 'pair' });
    if (codes.kind !== 'pair') throw new Error('a pair of codes');

    const leader = await callIn('ast-a', '+4790000001', codes.leader);
    await inMeeting(leader);
    const arrivedAt = Date.now();
    const participant = await callIn('ast-b', '+4790000002', codes.participant);
    await inMeeting(participant);

    expect(participant.mediaServer()).toBe('ast-a');
    expect(participant.bridgeId()).toBe(leader.bridgeId());
    expect(cluster.canHear(leader, participant)).toBe(true);
    expect(cluster.canHear(participant, leader)).toBe(true);
    expect(cluster.server('ast-b').bridges()).toEqual([]);

    // One leg each, written on the server the meeting is on, with the caller's own number and arrival.
    const written = await eventually(
      () => legs(process),
      (rows) => rows.length === 2 && rows.every((leg) => leg.enteredAt !== null),
      'both legs are in the meeting',
    );
    const participantLeg = written.find((leg) => leg.callerNumber === '+4790000002')!;
    expect(participantLeg).toMatchObject({ conferenceId: room.id, role: 'participant', dialledNumber: ACCESS_NUMBER });
    expect(participantLeg.calledAt).toBeGreaterThanOrEqual(arrivedAt);
    expect(participantLeg.calledAt).toBeLessThanOrEqual(participantLeg.enteredAt!);
    expect(participantLeg.channelId).not.toBe(participant.channelId);

    await participant.hangUp();
    const closed = await eventually(
      async () => (await legs(process)).find((leg) => leg.legId === participantLeg.legId)!,
      (leg) => leg.leftAt !== null,
      'the carried leg is closed',
    );
    expect(closed).toMatchObject({ endReason: 'caller-hung-up', estimated: false });

    // Once nobody is left, the room is free: its next meeting lives wherever its first caller is.
    await leader.hangUp();
    await eventually(
      () => process.sql.all('SELECT conference_id FROM conference_claims'),
      (claims) => claims.length === 0,
      'the claim is released',
    );
    const nextLeader = await callIn('ast-b', '+4790000003', codes.leader);
    await inMeeting(nextLeader);
    expect(nextLeader.mediaServer()).toBe('ast-b');
  });

  it('gives two first callers racing on two servers, driven by two processes, one meeting', async () => {
    await servers(['ast-a', 'ast-b']);
    const clusterDb = { KVORUM_DATABASE_URL: await postgres.database() };
    const first = await kvorum('kvorum-1', ['ast-a'], clusterDb);
    await kvorum('kvorum-2', ['ast-b'], clusterDb);
    const { conference: room, codes } = await conference(first, { kind: 'single' });
    if (codes.kind !== 'single') throw new Error('a single code');

    const callers = await Promise.all(
      ['ast-a', 'ast-b', 'ast-a', 'ast-b', 'ast-a', 'ast-b'].map((serverId, i) => callIn(serverId, `+479000010${i}`, codes.single)),
    );
    await Promise.all(callers.map(inMeeting));

    const [home] = new Set(callers.map((caller) => caller.mediaServer()));
    expect(new Set(callers.map((caller) => caller.mediaServer())).size).toBe(1);
    expect(new Set(callers.map((caller) => caller.bridgeId())).size).toBe(1);
    expect(cluster.server(home === 'ast-a' ? 'ast-b' : 'ast-a').bridges()).toEqual([]);
    await commitLedgers();
    const meetings = await first.sql.all<{ id: string }>('SELECT id FROM meetings WHERE conference_id = $1', [room.id]);
    expect(meetings).toHaveLength(1);
    const written = await eventually(
      () => legs(first),
      (rows) => rows.length === 6,
      'a leg per caller',
    );
    expect(new Set(written.map((leg) => leg.callerNumber)).size).toBe(6);
  });

  it('closes the legs of a server that died at their last checkpoint, and frees its rooms at once', { timeout: 40_000 }, async () => {
    await servers(['ast-a', 'ast-b']);
    const process = await kvorum('kvorum-1', ['ast-a', 'ast-b'], { KVORUM_CHECKPOINT_INTERVAL_MS: '100' });
    const { conference: room, codes } = await conference(process, { kind: 'pair' });
    if (codes.kind !== 'pair') throw new Error('a pair of codes');
    const leader = await callIn('ast-a', '+4790000001', codes.leader);
    const participant = await callIn('ast-a', '+4790000002', codes.participant);
    await Promise.all([inMeeting(leader), inMeeting(participant)]);
    await eventually(
      () => legs(process),
      (rows) => rows.length === 2 && rows.every((leg) => leg.checkpointAt !== null),
      'both legs are checkpointed',
    );

    // Asterisk on ast-a is gone, with every call on it, and does not come back.
    cluster.server('ast-a').faults.restart(120_000);
    const closed = await eventually(
      () => legs(process),
      (rows) => rows.every((leg) => leg.leftAt !== null),
      'the legs of the dead server are closed',
      20_000,
    );
    for (const leg of closed) {
      expect(leg).toMatchObject({ endReason: 'lost', estimated: true });
      expect(leg.leftAt).toBeLessThanOrEqual(leg.checkpointAt!);
    }
    await commitLedgers();
    expect(await process.sql.get('SELECT ended_at FROM meetings WHERE conference_id = $1', [room.id])).toMatchObject({
      ended_at: expect.any(Number),
    });

    // The room is free: its next meeting starts on the server that is alive.
    const nextLeader = await callIn('ast-b', '+4790000003', codes.leader);
    await inMeeting(nextLeader);
    expect(nextLeader.mediaServer()).toBe('ast-b');
  });

  it('an overloaded server refuses new callers unanswered with congestion, and still takes in callers carried to its meeting', async () => {
    await servers(['ast-a', 'ast-b']);
    const clusterDb = { KVORUM_DATABASE_URL: await postgres.database() };
    const loadA = { delayMs: 0, loopDelayMs: () => loadA.delayMs };
    const first = await kvorum('kvorum-1', ['ast-a'], clusterDb, { loadGauge: loadA });
    await kvorum('kvorum-2', ['ast-b'], clusterDb);
    const { codes } = await conference(first, { kind: 'pair' });
    if (codes.kind !== 'pair') throw new Error('a pair of codes');
    const leader = await callIn('ast-a', '+4790000001', codes.leader);
    await inMeeting(leader);

    // The process driving ast-a falls 800 ms behind (more than the default 500).
    loadA.delayMs = 800;
    const refused = cluster.server('ast-a').dial(ACCESS_NUMBER, { callerId: '+4790000002' });
    await refused.waitForHangup(WAIT_MS);
    // What PJSIP answers with 503, so that the SIP edge tries the next server.
    expect(refused.hangupCause()).toBe(34);
    expect(refused.wasAnswered()).toBe(false);
    expect(refused.heard()).toEqual([]);

    // Arriving on ast-b, whose process keeps up, the caller is carried to the meeting on ast-a and let in there.
    const participant = await callIn('ast-b', '+4790000002', codes.participant);
    await inMeeting(participant);
    expect(participant.mediaServer()).toBe('ast-a');
    expect(cluster.canHear(leader, participant)).toBe(true);
    expect(cluster.canHear(participant, leader)).toBe(true);
    expect(leader.state).toBe('up');
  });

  it('refuses a call over the trunk whose ticket is forged or expired, politely', async () => {
    await servers(['ast-a', 'ast-b']);
    const process = await kvorum('kvorum-1', ['ast-a', 'ast-b']);
    const { conference: room } = await conference(process, { kind: 'single' });
    const expired = createHmacCarryTickets(CARRY_SECRET).seal({
      conferenceId: room.id,
      role: 'single',
      callerNumber: '+4790000009',
      dialledNumber: ACCESS_NUMBER,
      calledAt: Date.now() - 120_000,
      language: null,
      expiresAt: Date.now() - 60_000,
      nonce: 'carry-0123456789abcdef',
    });
    const forged = createHmacCarryTickets('another-secret-0123456789abcdef!!').seal({
      conferenceId: room.id,
      role: 'single',
      callerNumber: '+4790000009',
      dialledNumber: ACCESS_NUMBER,
      calledAt: Date.now(),
      language: null,
      expiresAt: Date.now() + 30_000,
      nonce: 'carry-fedcba9876543210',
    });
    for (const carryHeader of [expired, forged, 'not-a-ticket', undefined]) {
      const caller = cluster
        .server('ast-a')
        .arriveOverTrunk('somewhere', { callerId: '+4790000009', ...(carryHeader ? { carryHeader } : {}) });
      await caller.waitForHangup(WAIT_MS);
      expect(timesHeard(caller.heard(), { key: 'call.try-later' })).toBe(1);
      expect(caller.bridgeId()).toBeNull();
    }
    expect(await legs(process)).toEqual([]);
  });
});
