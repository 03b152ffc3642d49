import { startSimulator } from '../../simulator';
import type { SimCaller, Simulator, SimulatorOptions } from '../../simulator/types';
import { conferencesOn, sqliteSql } from '../support/store-provisioning';
import { openDatabase, type Database } from '../../src/adapters/db/database';
import { SqlLedger, type LegRecord, type MeetingRecord } from '../../src/adapters/db/sql-ledger';
import { migrate } from '../../src/adapters/db/migrations';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';
import { loadConfig } from '../../src/config';
import { startKvorum, type RunningKvorum } from '../../src/start-kvorum';
import { createLogger } from '../../src/logger';
import { eventually } from '../e2e/support/eventually';
import { createKvorumTestEnv, type KvorumTestEnv } from '../support/kvorum-test-env';
import type { ConferenceFields } from '../../src/domain/provisioning/conference-rules';
import { soundOf } from '../support/heard';
import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';

const ACCESS_NUMBER = '4721000000';
const CODE_SECRET = 'resync-test-secret-0123456789';

export interface Conference {
  conferenceId: string;
  leaderCode: string;
  participantCode: string;
}

/**
 * A world for resilience tests: the ARI simulator, a migrated database in a
 * temporary folder with one conference, and Kvorum's environment pointing at
 * both. Kvorum itself runs in this process (`startInProcess`) or as a child
 * process (see crash-harness).
 */
export class ResilienceWorld {
  private nextCallerNumber = 4790000001;

  private constructor(
    readonly sim: Simulator,
    private readonly workspace: KvorumTestEnv,
    readonly conference: Conference,
  ) {}

  /** Kvorum's environment: the simulator, the database, the admin API on a free port. */
  get env(): Record<string, string> {
    return this.workspace.env;
  }

  /** `conference`: the settings of the world's conference (its language, names, ...; default English, no names). */
  static async start(
    options: { simulator?: SimulatorOptions; env?: Record<string, string>; conference?: Partial<ConferenceFields> } = {},
  ): Promise<ResilienceWorld> {
    const sim = await startSimulator({ timeScale: 0.01, ...options.simulator });
    const workspace = createKvorumTestEnv(sim, {
      folderPrefix: 'kvorum-resilience-',
      codeSecret: CODE_SECRET,
      env: {
        KVORUM_ARI_REQUEST_TIMEOUT_MS: '500',
        KVORUM_LOG_LEVEL: process.env.KVORUM_TEST_LOG_LEVEL ?? 'silent',
        KVORUM_CHECKPOINT_INTERVAL_MS: '200',
        ...options.env,
      },
    });
    const db = openDatabase(workspace.env.KVORUM_DB_PATH!);
    try {
      migrate(db);
      const organisationId = (
        await new OrganisationsRepository(sqliteSql(db)).create({ name: 'Acme', billingReference: '987654321' }, Date.now())
      ).id;
      const { conference, codes } = await conferencesOn(db, CODE_SECRET).create(
        {
          organisationId,
          name: 'Board',
          codes: { kind: 'pair' },
          ...options.conference,
        },
        Date.now(),
      );
      if (codes.kind !== 'pair') throw new Error('asked for a pair of codes');
      return new ResilienceWorld(sim, workspace, {
        conferenceId: conference.id,
        leaderCode: codes.leader,
        participantCode: codes.participant,
      });
    } finally {
      db.close();
    }
  }

  /** Kvorum in this process, with a fast reconnect and heartbeat. */
  async startInProcess(): Promise<RunningKvorum> {
    const config = loadConfig(this.env);
    const kvorum = await startKvorum(config, createLogger(config.logLevel), {
      ariBackoff: { initialMs: 20, maxMs: 200 },
      heartbeatIntervalMs: 200,
    });
    await this.waitForApp(true);
    return kvorum;
  }

  waitForApp(connected: boolean): Promise<unknown> {
    return eventually(
      () => this.sim.connectedApps().includes(this.sim.app),
      (isConnected) => isConnected === connected,
      connected ? 'Kvorum connects to ARI' : 'Kvorum leaves ARI',
      5_000,
    );
  }

  /** A caller dials the access number, from `callerId` or a number of its own. */
  dial(callerId = String(this.nextCallerNumber++)): SimCaller {
    return this.sim.dial(ACCESS_NUMBER, { callerId });
  }

  /** A caller dials, hears the code prompt and types the code and `#`. */
  async callIn(code: string): Promise<SimCaller> {
    const caller = this.dial();
    await caller.waitForMedia(soundOf({ key: 'code.enter' }));
    await caller.press(`${code}#`);
    return caller;
  }

  /** `callIn`, then waits until the caller is in the meeting. */
  async joinMeeting(code: string): Promise<SimCaller> {
    const caller = await this.callIn(code);
    await caller.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting');
    return caller;
  }

  /** A leader and `participants` participants in the meeting, the leader first. */
  async meeting(participants: number): Promise<{ leader: SimCaller; participants: SimCaller[] }> {
    const leader = await this.joinMeeting(this.conference.leaderCode);
    const others: SimCaller[] = [];
    for (let i = 0; i < participants; i++) others.push(await this.joinMeeting(this.conference.participantCode));
    return { leader, participants: others };
  }

  /** Reads the database on a connection of its own (as finance would, while Kvorum runs or after it died). */
  read<T>(reader: (db: Database) => T): T {
    const db = openDatabase(this.env.KVORUM_DB_PATH!);
    try {
      return reader(db);
    } finally {
      db.close();
    }
  }

  /** Reads the ledger on a connection of its own, as `read` does. */
  private async readLedger<T>(reader: (ledger: SqlLedger, db: SqlDatabase) => Promise<T>): Promise<T> {
    const db = new SqliteSqlDatabase(openDatabase(this.env.KVORUM_DB_PATH!));
    try {
      return await reader(new SqlLedger(db), db);
    } finally {
      await db.close();
    }
  }

  legs(): Promise<LegRecord[]> {
    return this.readLedger((ledger) => ledger.legs());
  }

  async legOf(caller: SimCaller): Promise<LegRecord | undefined> {
    return (await this.legs()).find((leg) => leg.channelId === caller.channelId);
  }

  meetings(): Promise<MeetingRecord[]> {
    return this.readLedger(async (ledger, db) => {
      const ids = await db.all<{ id: string }>('SELECT id FROM meetings ORDER BY started_at, id');
      return (await Promise.all(ids.map(({ id }) => ledger.meeting(id)))).flatMap((meeting) => meeting ?? []);
    });
  }

  /** Waits until the caller's leg satisfies `holds`. */
  async legWhen(caller: SimCaller, holds: (leg: LegRecord) => boolean, description: string, timeoutMs = 3_000): Promise<LegRecord> {
    const leg = await eventually(
      () => this.legOf(caller),
      (found) => found !== undefined && holds(found),
      description,
      timeoutMs,
    );
    return leg as LegRecord;
  }

  async close(): Promise<void> {
    await this.sim.close();
    this.workspace.remove();
  }
}

export { eventually };
