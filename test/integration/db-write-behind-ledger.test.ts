import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conferencesOn, sqliteSql } from '../support/store-provisioning';
import { BRIDGE_BUSY_TIMEOUT_MS, type Database, openDatabase, setBusyTimeout } from '../../src/adapters/db/database';
import { SqlLedger } from '../../src/adapters/db/sql-ledger';
import { migrate } from '../../src/adapters/db/migrations';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';
import { LedgerUnavailableError, WriteBehindLedger } from '../../src/adapters/db/write-behind-ledger';
import type { LegOpened } from '../../src/domain/conference/legs-and-meetings';
import { createLogger } from '../../src/logger';
import { eventually } from '../e2e/support/eventually';
import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';
import { seedRoom } from '../support/ledger-world';
import { describeEachStore } from '../support/stores-under-test';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';

const T0 = Date.UTC(2026, 10, 2, 9, 0);

let workDir: string;
let db: Database;
let reader: Database;
let ledger: WriteBehindLedger;
let logLines: string[];
/** The size of each batch committed, in order. */
let batches: number[];
let conferenceId: string;

/** Shorter than the bridge's, to keep the tests short. */
const COMMIT_DELAY_MS = 20;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/** Resolves after the commit of a write made before it was due. */
const commitDone = () => new Promise((resolve) => setTimeout(resolve, COMMIT_DELAY_MS + 5));
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

beforeEach(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'kvorum-write-behind-'));
  db = openDatabase(join(workDir, 'kvorum.db'));
  migrate(db);
  // A second connection sees only what was committed, as a crash would leave it.
  reader = openDatabase(join(workDir, 'kvorum.db'));
  const organisationId = (await new OrganisationsRepository(sqliteSql(db)).create({ name: 'Acme', billingReference: '-' }, T0)).id;
  conferenceId = (
    await conferencesOn(db, 'a-test-secret-of-some-length').create({ organisationId, name: 'Weekly', codes: { kind: 'pair' } }, T0)
  ).conference.id;
  logLines = [];
  const logger = createLogger('warn', new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) }));
  setBusyTimeout(db, BRIDGE_BUSY_TIMEOUT_MS);
  batches = [];
  const metrics = { ledgerBatchCommitted: (writes: number) => void batches.push(writes), ledgerCommitFailed: () => undefined };
  const sql = new SqliteSqlDatabase(db);
  ledger = new WriteBehindLedger(sql, new SqlLedger(sql), logger, { initialMs: 5, maxMs: 40 }, metrics, COMMIT_DELAY_MS);
});

afterEach(() => {
  if (reader.inTransaction) reader.exec('ROLLBACK');
  reader.close();
  db.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the ledger as the bridge writes it', () => {
  it('commits the writes made within the commit delay together, in one commit, once the delay is over', async () => {
    ledger.openLeg(leg('leg-1'));
    ledger.openLeg(leg('leg-2'));
    // Later turns of the event loop (other callers' events) join the same commit.
    await nextTurn();
    ledger.closeLeg('leg-1', T0 + 60_000, 'caller-hung-up');
    await nextTurn();
    expect(legsOnDisk()).toEqual([]);

    await commitDone();
    expect(legsOnDisk()).toEqual([
      { id: 'leg-1', left_at: T0 + 60_000 },
      { id: 'leg-2', left_at: null },
    ]);
    expect(batches).toEqual([3]);
  });

  it('commits a checkpoint at once, with the writes before it: each slice of the checkpoint is a commit of its own', async () => {
    ledger.openLeg(leg('leg-1'));
    ledger.openLeg(leg('leg-2'));
    ledger.checkpoint(['leg-1'], T0 + 15_000);
    ledger.checkpoint(['leg-2'], T0 + 15_000);
    // Without waiting for the commit delay: the next turn of the event loop finds them committed.
    await nextTurn();
    expect(batches).toEqual([3, 1]);
    // On disk at once, as another connection (or a restart) sees it.
    expect(reader.prepare('SELECT id, checkpoint_at FROM legs ORDER BY id').all()).toEqual([
      { id: 'leg-1', checkpoint_at: T0 + 15_000 },
      { id: 'leg-2', checkpoint_at: T0 + 15_000 },
    ]);
  });

  it('tells when the writes made so far are on disk', async () => {
    await ledger.whenWritten();
    ledger.openLeg(leg('leg-1'));
    const written = ledger.whenWritten().then(legsOnDisk);
    ledger.openLeg(leg('leg-2'));
    expect(await written).toEqual([
      { id: 'leg-1', left_at: null },
      { id: 'leg-2', left_at: null },
    ]);
  });

  it('leaves out a write that breaks a constraint, logging it with its row, and keeps the rest of its turn', async () => {
    ledger.openLeg(leg('leg-1'));
    ledger.openLeg(leg('leg-1'));
    ledger.openLeg(leg('leg-2'));
    await commitDone();
    expect(legsOnDisk().map((row) => row.id)).toEqual(['leg-1', 'leg-2']);
    const refused = logged('ledger write refused by the database and left out');
    expect(refused).toEqual([expect.objectContaining({ write: 'open leg', row: expect.objectContaining({ legId: 'leg-1' }) })]);
    expect(ledger.waiting).toBe(0);
  });

  it('lets a read see every write made before it', async () => {
    ledger.openLeg(leg('leg-1'));
    expect((await ledger.openLegs()).map((open) => open.legId)).toEqual(['leg-1']);
    expect(legsOnDisk().map((row) => row.id)).toEqual(['leg-1']);
  });

  it('commits at once when flushed, as on shutdown', async () => {
    ledger.openLeg(leg('leg-1'));
    expect(await ledger.flush()).toBe(true);
    expect(legsOnDisk().map((row) => row.id)).toEqual(['leg-1']);
  });
});

describe('the ledger while the database refuses writes', () => {
  it('rolls back a batch the disk cannot hold as a whole, keeps it with the writes behind it, and lands them all in order once there is room', async () => {
    // A real disk-full: the database may not grow by a single page.
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const legIds = Array.from({ length: 200 }, (_, index) => `leg-${String(index).padStart(3, '0')}`);
    for (const legId of legIds) ledger.openLeg(leg(legId));
    await commitDone();
    // The first legs fitted in the pages there were; none of them was committed without the rest.
    expect(legsOnDisk()).toEqual([]);
    expect(logged('ledger commit failed; keeping the writes and retrying')).toEqual([
      expect.objectContaining({ waiting: 200, err: expect.objectContaining({ code: 'SQLITE_FULL' }) }),
    ]);
    // Later writes queue behind the refused batch: closing a leg whose row is not on disk yet.
    ledger.closeLeg('leg-000', T0 + 60_000, 'caller-hung-up');
    await eventually(
      () => logged('ledger commit failed again').length,
      (count) => count > 0,
      'the ledger tries again',
    );

    db.pragma('max_page_count = 1073741823');
    const landed = await eventually(legsOnDisk, (rows) => rows.length === legIds.length, 'every leg lands once there is room');
    expect(landed[0]).toEqual({ id: 'leg-000', left_at: T0 + 60_000 });
    expect(landed.slice(1).every((row) => row.left_at === null)).toBe(true);
    expect(ledger.waiting).toBe(0);
    expect(logged('ledger writes landed again')).toEqual([expect.objectContaining({ written: 201 })]);
  });

  it('waits out another connection holding the write lock in short tries, the event loop free between them, and lands the writes when it lets go', async () => {
    reader.exec('BEGIN IMMEDIATE');
    ledger.openLeg(leg('leg-1'));
    await commitDone();
    expect(logged('ledger commit failed; keeping the writes and retrying')).toEqual([
      expect.objectContaining({ err: expect.objectContaining({ code: 'SQLITE_BUSY' }) }),
    ]);
    // Retries come from timers: the loop is not held in one long busy wait.
    await eventually(
      () => logged('ledger commit failed again').length,
      (count) => count >= 2,
      'the ledger tries again and again',
    );
    ledger.closeLeg('leg-1', T0 + 60_000, 'caller-hung-up');
    // A read cannot see the writes made before it, so it refuses rather than answering from an old picture.
    await expect(ledger.openLegs()).rejects.toThrow(LedgerUnavailableError);

    reader.exec('COMMIT');
    await eventually(legsOnDisk, (rows) => rows.length === 1 && rows[0]!.left_at !== null, 'the leg lands, closed');
    expect(await ledger.openLegs()).toEqual([]);
  });

  it('drains on shutdown, and logs every row it still could not write when the time is up', async () => {
    reader.exec('BEGIN IMMEDIATE');
    ledger.openLeg(leg('leg-1'));
    ledger.closeLeg('leg-1', T0 + 60_000, 'caller-hung-up');
    expect(await ledger.drain(100)).toBe(false);
    expect(logged('LEDGER ROWS NOT WRITTEN: the database refused them until shutdown; they are only in this log line')).toEqual([
      expect.objectContaining({
        unwritten: 2,
        rows: [
          { write: 'open leg', row: expect.objectContaining({ legId: 'leg-1', callerNumber: '4791234567' }) },
          { write: 'close leg', row: { legId: 'leg-1', at: T0 + 60_000, reason: 'caller-hung-up' } },
        ],
      }),
    ]);

    reader.exec('COMMIT');
    expect(await ledger.drain(2_000)).toBe(true);
    expect(legsOnDisk()).toEqual([{ id: 'leg-1', left_at: T0 + 60_000 }]);
  });
});

/** The log lines with this message, parsed. */
function logged(msg: string): Array<Record<string, unknown>> {
  return loggedIn(logLines, msg);
}

function loggedIn(lines: string[], msg: string): Array<Record<string, unknown>> {
  return lines
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === msg);
}

describeEachStore('the write-behind ledger', (store) => {
  let sql: SqlDatabase;
  let ledger: WriteBehindLedger;
  let lines: string[];
  let committed: number[];
  let room: string;

  beforeEach(async () => {
    sql = await store.open();
    room = (await seedRoom(sql, T0)).conferenceId;
    lines = [];
    committed = [];
    const logger = createLogger('warn', new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const metrics = { ledgerBatchCommitted: (writes: number) => void committed.push(writes), ledgerCommitFailed: () => undefined };
    ledger = new WriteBehindLedger(sql, new SqlLedger(sql), logger, { initialMs: 5, maxMs: 40 }, metrics, COMMIT_DELAY_MS);
  });

  const inRoom = (legId: string): LegOpened => ({ ...leg(legId), conferenceId: room });

  it('commits the writes of one commit delay in one transaction, and leaves out only a write the store refuses', async () => {
    ledger.openLeg(inRoom('leg-1'));
    ledger.openLeg(inRoom('leg-1'));
    ledger.openLeg({ ...inRoom('leg-2'), conferenceId: 'no-such-room' });
    ledger.openLeg(inRoom('leg-3'));
    ledger.closeLeg('leg-3', T0 + 60_000, 'caller-hung-up');
    await ledger.whenWritten();
    expect(committed).toEqual([5]);
    expect((await ledger.openLegs()).map((open) => open.legId)).toEqual(['leg-1']);
    expect((await sql.all<{ id: string }>('SELECT id FROM legs ORDER BY id')).map((row) => row.id)).toEqual(['leg-1', 'leg-3']);
    const refused = loggedIn(lines, 'ledger write refused by the database and left out');
    expect(refused.map((line) => (line.row as LegOpened).legId)).toEqual(['leg-1', 'leg-2']);
    expect(ledger.waiting).toBe(0);
  });
});
