import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/adapters/db/database';
import { SqlLedger } from '../../src/adapters/db/sql-ledger';
import { migrate, readMigrations } from '../../src/adapters/db/migrations';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';
import { conferencesOn, sqliteSql } from '../support/store-provisioning';
import { databaseCommand } from '../../src/cli/database-command';
import { runCliCaptured } from '../support/run-cli-captured';
import { runCliProcess } from '../support/run-cli-process';
import { PostgresServer } from '../support/postgres-server';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';

const SECRET = 'cli-test-secret-0123456789';

let workDir: string;
let dbPath: string;

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kvorum-cli-db-'));
  dbPath = join(workDir, 'data', 'kvorum.db');
});

afterEach(() => rmSync(workDir, { recursive: true, force: true }));

function kvorum(...args: string[]) {
  return runCliCaptured(args, { database: databaseCommand }, { KVORUM_DB_PATH: dbPath, KVORUM_CODE_SECRET: SECRET }, () => 0);
}

describe('kvorum database migrate', () => {
  it('creates the database at the newest schema and says what it applied; a second run applies nothing', async () => {
    const newest = readMigrations(join(import.meta.dirname, '../../sql')).length;
    const first = await kvorum('database', 'migrate');
    expect(first.exitCode).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ database: dbPath, fromVersion: 0, toVersion: newest });
    expect(JSON.parse(first.stdout).applied).toHaveLength(newest);
    const second = await kvorum('database', 'migrate');
    expect(JSON.parse(second.stdout)).toMatchObject({ fromVersion: newest, toVersion: newest, applied: [] });
  });

  it('brings one fresh file to the newest schema from processes started together, each migration applied once', async () => {
    // Processes that open one database file and migrate it as they start together (the bridge and the command line, say).
    const newest = readMigrations(join(import.meta.dirname, '../../sql')).length;
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map(() => runCliProcess(['database', 'migrate'], { KVORUM_DB_PATH: dbPath, KVORUM_CODE_SECRET: SECRET })),
    );
    expect(outcomes.map((outcome) => [outcome.exitCode, outcome.stderr])).toEqual(outcomes.map(() => [0, '']));
    const printed = outcomes.map((outcome) => JSON.parse(outcome.stdout) as { toVersion: number; applied: string[] });
    expect(printed.map((outcome) => outcome.toVersion)).toEqual([newest, newest, newest, newest]);
    expect(printed.flatMap((outcome) => outcome.applied).sort()).toEqual(
      readMigrations(join(import.meta.dirname, '../../sql')).map((m) => m.fileName),
    );
  });
});

describe('kvorum database backup', () => {
  let bridge: Database;

  beforeEach(async () => {
    // The running bridge: its connection stays open, with legs in progress, during the backup.
    bridge = openDatabase(dbPath);
    migrate(bridge);
    const organisationId = (await new OrganisationsRepository(sqliteSql(bridge)).create({ name: 'Acme', billingReference: '-' }, 0)).id;
    const conferenceId = (await conferencesOn(bridge, SECRET).create({ organisationId, name: 'Weekly', codes: { kind: 'pair' } }, 0))
      .conference.id;
    const ledger = new SqlLedger(sqliteSql(bridge));
    for (let i = 0; i < 50; i++) {
      await ledger.openLeg({
        legId: `leg-${i}`,
        channelId: `chan-${i}`,
        conferenceId,
        role: 'participant',
        callerNumber: null,
        dialledNumber: '+4721000000',
        calledAt: i,
      });
    }
  });

  afterEach(() => bridge.close());

  it('copies everything written so far while the bridge holds the database open', async () => {
    const copy = join(workDir, 'backups', 'kvorum-copy.db');
    const result = await kvorum('database', 'backup', '--to', copy);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const restored = openDatabase(copy);
    try {
      expect(await new SqlLedger(new SqliteSqlDatabase(restored)).openLegs()).toHaveLength(50);
      expect(restored.pragma('user_version', { simple: true })).toBe(bridge.pragma('user_version', { simple: true }));
    } finally {
      restored.close();
    }
  });

  it('writes the copy readable by its owner only', async () => {
    const copy = join(workDir, 'kvorum-copy.db');
    expect((await kvorum('database', 'backup', '--to', copy)).exitCode).toBe(0);
    expect(statSync(copy).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite an existing file, and needs --to', async () => {
    const existing = join(workDir, 'old-backup.db');
    writeFileSync(existing, 'precious');
    const refused = await kvorum('database', 'backup', '--to', existing);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('already exists');
    expect((await kvorum('database', 'backup')).exitCode).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe('precious');
  });
});

describe('kvorum database backup never migrates', () => {
  const newest = readMigrations(join(import.meta.dirname, '../../sql')).length;

  /** A database at `version`, made by an older or newer Kvorum (only its schema version matters here). */
  function databaseAt(version: number): void {
    const db = openDatabase(dbPath);
    migrate(db);
    db.pragma(`user_version = ${version}`);
    db.close();
  }

  const schemaVersion = (path: string) => {
    const db = openDatabase(path);
    try {
      return db.pragma('user_version', { simple: true });
    } finally {
      db.close();
    }
  };

  it('refuses a database of an older schema, leaving it as it was, and writes no copy', async () => {
    databaseAt(newest - 1);
    const before = readFileSync(dbPath);
    const copy = join(workDir, 'copy.db');
    const refused = await kvorum('database', 'backup', '--to', copy);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(`the database is at schema version ${newest - 1}, older than this Kvorum's ${newest}`);
    expect(existsSync(copy)).toBe(false);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(schemaVersion(dbPath)).toBe(newest - 1);
  });

  it('refuses a database of a newer schema', async () => {
    databaseAt(newest + 1);
    const copy = join(workDir, 'copy.db');
    const refused = await kvorum('database', 'backup', '--to', copy);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(`the database is at schema version ${newest + 1}, newer than this Kvorum's ${newest}`);
    expect(existsSync(copy)).toBe(false);
  });

  it('says so when there is no database, and creates none', async () => {
    const refused = await kvorum('database', 'backup', '--to', join(workDir, 'copy.db'));
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(`there is no database at ${dbPath} to back up`);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('copies a current database that no process holds open, unchanged', async () => {
    databaseAt(newest);
    const pristine = join(workDir, 'pristine.db');
    copyFileSync(dbPath, pristine);
    const copy = join(workDir, 'copy.db');
    expect((await kvorum('database', 'backup', '--to', copy)).exitCode).toBe(0);
    expect(schemaVersion(copy)).toBe(newest);
    expect(readFileSync(dbPath).equals(readFileSync(pristine))).toBe(true);
  });
});

describe.skipIf(!PostgresServer.available() && !process.env.CI)('kvorum database on the PostgreSQL of KVORUM_DATABASE_URL', () => {
  let postgres: PostgresServer;
  beforeAll(async () => {
    postgres = await PostgresServer.start();
  }, 60_000);
  afterAll(() => postgres?.stop());

  /** The test server trusts 127.0.0.1, so the password is never checked: it is there to prove it is never printed. */
  async function withPassword(): Promise<string> {
    const url = new URL(await postgres.database());
    url.password = 'never-printed-0123';
    return url.toString();
  }

  const onPostgres = (url: string, ...args: string[]) =>
    runCliCaptured(args, { database: databaseCommand }, { KVORUM_DATABASE_URL: url, KVORUM_DB_PATH: dbPath }, () => 0);

  it('migrates it, naming it by host and database only, and makes no SQLite file', async () => {
    const url = await withPassword();
    const newest = readMigrations(join(import.meta.dirname, '../../sql')).length;
    const first = await onPostgres(url, 'database', 'migrate');
    expect(first.exitCode).toBe(0);
    const { host, pathname } = new URL(url);
    expect(JSON.parse(first.stdout)).toMatchObject({ database: `postgres://${host}${pathname}`, fromVersion: 0, toVersion: newest });
    expect(first.stdout + first.stderr).not.toContain('never-printed-0123');
    expect(JSON.parse((await onPostgres(url, 'database', 'migrate')).stdout)).toMatchObject({ fromVersion: newest, applied: [] });
    expect(existsSync(dbPath)).toBe(false);
  });

  it('refuses a backup, saying to use the tools of PostgreSQL, and writes no file', async () => {
    const destination = join(workDir, 'copy.db');
    const outcome = await onPostgres(await withPassword(), 'database', 'backup', '--to', destination);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/PostgreSQL \(KVORUM_DATABASE_URL\): back it up with pg_dump/);
    expect(existsSync(destination)).toBe(false);
  });
});
