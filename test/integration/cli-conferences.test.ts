import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCodeHasher } from '../../src/adapters/db/code-hash';
import { SqlConferenceDirectory } from '../../src/adapters/db/sql-conference-directory';
import { openDatabase } from '../../src/adapters/db/database';
import { conferencesCommand } from '../../src/cli/conferences-command';
import { runCliCaptured, type CliOutcome } from '../support/run-cli-captured';
import { runCliProcess } from '../support/run-cli-process';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';

const SECRET = 'cli-test-secret-0123456789';

let workDir: string;
let dbPath: string;

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kvorum-cli-'));
  dbPath = join(workDir, 'data', 'kvorum.db');
});

afterEach(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs `kvorum` as a user would, in its own process, against the test database. */
function kvorumProcess(...args: string[]) {
  return runCliProcess(args, { KVORUM_DB_PATH: dbPath, KVORUM_CODE_SECRET: SECRET });
}

/** The same command line in this process: quicker for the many ways input can be wrong. */
function kvorum(...args: string[]): Promise<CliOutcome> {
  return kvorumWith({ KVORUM_DB_PATH: dbPath, KVORUM_CODE_SECRET: SECRET }, args);
}

function kvorumWith(env: Record<string, string>, args: string[]): Promise<CliOutcome> {
  return runCliCaptured(args, { conferences: conferencesCommand }, env, () => Date.UTC(2026, 0, 1));
}

async function findByCode(digits: string) {
  const db = new SqliteSqlDatabase(openDatabase(dbPath));
  try {
    return await new SqlConferenceDirectory(db, createCodeHasher(SECRET)).findByCode(digits, Date.now());
  } finally {
    await db.close();
  }
}

describe('kvorum conferences create', () => {
  it('prints the new conference with its codes, and callers can then use them', async () => {
    const result = await kvorumProcess(
      'conferences',
      'create',
      '--name',
      'Board',
      '--leader-code',
      '24680135',
      '--room-type',
      'personal',
      '--no-tones',
      '--admission-required',
      'true',
      '--names-recorded',
      'true',
    );
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const printed = JSON.parse(result.stdout);
    expect(printed).toEqual({
      conference: expect.objectContaining({ name: 'Board', roomType: 'personal', joinLeaveTones: false, codeKind: 'pair' }),
      codes: { kind: 'pair', leader: '24680135', participant: expect.stringMatching(/^\d{8}$/) },
    });
    expect(await findByCode('24680135')).toMatchObject({
      role: 'leader',
      conference: { conferenceId: printed.conference.id, capacity: 5, joinLeaveTones: false, admissionRequired: true, namesRecorded: true },
    });
    expect(await findByCode(printed.codes.participant)).toMatchObject({ role: 'participant' });
  });

  it('refuses a code already in use with exit code 2 and a message on stderr', async () => {
    await kvorumProcess('conferences', 'create', '--name', 'First', '--single-code', '11223344');
    const result = await kvorumProcess('conferences', 'create', '--name', 'Second', '--single-code', '11223344');
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--single-code');
    expect(result.stderr).toContain('already in use');
    expect(result.stderr).not.toContain('11223344');
  });

  it('makes a single-code conference that does not end when its first caller hangs up, unless told so', async () => {
    const plain = JSON.parse((await kvorum('conferences', 'create', '--name', 'One-off', '--single-code', '777000')).stdout);
    expect(plain.conference).toMatchObject({ codeKind: 'single', endOnLeaderHangup: false });
    const told = JSON.parse(
      (await kvorum('conferences', 'create', '--name', 'Strict', '--single-code', '777001', '--end-on-leader-hangup', 'true')).stdout,
    );
    expect(told.conference).toMatchObject({ codeKind: 'single', endOnLeaderHangup: true });
  });

  it('puts conferences without --organisation into one Default organisation', async () => {
    const first = JSON.parse((await kvorum('conferences', 'create', '--name', 'A')).stdout);
    const second = JSON.parse((await kvorum('conferences', 'create', '--name', 'B')).stdout);
    expect(second.conference.organisationId).toBe(first.conference.organisationId);
    const db = openDatabase(dbPath);
    try {
      expect(db.prepare('SELECT name, billing_reference FROM organisations').all()).toEqual([{ name: 'Default', billing_reference: '-' }]);
    } finally {
      db.close();
    }
  });

  it.each([
    ['no name', ['--leader-code', '12345678'], '--name is required'],
    ['both kinds of codes', ['--name', 'x', '--leader-code', '12345678', '--single-code', '87654321'], 'not both'],
    ['a code with letters', ['--name', 'x', '--leader-code', '1234abcd'], '--leader-code: must contain digits only'],
    ['a short code', ['--name', 'x', '--participant-code', '12345'], '--participant-code: must be 6 to 12 digits long'],
    ['equal codes', ['--name', 'x', '--leader-code', '12345678', '--participant-code', '12345678'], 'must differ'],
    ['an unknown room type', ['--name', 'x', '--room-type', 'huge'], '--room-type must be one of'],
    ['a yes/no that is neither', ['--name', 'x', '--end-on-leader-hangup', 'yes'], 'must be true or false'],
    ['an unknown organisation', ['--name', 'x', '--organisation', 'org-nope'], '--organisation: the organisation does not exist'],
    ['an unknown option', ['--name', 'x', '--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %s with exit code 2, creating nothing', async (_, options, message) => {
    const result = await kvorum('conferences', 'create', ...options);
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/1234abcd|12345678|87654321/);
    expect(JSON.parse((await kvorum('conferences', 'list')).stdout)).toEqual([]);
  });
});

describe('kvorum conferences list', () => {
  it('lists the conferences as JSON without their codes, filtered by organisation on request', async () => {
    const created = JSON.parse((await kvorum('conferences', 'create', '--name', 'Weekly', '--leader-code', '31415926')).stdout);
    const listed = await kvorum('conferences', 'list');
    expect(JSON.parse(listed.stdout)).toEqual([created.conference]);
    expect(listed.stdout).not.toContain('31415926');
    expect(JSON.parse((await kvorum('conferences', 'list', '--organisation', 'org-other')).stdout)).toEqual([]);
  });
});

describe('kvorum itself', () => {
  it('explains its commands when asked, and exits 2 with the usage for an unknown command', async () => {
    const help = await kvorum('--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('conferences create --name NAME');
    const unknown = await kvorum('meetings', 'list');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('unknown command meetings');
    expect((await kvorum('conferences', 'rename')).exitCode).toBe(2);
  });

  it('exits 2 naming the variable when the configuration is wrong', async () => {
    const result = await kvorumWith({ KVORUM_DB_PATH: dbPath, KVORUM_CODE_SECRET: 'short' }, ['conferences', 'list']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('KVORUM_CODE_SECRET: must be at least 16 characters');
  });
});
