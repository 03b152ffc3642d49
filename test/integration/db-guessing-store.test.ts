import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import { SqlGuessingStore } from '../../src/adapters/db/sql-guessing-store';
import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';
import { callerBucket, standingQuery } from '../../src/domain/guessing/guessing-rules';
import { defaultGuessingLimits } from '../../src/domain/guessing/guessing-limits';
import { describeEachStore } from '../support/stores-under-test';

const HOUR = 60 * 60_000;
const T0 = Date.UTC(2026, 0, 5, 9);
const ACCESS = '4721000000';
const limits = { ...defaultGuessingLimits, maxFailuresPerCaller: 3, spikeFailuresPerAccessNumber: 4, spikeFailuresService: 5 };

const query = (callerNumber: string | null, at: number, accessNumber = ACCESS) =>
  standingQuery(limits, callerBucket(callerNumber), accessNumber, at);

async function fail(store: SqlGuessingStore, callerNumber: string | null, at: number, accessNumber = ACCESS) {
  const q = query(callerNumber, at, accessNumber);
  return store.recordFailure({ bucket: q.bucket, accessNumber, at }, q);
}

describeEachStore('the guessing store', (under) => {
  let db: SqlDatabase;
  let store: SqlGuessingStore;

  beforeEach(async () => {
    db = await under.open();
    store = new SqlGuessingStore(db);
  });

  const rowCount = async (table: string) => (await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;

  it('counts the failures in the window per bucket, access number and service, each only up to what the rules ask', async () => {
    for (let i = 0; i < 10; i++) await fail(store, '+4790000001', T0 + i);
    await fail(store, '+4790000002', T0 + 20, '4722000000');
    const standing = await fail(store, '+4790000002', T0 + 21, '4722000000');
    expect(standing).toEqual({
      blockedUntil: null,
      callerFailures: 2,
      accessNumberFailures: 2,
      serviceFailures: 5,
      lastAlarmAt: { accessNumber: null, service: null },
    });
    expect(await store.standing(query('+4790000001', T0 + 30))).toEqual({
      blockedUntil: null,
      callerFailures: 3,
      accessNumberFailures: 4,
      serviceFailures: 5,
    });
  });

  it('forgets failures that have left the window, and prunes them as new ones are recorded', async () => {
    for (let i = 0; i < 50; i++) await fail(store, `+47900000${String(i).padStart(2, '0')}`, T0);
    expect(await rowCount('code_failures')).toBe(50);
    expect((await store.standing(query('+4790000001', T0 + HOUR))).serviceFailures).toBe(0);
    await fail(store, '+4791111111', T0 + HOUR);
    expect(await rowCount('code_failures')).toBe(1);
  });

  it('keeps the longest block of a bucket, answers it until it runs out, and prunes blocks that ran out', async () => {
    await store.block('number:+4790000001', T0 + HOUR, T0);
    await store.block('number:+4790000001', T0 + 10, T0);
    expect(await store.blockedUntil('number:+4790000001', T0 + HOUR - 1)).toBe(T0 + HOUR);
    expect(await store.blockedUntil('number:+4790000001', T0 + HOUR)).toBeNull();
    expect((await store.standing(query('+4790000001', T0))).blockedUntil).toBe(T0 + HOUR);
    await store.block('anonymous', T0 + 3 * HOUR, T0 + 2 * HOUR);
    expect(await db.all('SELECT bucket FROM caller_blocks')).toEqual([{ bucket: 'anonymous' }]);
  });

  it('gives an alarm to one claimant only, and answers when each scope last alarmed', async () => {
    expect(await store.claimAlarm('service', T0, null)).toBe(true);
    expect(await store.claimAlarm('service', T0 + 1, null)).toBe(false);
    expect(await store.claimAlarm('service', T0 + HOUR, T0)).toBe(true);
    expect(await store.claimAlarm('service', T0 + HOUR + 1, T0)).toBe(false);
    expect((await fail(store, '+4790000001', T0 + HOUR + 2)).lastAlarmAt).toEqual({ accessNumber: null, service: T0 + HOUR });
  });
});

describe('the guessing store beside the bridge on SQLite', () => {
  let workDir: string;
  let path: string;
  let db: SqliteSqlDatabase;
  const stores: SqlGuessingStore[] = [];

  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'kvorum-guessing-'));
    path = join(workDir, 'kvorum.db');
    const connection = openDatabase(path);
    migrate(connection);
    db = new SqliteSqlDatabase(connection);
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await db.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  function openStore(): SqlGuessingStore {
    const store = SqlGuessingStore.beside(db, path);
    stores.push(store);
    return store;
  }

  it('is shared by every connection to the database, and kept when they close', async () => {
    const one = openStore();
    const other = openStore();
    await fail(one, '+4790000001', T0);
    await one.block('number:+4790000001', T0 + HOUR, T0);
    expect(await other.standing(query('+4790000001', T0 + 1))).toMatchObject({ blockedUntil: T0 + HOUR, callerFailures: 1 });
    await Promise.all(stores.splice(0).map((opened) => opened.close()));
    const reopened = openStore();
    expect(await reopened.blockedUntil('number:+4790000001', T0 + 1)).toBe(T0 + HOUR);
  });

  it('turns a database fault into a rejection, as the port promises', async () => {
    const store = openStore();
    await store.close();
    await expect(store.blockedUntil('anonymous', T0)).rejects.toThrow();
  });
});
