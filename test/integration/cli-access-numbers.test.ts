import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessNumbersRepository } from '../../src/adapters/db/access-numbers-repository';
import { openDatabase } from '../../src/adapters/db/database';
import { accessNumbersCommand } from '../../src/cli/access-numbers-command';
import { conferencesCommand } from '../../src/cli/conferences-command';
import { runCliCaptured } from '../support/run-cli-captured';
import { sqliteSql } from '../support/store-provisioning';

let workDir: string;
let dbPath: string;

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kvorum-cli-access-'));
  dbPath = join(workDir, 'kvorum.db');
});

afterEach(() => rmSync(workDir, { recursive: true, force: true }));

function kvorum(...args: string[]) {
  return runCliCaptured(
    args,
    { 'access-numbers': accessNumbersCommand, conferences: conferencesCommand },
    { KVORUM_DB_PATH: dbPath, KVORUM_CODE_SECRET: 'cli-test-secret-0123456789' },
    () => Date.UTC(2026, 0, 1),
  );
}

/** What the bridge reads when a call to `number` arrives. */
async function languageOnTheLine(number: string) {
  const db = openDatabase(dbPath);
  try {
    const bridgeSide = new AccessNumbersRepository(sqliteSql(db));
    await bridgeSide.reload();
    return bridgeSide.languageOf(number);
  } finally {
    db.close();
  }
}

describe('kvorum access-numbers', () => {
  it('lists the directory, adds a number, changes it and removes it, as the operator', async () => {
    const listed = await kvorum('access-numbers', 'list');
    expect(listed.exitCode).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ number: '22222222', internationalNumber: '+4722222222', label: 'Oslo', defaultLanguage: 'nb' }),
    ]);

    const added = await kvorum(
      'access-numbers',
      'add',
      '--number',
      '80012345',
      '--international',
      '+4780012345',
      '--label',
      'Norway toll-free',
      '--language',
      'nb',
    );
    expect(added.exitCode).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({
      number: '80012345',
      internationalNumber: '+4780012345',
      label: 'Norway toll-free',
      defaultLanguage: 'nb',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await languageOnTheLine('80012345')).toBe('nb');

    const changed = await kvorum('access-numbers', 'set', '--number', '80012345', '--language', 'en');
    expect(JSON.parse(changed.stdout)).toMatchObject({ label: 'Norway toll-free', defaultLanguage: 'en' });
    expect(await languageOnTheLine('80012345')).toBe('en');

    expect((await kvorum('access-numbers', 'remove', '--number', '80012345')).stdout).toBe('access number 80012345 removed\n');
    expect(await languageOnTheLine('80012345')).toBeNull();
  });

  it('names the option at fault, with exit code 2, and changes nothing', async () => {
    const add = (...options: string[]) => kvorum('access-numbers', 'add', '--international', '+4780012345', ...options);
    expect(await add('--number', '80012345', '--label', 'Berlin', '--language', 'de')).toMatchObject({
      exitCode: 2,
      stderr: 'kvorum access-numbers: --language must be one of en, nb\n',
    });
    expect(await add('--number', '80-12', '--label', 'x', '--language', 'nb')).toMatchObject({
      exitCode: 2,
      stderr: 'kvorum access-numbers: --number: must be 3 to 15 digits, optionally after a +\n',
    });
    expect(
      await kvorum('access-numbers', 'add', '--number', '80012345', '--international', '4780012345', '--label', 'x', '--language', 'nb'),
    ).toMatchObject({
      exitCode: 2,
      stderr: 'kvorum access-numbers: --international: must be + and 4 to 15 digits, e.g. +4722222222\n',
    });
    expect(await add('--number', '22222222', '--label', 'Oslo', '--language', 'en')).toMatchObject({
      exitCode: 2,
      stderr: 'kvorum access-numbers: access number 22222222 is in the directory already\n',
    });
    expect(await kvorum('access-numbers', 'set', '--number', '80000000', '--label', 'x')).toMatchObject({
      exitCode: 2,
      stderr: 'kvorum access-numbers: no such access number\n',
    });
    expect(await languageOnTheLine('22222222')).toBe('nb');
  });

  it('conferences create takes only a language Kvorum speaks', async () => {
    expect(await kvorum('conferences', 'create', '--name', 'Styremøte', '--language', 'nb_NO')).toMatchObject({
      exitCode: 2,
      stderr: 'kvorum conferences: --language must be one of en, nb\n',
    });
    const created = await kvorum('conferences', 'create', '--name', 'Styremøte', '--language', 'nb');
    expect(JSON.parse(created.stdout).conference.language).toBe('nb');
  });
});
