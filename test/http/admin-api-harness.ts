import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlLedger } from '../../src/adapters/db/sql-ledger';
import { AccessNumbersRepository } from '../../src/adapters/db/access-numbers-repository';
import { createCodeHasher } from '../../src/adapters/db/code-hash';
import { createCodeSeal } from '../../src/adapters/db/code-seal';
import { SqlConferenceDirectory } from '../../src/adapters/db/sql-conference-directory';
import { type Database, openDatabase } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';
import { createHttpServer, listen, type HttpServerDeps, type RunningHttpServer } from '../../src/adapters/http/create-http-server';
import type { AdminStores } from '../../src/app/ports/admin-stores';
import type { AdminOrganisation, AdminUser } from '../../src/app/ports/admin-stores';
import type { Role } from '../../src/app/admin/roles';
import { issueToken } from '../../src/app/admin/tokens-service';
import type { LiveControl } from '../../src/app/ports/live-control';
import { createLogger, createSilentLogger } from '../../src/logger';
import { createStoreServices, type StoreServices } from '../../src/store-services';
import type { ScryptParameters } from '../../src/app/admin/password-hashing';
import { FakeLiveControl } from './fake-live-control';
import { sqliteSql } from '../support/store-provisioning';

const CODE_SECRET = 'http-test-secret-0123456789';

/**
 * Password hashes in these tests: real scrypt at a sixteenth of the memory of
 * Kvorum's own setting, so that the lock-out tests' dozens of sign-ins run
 * quickly on a shared machine (the default is tested in password-hashing.test.ts).
 */
export const TEST_SCRYPT_PARAMETERS: ScryptParameters = { cost: 2 ** 12, blockSize: 8, parallelism: 1 };

export interface Caller {
  user: AdminUser;
  token: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // Tests read whatever JSON came back; the schemas are checked by the assertions.
  json: any;
}

/**
 * A real admin API on 127.0.0.1 (free port) over a real SQLite database in a
 * temporary folder, with a fake of the bridge's live control. The world:
 * - `acme`: an organisation sold directly, with an org admin, a user, another user and finance;
 * - `resellerOrg`: a reseller with a reseller user, reselling `resold`;
 * - `resold`: with its own org admin;
 * - `other`: an unrelated organisation with an org admin and a user;
 * - an operator in the platform organisation.
 */
export class AdminApiHarness {
  readonly liveControl: FakeLiveControl;

  private constructor(
    readonly services: StoreServices,
    readonly db: Database,
    /** The same database as the stores speak to it (one per connection). */
    readonly sql: SqliteSqlDatabase,
    /** The directory of access numbers as the bridge reads it, the one the services change. */
    readonly accessNumbers: AccessNumbersRepository,
    readonly stores: AdminStores,
    readonly directory: SqlConferenceDirectory,
    liveControl: FakeLiveControl,
    private readonly server: RunningHttpServer,
    private readonly dir: string,
    readonly orgs: Record<'platform' | 'acme' | 'resellerOrg' | 'resold' | 'other', AdminOrganisation>,
    readonly callers: Record<
      'operator' | 'reseller' | 'acmeAdmin' | 'acmeUser' | 'acmeOtherUser' | 'acmeFinance' | 'resoldAdmin' | 'otherAdmin' | 'otherUser',
      Caller
    >,
    private readonly readiness: { ready: boolean },
  ) {
    this.liveControl = liveControl;
  }

  /**
   * `databaseFile`: serve an existing database (e.g. one the command line wrote) instead of a fresh one.
   * `now`: the services' and the HTTP server's clock (default the wall clock).
   * `logLines`: collects the server's log lines (JSON), at info and above.
   */
  static async start(
    options: {
      liveControl?: LiveControl;
      bodyLimitBytes?: number;
      databaseFile?: string;
      now?: () => number;
      http?: Pick<HttpServerDeps, 'trustProxy' | 'failedAuthLimits' | 'liveEvents'>;
      logLines?: string[];
      passwordHashing?: ScryptParameters;
    } = {},
  ): Promise<AdminApiHarness> {
    const now = options.now ?? (() => Date.now());
    const dir = mkdtempSync(join(tmpdir(), 'kvorum-http-'));
    const db = openDatabase(options.databaseFile ?? join(dir, 'kvorum.db'));
    migrate(db);
    const hashCode = createCodeHasher(CODE_SECRET);
    const seal = createCodeSeal(CODE_SECRET);
    const fake = new FakeLiveControl();
    const { logLines } = options;
    const logger = logLines ? createLogger('info', { write: (line: string) => void logLines.push(line) }) : createSilentLogger();
    const sql = sqliteSql(db);
    // The bridge's view of the access numbers, the same the services change.
    const accessNumbers = new AccessNumbersRepository(sql);
    await accessNumbers.reload();
    const services = createStoreServices(sql, {
      store: { kind: 'sqlite', path: db.name },
      accessNumbers,
      hashCode,
      seal,
      liveControl: options.liveControl ?? fake,
      clock: { now },
      timeZone: 'Europe/Oslo',
      logger,
      passwordHashing: options.passwordHashing ?? TEST_SCRYPT_PARAMETERS,
    });
    const stores = services.stores;
    const readiness = { ready: true };
    const app = createHttpServer({
      services: services.admin,
      isReady: () => readiness.ready,
      logger,
      bodyLimitBytes: options.bodyLimitBytes,
      now,
      ...options.http,
    });
    const server = await listen(app, '127.0.0.1', 0);

    const at = Date.now();
    const org = async (name: string, resellerOrganisationId: string | null = null) =>
      await stores.organisations.create({ name, billingReference: `ref ${name}`, resellerOrganisationId }, at);
    const platform = await org('Platform');
    const acme = await org('Acme');
    const resellerOrg = await org('Telco Reseller');
    const resold = await org('Resold Ltd', resellerOrg.id);
    const other = await org('Other Corp');
    const caller = async (organisation: AdminOrganisation, name: string, role: Role): Promise<Caller> => {
      const user = await stores.users.create({ organisationId: organisation.id, name, email: null, role }, at);
      const { secret } = await issueToken(stores.tokens, { userId: user.id, name: `${name} token`, issuedBy: { via: 'command-line' } }, at);
      return { user, token: secret };
    };
    const callers = {
      operator: await caller(platform, 'Olga Operator', 'operator'),
      reseller: await caller(resellerOrg, 'Rita Reseller', 'reseller'),
      acmeAdmin: await caller(acme, 'Ada Admin', 'org-admin'),
      acmeUser: await caller(acme, 'Ulf User', 'user'),
      acmeOtherUser: await caller(acme, 'Una User', 'user'),
      acmeFinance: await caller(acme, 'Finn Finance', 'finance'),
      resoldAdmin: await caller(resold, 'Rolf Admin', 'org-admin'),
      otherAdmin: await caller(other, 'Otto Admin', 'org-admin'),
      otherUser: await caller(other, 'Ola User', 'user'),
    };
    return new AdminApiHarness(
      services,
      db,
      sql,
      accessNumbers,
      stores,
      new SqlConferenceDirectory(sql, hashCode),
      fake,
      server,
      dir,
      { platform, acme, resellerOrg, resold, other },
      callers,
      readiness,
    );
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  setReady(ready: boolean): void {
    this.readiness.ready = ready;
  }

  /** Calls the API as `caller` (a token, or nobody). `path` is below /api/v1 unless it starts with `//`. */
  async call(
    caller: Caller | string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const token = typeof caller === 'string' ? caller : caller?.token;
    const url = path.startsWith('//') ? `${this.baseUrl}${path.slice(1)}` : `${this.baseUrl}/api/v1${path}`;
    const response = await fetch(url, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = null;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(text);
    return { status: response.status, headers: response.headers, json };
  }

  /** Creates a conference through the API and returns it with its codes. */
  async createConference(
    caller: Caller,
    body: Record<string, unknown> = {},
  ): Promise<{ id: string; codes: Array<{ role: string; code: string }> }> {
    const response = await this.call(caller, 'POST', '/conferences', { name: 'Weekly sync', ...body });
    if (response.status !== 201) throw new Error(`conference not created: ${response.status} ${JSON.stringify(response.json)}`);
    return { id: response.json.conference.id, codes: response.json.codes };
  }

  /** A meeting the bridge would have written: one leader in it from `startedAt` for `minutes`, then nobody. */
  async recordMeeting(meeting: {
    meetingId: string;
    legId: string;
    conferenceId: string;
    organisationId: string;
    startedAt: number;
    minutes: number;
  }): Promise<void> {
    const { meetingId, legId, conferenceId, startedAt } = meeting;
    const endedAt = startedAt + meeting.minutes * 60_000;
    const ledger = new SqlLedger(this.sql);
    await ledger.meetingStarted({ meetingId, conferenceId, organisationId: meeting.organisationId, at: startedAt });
    await ledger.openLeg({
      legId,
      channelId: `chan-${legId}`,
      conferenceId,
      role: 'leader',
      callerNumber: '+4791234567',
      dialledNumber: '+4722000000',
      calledAt: startedAt,
    });
    await ledger.legEnteredMeeting(legId, meetingId, startedAt);
    await ledger.closeLeg(legId, endedAt, 'caller-hung-up');
    await ledger.meetingEnded(meetingId, endedAt, 'empty');
  }

  /** A user of the organisation with an e-mail address, to host bookings. */
  async host(organisation: AdminOrganisation = this.orgs.acme, name = 'Hanne Host'): Promise<AdminUser> {
    return await this.stores.users.create(
      { organisationId: organisation.id, name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`, role: 'user' },
      Date.now(),
    );
  }

  /** Books a meeting through the API (tomorrow 09:00–10:00 in the room's zone unless told otherwise). */
  async createBooking(caller: Caller, body: Record<string, unknown>): Promise<{ id: string; json: any }> {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const response = await this.call(caller, 'POST', '/bookings', {
      title: 'Planning',
      startsAt: `${tomorrow}T09:00`,
      endsAt: `${tomorrow}T10:00`,
      ...body,
    });
    if (response.status !== 201) throw new Error(`booking not created: ${response.status} ${JSON.stringify(response.json)}`);
    return { id: response.json.booking.id, json: response.json };
  }

  async stop(): Promise<void> {
    await this.server.close();
    await this.services.close();
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
