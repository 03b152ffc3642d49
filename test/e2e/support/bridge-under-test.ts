import { conferencesOn, sqliteConnectionOf } from '../../support/store-provisioning';
import { createAccessNumbersService } from '../../../src/app/admin/access-numbers-service';
import type { PromptLanguage } from '../../../src/domain/prompts/languages';
import type { AccessNumberEntry } from '../../../src/domain/provisioning/access-number-rules';
import type { NewConference } from '../../../src/domain/provisioning/conference-rules';
import type { Database } from '../../../src/adapters/db/database';
import { SqlLedger, type LegRecord, type MeetingRecord } from '../../../src/adapters/db/sql-ledger';
import { OrganisationsRepository } from '../../../src/adapters/db/organisations-repository';
import { TokensRepository } from '../../../src/adapters/db/tokens-repository';
import { UsersRepository } from '../../../src/adapters/db/users-repository';
import { issueToken } from '../../../src/app/admin/tokens-service';
import type { Role } from '../../../src/app/admin/roles';
import { loadConfig } from '../../../src/config';
import type { Clock } from '../../../src/app/ports/clock-and-ids';
import { startKvorum, type RunningKvorum } from '../../../src/start-kvorum';
import { createLogger } from '../../../src/logger';
import type { E2ECaller, E2EWorld, SimulatorWorldOptions } from './e2e-world';
import { e2eTarget, startWorld } from './e2e-target';
import { adminApiRequest, type AdminApiResponse } from '../../support/admin-api-request';
import { createKvorumTestEnv, type KvorumTestEnv } from '../../support/kvorum-test-env';
import { eventually } from './eventually';
import { nameRecordingFor } from '../../../src/app/bridge/name-recordings';

const CODE_SECRET = 'e2e-code-secret-0123456789';

export interface BridgeUnderTestOptions {
  /** Kvorum's environment on top of the suite's (e.g. KVORUM_FIRST_DIGIT_TIMEOUT_MS). */
  env?: Record<string, string>;
  simulator?: SimulatorWorldOptions;
  /** Default true; false leaves the access number without Kvorum until `startKvorum()`. */
  startKvorum?: boolean;
  /** Kvorum's clock; default the system clock. */
  clock?: Clock;
  /**
   * What callers hear on the world's access number before the code, as an
   * operator sets it in Kvorum's directory. Default English: the stories
   * that do not say otherwise were written for an English line.
   */
  accessNumberLanguage?: PromptLanguage;
}

export type ConferenceSetup = Omit<NewConference, 'organisationId' | 'codes' | 'name'> & {
  name?: string;
  /** Default: the bridge's own organisation (Acme). */
  organisationId?: string;
};

export interface PairCodes {
  conferenceId: string;
  leaderCode: string;
  participantCode: string;
}

export interface SingleCode {
  conferenceId: string;
  singleCode: string;
}

/**
 * Kvorum running in this process against the world's Asterisk, on its own
 * database in a temporary folder, with its admin API on 127.0.0.1 (free
 * port). Scenarios create conferences here, let callers dial in, and read
 * the legs and meetings Kvorum wrote.
 */
export class BridgeUnderTest {
  private running: RunningKvorum | null = null;
  private organisationId: string | null = null;
  private nextCallerNumber = 4790000001;

  private constructor(
    readonly world: E2EWorld,
    private readonly workspace: KvorumTestEnv,
    private readonly clock: Clock | undefined,
    private readonly accessNumberLanguage: PromptLanguage,
  ) {}

  static async start(options: BridgeUnderTestOptions = {}): Promise<BridgeUnderTest> {
    const world = await startWorld(e2eTarget(), options.simulator);
    const workspace = createKvorumTestEnv(world.ari, {
      folderPrefix: 'kvorum-e2e-',
      codeSecret: CODE_SECRET,
      env: { KVORUM_LOG_LEVEL: process.env.KVORUM_E2E_LOG_LEVEL ?? 'silent', ...options.env },
    });
    const bridge = new BridgeUnderTest(world, workspace, options.clock, options.accessNumberLanguage ?? 'en');
    if (options.startKvorum ?? true) await bridge.startKvorum();
    return bridge;
  }

  async startKvorum(): Promise<void> {
    if (this.running) return;
    const config = loadConfig(this.workspace.env);
    this.running = await startKvorum(config, createLogger(config.logLevel), this.clock ? { clock: this.clock } : {});
    const number = this.world.accessNumber;
    // The world's access number in Kvorum's directory, in this bridge's language (the e2e numbers are Norwegian).
    await this.putAccessNumber({
      number,
      internationalNumber: `+47${number}`,
      label: 'End-to-end tests',
      defaultLanguage: this.accessNumberLanguage,
    });
    await this.world.waitForKvorumApp(true);
  }

  /** An access number in Kvorum's directory, added or changed as an operator would. */
  async putAccessNumber(entry: AccessNumberEntry): Promise<void> {
    const accessNumbers = createAccessNumbersService({ accessNumbers: this.kvorum.accessNumbers, clock: { now: () => Date.now() } });
    const { number, ...fields } = entry;
    if ((await accessNumbers.list()).some((existing) => existing.number === number)) await accessNumbers.update(number, fields);
    else await accessNumbers.create(entry);
  }

  /** Graceful stop: whoever is still connected hears goodbye. */
  async stopKvorum(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (running === null) return;
    await running.stop();
    await this.world.waitForKvorumApp(false);
  }

  /** Kvorum's database, as it writes it (for scenarios that fill it or look into it). */
  get database(): { connection: Database; path: string } {
    const connection = sqliteConnectionOf(this.kvorum.sql);
    return { connection, path: connection.name };
  }

  /** The port of Kvorum's admin API on 127.0.0.1. */
  get httpPort(): number {
    return this.kvorum.httpPort;
  }

  private get kvorum(): RunningKvorum {
    if (!this.running) throw new Error('Kvorum is not running');
    return this.running;
  }

  /** A conference with a leader code and a participant code. */
  async conferenceWithCodes(setup: ConferenceSetup = {}): Promise<PairCodes> {
    const { conference, codes } = await this.createConference(setup, { kind: 'pair' });
    if (codes.kind !== 'pair') throw new Error('asked for a leader and a participant code');
    return { conferenceId: conference.id, leaderCode: codes.leader, participantCode: codes.participant };
  }

  /** A one-off conference with one code for everyone. */
  async conferenceWithSingleCode(setup: ConferenceSetup = {}): Promise<SingleCode> {
    const { conference, codes } = await this.createConference(setup, { kind: 'single' });
    if (codes.kind !== 'single') throw new Error('asked for a single code');
    return { conferenceId: conference.id, singleCode: codes.single };
  }

  private async createConference(setup: ConferenceSetup, codes: NewConference['codes']) {
    const repository = conferencesOn(this.kvorum.sql, CODE_SECRET);
    return await repository.create(
      { name: 'Weekly sync', ...setup, organisationId: setup.organisationId ?? (await this.organisation()), codes },
      Date.now(),
    );
  }

  private async organisation(): Promise<string> {
    this.organisationId ??= (
      await new OrganisationsRepository(this.kvorum.sql).create({ name: 'Acme', billingReference: '987654321' }, Date.now())
    ).id;
    return this.organisationId;
  }

  /** A caller with a number of their own dials the access number. */
  dial(callerId: string | null = this.newCallerNumber()): Promise<E2ECaller> {
    return this.world.dial(this.world.accessNumber, callerId);
  }

  /** A caller dials, hears the code prompt and types `code` and `#`. */
  async callIn(code: string, callerId: string | null = this.newCallerNumber()): Promise<E2ECaller> {
    const caller = await this.dial(callerId);
    await caller.waitForPrompt({ key: 'code.enter' });
    await caller.press(`${code}#`);
    return caller;
  }

  /** `callIn`, then waits until the caller is in the meeting. */
  async joinMeeting(code: string, callerId?: string): Promise<E2ECaller> {
    const caller = await this.callIn(code, callerId);
    await caller.waitForBridge('mixing');
    return caller;
  }

  /**
   * A leader and two participants in the open meeting of a new conference,
   * the leader done hearing "you are the only person" before the others
   * come (a caller hearing a prompt misses the meeting's tones). The tones
   * of their joining may still be playing.
   */
  async meetingOfThree(setup: ConferenceSetup = {}): Promise<PairCodes & { lea: E2ECaller; pat: E2ECaller; pia: E2ECaller }> {
    const codes = await this.conferenceWithCodes(setup);
    const lea = await this.joinMeeting(codes.leaderCode);
    await lea.waitForPrompt({ key: 'meeting.others-present', count: 0 });
    await lea.waitUntilQuiet();
    const pat = await this.joinMeeting(codes.participantCode);
    const pia = await this.joinMeeting(codes.participantCode);
    return { ...codes, lea, pat, pia };
  }

  /** In a room with names on: `callIn`, says a name (see `E2ECaller.sayName`), then waits until the caller is in the meeting. */
  async joinNamed(code: string, options: { seconds?: number } = {}): Promise<E2ECaller> {
    const caller = await this.callIn(code);
    await caller.sayName(options);
    await caller.waitForBridge('mixing');
    return caller;
  }

  /** The name of the stored recording Kvorum would give the name said on leg `legId`. */
  nameRecordingOf(legId: string): string {
    return nameRecordingFor(this.world.ari.app, legId);
  }

  private newCallerNumber(): string {
    return String(this.nextCallerNumber++);
  }

  canHear(listener: E2ECaller, speaker: E2ECaller): Promise<boolean> {
    return this.world.canHear(listener, speaker);
  }

  /** Every leg Kvorum wrote, oldest first. */
  async allLegs(): Promise<LegRecord[]> {
    await this.commitLedgers();
    return new SqlLedger(this.kvorum.sql).legs();
  }

  /**
   * The ledger commits its writes 50 ms after they are made; the rows are
   * read as the bridge's own reads of the ledger see them, after a commit
   * of what is waiting.
   */
  private async commitLedgers(): Promise<void> {
    await Promise.all(this.kvorum.mediaServers.map((server) => server.ledger.flush()));
  }

  /** The caller's leg once Kvorum has written it. */
  legOf(caller: E2ECaller): Promise<LegRecord> {
    return this.legOfCallerWhen(caller, () => true, 'the leg is written');
  }

  /** The caller's leg once Kvorum has closed it. */
  closedLegOf(caller: E2ECaller): Promise<LegRecord> {
    return this.legOfCallerWhen(caller, (leg) => leg.leftAt !== null, 'the leg is closed');
  }

  private async legOfCallerWhen(caller: E2ECaller, holds: (leg: LegRecord) => boolean, description: string): Promise<LegRecord> {
    const leg = await eventually(
      async () => (await this.allLegs()).find((candidate) => candidate.channelId === caller.channelId),
      (found) => found !== undefined && holds(found),
      `${description} for caller ${caller.callerId ?? 'anonymous'}`,
    );
    // eventually() only returns what `holds`, which needs a leg.
    return leg as LegRecord;
  }

  /** The meetings of a conference, oldest first. */
  async meetingsOf(conferenceId: string): Promise<MeetingRecord[]> {
    await this.commitLedgers();
    const ledger = new SqlLedger(this.kvorum.sql);
    const ids = await this.kvorum.sql.all<{ id: string }>('SELECT id FROM meetings WHERE conference_id = $1 ORDER BY started_at, id', [
      conferenceId,
    ]);
    return (await Promise.all(ids.map(({ id }) => ledger.meeting(id)))).flatMap((meeting) => meeting ?? []);
  }

  /** The conference's only meeting, once it satisfies `holds` (default: it has started). */
  async onlyMeetingOf(conferenceId: string, holds: (meeting: MeetingRecord) => boolean = () => true): Promise<MeetingRecord> {
    const [meeting] = await eventually(
      () => this.meetingsOf(conferenceId),
      (meetings) => meetings.length === 1 && holds(meetings[0] as MeetingRecord),
      'the meeting is written',
    );
    return meeting as MeetingRecord;
  }

  /** The conference's only meeting, once it has ended. */
  endedMeetingOf(conferenceId: string): Promise<MeetingRecord> {
    return this.onlyMeetingOf(conferenceId, (meeting) => meeting.endedAt !== null);
  }

  /** A token of a new operator (as the `tokens create --role operator` command makes one). */
  async operatorToken(): Promise<string> {
    return this.tokenOfNewUser(await this.organisation(), 'Olga Operator', 'operator');
  }

  /** A token of a new org admin of the organisation (default: the bridge's own, Acme). */
  async orgAdminToken(organisationId?: string): Promise<string> {
    return this.tokenOfNewUser(organisationId ?? (await this.organisation()), 'Ada Admin', 'org-admin');
  }

  /** Another customer of the platform, with no conference yet; answers its id. */
  async newOrganisation(name: string): Promise<string> {
    return (await new OrganisationsRepository(this.kvorum.sql).create({ name, billingReference: '912345678' }, Date.now())).id;
  }

  private async tokenOfNewUser(organisationId: string, name: string, role: Role): Promise<string> {
    const at = Date.now();
    const user = await new UsersRepository(this.kvorum.sql).create({ organisationId, name, email: null, role }, at);
    return (
      await issueToken(new TokensRepository(this.kvorum.sql), { userId: user.id, name: 'e2e', issuedBy: { via: 'command-line' } }, at)
    ).secret;
  }

  /** Calls the admin API at /api/v1 with a bearer token. */
  api(token: string, method: string, path: string, body?: unknown): Promise<AdminApiResponse> {
    return adminApiRequest(this.kvorum.httpPort, token, method, path, body);
  }

  async close(): Promise<void> {
    await this.stopKvorum();
    await this.world.close();
    this.workspace.remove();
  }
}
