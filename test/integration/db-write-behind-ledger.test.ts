import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCodeHasher } from '../../src/adapters/db/code-hash';
import { ConferencesRepository } from '../../src/adapters/db/conferences-repository';
import { type Database, openDatabase } from '../../src/adapters/db/database';
import { SqliteLedger } from '../../src/adapters/db/ledger';
import { migrate } from '../../src/adapters/db/migrations';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';
import { WriteBehindLedger } from '../../src/adapters/db/write-behind-ledger';
import type { LegOpened } from '../../src/app/ports';
import { createLogger } from '../../src/logger';

const T0 = Date.UTC(2026, 10, 2, 9, 0);

let workDir: string;
let db: Database;
let reader: Database;
let ledger: WriteBehindLedger;
let logLines: string[];
let conferenceId: string;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const legsOnDisk = () => reader.prepare<[], { id: string; left_at: number | null }>('SELECT id, left_at FROM legs ORDER BY id').all();
const leg = (legId: string): LegOpened => ({
  legId,
  channelId: `chan-${legId}`,
  conferenceId,
  role: 'participant',
  callerNumber: '4791234567',
  dialledNumber: '22222222',
  calledAt: T0,
});

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kvorum-write-behind-'));
  db = openDatabase(join(workDir, 'kvorum.db'));
  migrate(db);
  // A second connection sees only what was committed, as a crash would leave it.
  reader = openDatabase(join(workDir, 'kvorum.db'));
  const organisationId = new OrganisationsRepository(db).create({ name: 'Acme', billingReference: '-' }, T0).id;
  conferenceId = new ConferencesRepository(db, createCodeHasher('a-test-secret-of-some-length')).create(
    { organisationId, name: 'Weekly', codes: { kind: 'pair' } },
    T0,
  ).conference.id;
  logLines = [];
  const logger = createLogger('error', new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) }));
  ledger = new WriteBehindLedger(db, new SqliteLedger(db), logger);
});

afterEach(() => {
  reader.close();
  db.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the ledger as the bridge writes it', () => {
  it('commits the writes of one turn of the event loop together, at the end of that turn', async () => {
    ledger.openLeg(leg('leg-1'));
    ledger.openLeg(leg('leg-2'));
    ledger.closeLeg('leg-1', T0 + 60_000, 'caller-hung-up');
    expect(legsOnDisk()).toEqual([]);

    await nextTurn();
    expect(legsOnDisk()).toEqual([
      { id: 'leg-1', left_at: T0 + 60_000 },
      { id: 'leg-2', left_at: null },
    ]);
  });

  it('keeps the other writes of a turn when one of them fails, and logs the failure', async () => {
    ledger.openLeg(leg('leg-1'));
    ledger.openLeg(leg('leg-1'));
    ledger.openLeg(leg('leg-2'));
    await nextTurn();
    expect(legsOnDisk().map((row) => row.id)).toEqual(['leg-1', 'leg-2']);
    expect(logLines.join('')).toContain('ledger write failed');
  });

  it('lets a read see every write made before it', () => {
    ledger.openLeg(leg('leg-1'));
    expect(ledger.openLegs().map((open) => open.legId)).toEqual(['leg-1']);
    expect(legsOnDisk().map((row) => row.id)).toEqual(['leg-1']);
  });

  it('commits at once when flushed, as on shutdown', () => {
    ledger.openLeg(leg('leg-1'));
    ledger.flush();
    expect(legsOnDisk().map((row) => row.id)).toEqual(['leg-1']);
  });
});
