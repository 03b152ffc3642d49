import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { AccessNumbersRepository } from '../../src/adapters/db/access-numbers-repository';
import { openDatabase } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import { loadAsteriskConfig } from './asterisk-config-files';
import { sqliteSql } from '../support/store-provisioning';

it('the directory of access numbers starts with every access number of the shipped dialplan, in bokmål: they are Norwegian', async () => {
  const dialplan = loadAsteriskConfig('extensions.conf', { KVORUM_ARI_APP: 'kvorum' });
  const access = dialplan.sections.find((section) => section.name === 'kvorum-access');
  // An extension that is a number, not a pattern (_800XXXXX is a range: its numbers are added one by one as they are bought).
  const numbers = (access?.lines ?? [])
    .filter((line) => line.key === 'exten')
    .map((line) => line.value.split(',')[0]!.trim())
    .filter((extension) => !extension.startsWith('_'));
  expect(numbers).toEqual(['22222222']);

  const dir = mkdtempSync(join(tmpdir(), 'kvorum-seed-'));
  const db = openDatabase(join(dir, 'kvorum.db'));
  try {
    migrate(db);
    const seeded = await new AccessNumbersRepository(sqliteSql(db)).list();
    expect(seeded.map((entry) => [entry.number, entry.defaultLanguage])).toEqual(numbers.map((number) => [number, 'nb']));
    expect(seeded.every((entry) => entry.label !== '')).toBe(true);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
