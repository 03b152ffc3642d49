import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/adapters/db/database';
import { MigrationError, type MigrationErrorCode, migrate, readMigrations } from '../../src/adapters/db/migrations';

let workDir: string;
let sqlDir: string;
let db: Database;

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kvorum-migrations-'));
  sqlDir = join(workDir, 'sql');
  db = openDatabase(join(workDir, 'data', 'kvorum.db'));
});

afterEach(() => {
  db.close();
  rmSync(workDir, { recursive: true, force: true });
});

function writeMigration(fileName: string, sql: string): void {
  writeFileSync(join(sqlDir, fileName), sql);
}

function tableNames(): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

function version(): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrationErrorCode(run: () => unknown): MigrationErrorCode | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
    return (error as MigrationError).code;
  }
}

describe('opening the database', () => {
  it('creates its folder and runs in WAL mode with foreign keys and a busy timeout', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });
});

describe('the project migrations', () => {
  it('bring a fresh database to the newest version with the core tables', () => {
    const outcome = migrate(db);
    const newest = readMigrations(join(import.meta.dirname, '../../sql')).length;
    expect(outcome).toMatchObject({ fromVersion: 0, toVersion: newest });
    expect(outcome.applied[0]).toBe('0001_init.sql');
    expect(version()).toBe(newest);
    expect(tableNames()).toEqual(expect.arrayContaining(['conference_codes', 'conferences', 'legs', 'meetings', 'organisations', 'users']));
  });

  it('do nothing when run again, and keep the data', () => {
    migrate(db);
    db.prepare("INSERT INTO organisations (id, name, billing_reference, created_at) VALUES ('org-1', 'Acme', '-', 0)").run();
    expect(migrate(db).applied).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM organisations').get()).toEqual({ n: 1 });
  });
});

describe('the VAT rates migration', () => {
  it("carries today's single rate over, in force from the beginning, so old periods keep their VAT", () => {
    const projectSql = join(import.meta.dirname, '../../sql');
    const all = readMigrations(projectSql);
    const vatRates = all.find((migration) => migration.fileName.endsWith('_vat_rates.sql')) ?? expect.unreachable('no vat_rates migration');
    mkdirSync(sqlDir);
    for (const migration of all.filter((m) => m.version < vatRates.version)) writeMigration(migration.fileName, migration.sql);
    migrate(db, sqlDir);
    db.prepare('UPDATE billing_settings SET vat_rate_basis_points = 1500, updated_at = 42 WHERE id = 1').run();

    migrate(db, projectSql);
    expect(db.prepare('SELECT effective_from, vat_rate_basis_points FROM vat_rates').all()).toEqual([
      { effective_from: 0, vat_rate_basis_points: 1500 },
    ]);
    expect(tableNames()).not.toContain('billing_settings');
    expect(() => db.exec('UPDATE vat_rates SET vat_rate_basis_points = 2500')).toThrow(/immutable/);
  });
});

describe('the room subscriptions migration', () => {
  it("maps every room to NHN's type of its size, and subscribes the rooms there are without a binding", () => {
    const projectSql = join(import.meta.dirname, '../../sql');
    const all = readMigrations(projectSql);
    const rooms =
      all.find((migration) => migration.fileName.endsWith('_room_subscriptions.sql')) ?? expect.unreachable('no rooms migration');
    mkdirSync(sqlDir);
    for (const migration of all.filter((m) => m.version < rooms.version)) writeMigration(migration.fileName, migration.sql);
    migrate(db, sqlDir);
    db.prepare("INSERT INTO organisations (id, name, billing_reference, created_at) VALUES ('org-1', 'Acme', '-', 0)").run();
    const room = db.prepare<[string, string, number | null]>(
      `INSERT INTO conferences (id, organisation_id, name, room_type, end_on_leader_hangup, code_kind, created_at, updated_at, deleted_at)
       VALUES (?, 'org-1', 'Room', ?, 1, 'pair', 0, 0, ?)`,
    );
    for (const roomType of ['small', 'medium', 'large', 'auditorium', 'unlimited']) room.run(`conf-${roomType}`, roomType, null);
    room.run('conf-deleted', 'small', 1);
    db.prepare(
      "INSERT INTO conference_codes (code_hash, conference_id, role, created_at) VALUES ('hash-1', 'conf-small', 'leader', 0)",
    ).run();

    const before = Date.now();
    migrate(db, projectSql);
    expect(db.prepare('SELECT id, room_type FROM conferences ORDER BY created_at, id').all()).toEqual([
      { id: 'conf-auditorium', room_type: 'large-auditorium' },
      { id: 'conf-deleted', room_type: 'personal' },
      { id: 'conf-large', room_type: 'large-administrative' },
      { id: 'conf-medium', room_type: 'small-administrative' },
      { id: 'conf-small', room_type: 'personal' },
      { id: 'conf-unlimited', room_type: 'unlimited' },
    ]);
    // Codes and references survive the new column.
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT conference_id FROM conference_codes').all()).toEqual([{ conference_id: 'conf-small' }]);
    // Every existing room is subscribed from now on, without a binding; a deleted one is not.
    const subscriptions = db
      .prepare<[], { conference_id: string; started_at: number; binding_months: number }>(
        'SELECT conference_id, started_at, binding_months FROM room_subscriptions ORDER BY conference_id',
      )
      .all();
    expect(subscriptions.map((row) => [row.conference_id, row.binding_months])).toEqual([
      ['conf-auditorium', 0],
      ['conf-large', 0],
      ['conf-medium', 0],
      ['conf-small', 0],
      ['conf-unlimited', 0],
    ]);
    expect(subscriptions.every((row) => row.started_at >= before && row.started_at <= Date.now())).toBe(true);
    expect(db.prepare("SELECT room_type, changed_by FROM room_type_changes WHERE conference_id = 'conf-medium'").all()).toEqual([
      { room_type: 'small-administrative', changed_by: 'migration' },
    ]);
    expect(() => db.exec("UPDATE conferences SET room_type = 'medium'")).toThrow(/CHECK/);
    expect(() => db.exec('DELETE FROM room_type_changes')).toThrow(/keeps its history/);
    expect(() => db.exec('UPDATE room_prices SET price_ore_per_month = 1')).toThrow(/immutable/);
  });
});

describe('the migration runner', () => {
  beforeEach(() => {
    mkdirSync(sqlDir);
    writeMigration('0001_first.sql', 'CREATE TABLE first (id INTEGER PRIMARY KEY) STRICT;');
  });

  it('picks up a migration added later and applies only that one', () => {
    migrate(db, sqlDir);
    writeMigration('0002_second.sql', 'CREATE TABLE second (id INTEGER PRIMARY KEY) STRICT;');
    expect(migrate(db, sqlDir)).toEqual({ fromVersion: 1, toVersion: 2, applied: ['0002_second.sql'] });
    expect(tableNames()).toEqual(['first', 'second']);
  });

  it('refuses two migrations with the same number', () => {
    writeMigration('0001_other.sql', 'CREATE TABLE other (id INTEGER PRIMARY KEY) STRICT;');
    expect(migrationErrorCode(() => migrate(db, sqlDir))).toBe('duplicate-number');
    expect(tableNames()).toEqual([]);
  });

  it('refuses a hole in the numbers, which would otherwise be skipped for ever', () => {
    writeMigration('0003_third.sql', 'CREATE TABLE third (id INTEGER PRIMARY KEY) STRICT;');
    expect(migrationErrorCode(() => migrate(db, sqlDir))).toBe('missing-number');
  });

  it('refuses a .sql file that is not named NNNN_name.sql', () => {
    writeMigration('2_second.sql', 'SELECT 1;');
    expect(migrationErrorCode(() => migrate(db, sqlDir))).toBe('bad-file-name');
  });

  it('refuses a database written by a newer Kvorum', () => {
    db.pragma('user_version = 7');
    expect(migrationErrorCode(() => migrate(db, sqlDir))).toBe('database-newer');
    expect(tableNames()).toEqual([]);
  });

  it('leaves the database at the previous version when a migration fails halfway', () => {
    writeMigration('0002_broken.sql', 'CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT; INSERT INTO no_such_table VALUES (1);');
    expect(migrationErrorCode(() => migrate(db, sqlDir))).toBe('migration-failed');
    expect(version()).toBe(1);
    expect(tableNames()).toEqual(['first']);
  });
});
