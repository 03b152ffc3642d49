import { expect, it } from 'vitest';
import { describeEachStore } from '../support/stores-under-test';

/** What every repository relies on from SqlDatabase, on each store. */
describeEachStore('SqlDatabase', (store) => {
  async function table() {
    const db = await store.open();
    await db.run('CREATE TABLE probe (id TEXT PRIMARY KEY, n BIGINT NOT NULL, note TEXT)');
    return db;
  }

  it('binds $n parameters in any order and answers integers as numbers', async () => {
    const db = await table();
    expect(await db.run('INSERT INTO probe (note, n, id) VALUES ($3, $2, $1)', ['a', 1_767_225_600_000, null])).toBe(1);
    expect(await db.get('SELECT id, n, note FROM probe WHERE id = $1', ['a'])).toEqual({ id: 'a', n: 1_767_225_600_000, note: null });
    expect(await db.get('SELECT count(*) AS total FROM probe WHERE n > $1', [0])).toEqual({ total: 1 });
    expect(await db.get('SELECT id FROM probe WHERE id = $1', ['none'])).toBeUndefined();
    // PostgreSQL answers SUM of BIGINT as NUMERIC: a number too.
    expect(await db.get('SELECT sum(n) AS total, max(n) AS most FROM probe')).toEqual({
      total: 1_767_225_600_000,
      most: 1_767_225_600_000,
    });
  });

  it('tells how many rows a write changed', async () => {
    const db = await table();
    await db.run("INSERT INTO probe (id, n) VALUES ('a', 1), ('b', 2)");
    expect(await db.run('UPDATE probe SET n = n + 1 WHERE n >= $1', [1])).toBe(2);
    expect(await db.run("INSERT INTO probe (id, n) VALUES ('a', 9) ON CONFLICT (id) DO NOTHING")).toBe(0);
  });

  it('commits a transaction as a whole and rolls it all back on a throw', async () => {
    const db = await table();
    const failed = db.transaction(async (tx) => {
      await tx.run("INSERT INTO probe (id, n) VALUES ('lost', 1)");
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('refused half-way');
    });
    await expect(failed).rejects.toThrow('refused half-way');
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO probe (id, n) VALUES ('kept', 1)");
    });
    expect(await db.all('SELECT id FROM probe ORDER BY id')).toEqual([{ id: 'kept' }]);
  });

  it('never lets a statement from outside land inside an open transaction', async () => {
    const db = await table();
    const rolledBack = db.transaction(async (tx) => {
      await tx.run("INSERT INTO probe (id, n) VALUES ('inside', 1)");
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('undo');
    });
    // Started while the transaction waits: it must survive the rollback.
    const outside = db.run("INSERT INTO probe (id, n) VALUES ('outside', 2)");
    await expect(rolledBack).rejects.toThrow('undo');
    await outside;
    expect(await db.all('SELECT id FROM probe ORDER BY id')).toEqual([{ id: 'outside' }]);
  });

  it('runs transactions that read and then write the same row one after the other: no write is lost', async () => {
    const db = await table();
    await db.run("INSERT INTO probe (id, n) VALUES ('counter', 0)");
    let runs = 0;
    const increment = () =>
      db.transaction(async (tx) => {
        runs += 1;
        const row = await tx.get<{ n: number }>("SELECT n FROM probe WHERE id = 'counter'");
        // Both have read before either writes.
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.run("UPDATE probe SET n = $1 WHERE id = 'counter'", [row!.n + 1]);
        return row!.n;
      });
    const seen = await Promise.all([increment(), increment()]);
    expect(seen.sort()).toEqual([0, 1]);
    expect(await db.get("SELECT n FROM probe WHERE id = 'counter'")).toEqual({ n: 2 });
    // SQLite queues the second behind the first; PostgreSQL refuses the second's write
    // (a serialization failure) and runs it again from the start.
    expect(runs).toBe(store.dialect === 'postgres' ? 3 : 2);
  });

  it('commits two batches that write many rows of one table at the same time, each at its first go', async () => {
    const db = await table();
    const rows = 200;
    const ids = (prefix: string) => Array.from({ length: rows }, (_, i) => `${prefix}-${i}`);
    for (const id of [...ids('a'), ...ids('b')]) await db.run('INSERT INTO probe (id, n) VALUES ($1, 0)', [id]);
    let runs = 0;
    // Each marks its own rows as the ledger's checkpoint does (the condition in the WHERE), and both stay open a while together.
    const mark = (prefix: string) =>
      db.batch(async (tx) => {
        runs += 1;
        for (const id of ids(prefix)) await tx.run('UPDATE probe SET n = 1 WHERE id = $1 AND note IS NULL', [id]);
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
    await Promise.all([mark('a'), mark('b')]);
    expect(await db.get('SELECT count(*) AS marked FROM probe WHERE n = 1')).toEqual({ marked: 2 * rows });
    // SERIALIZABLE refuses one of them on PostgreSQL: past a few rows it watches the whole table for each.
    expect(runs).toBe(2);
  });

  it('gives up on a transaction that keeps failing to serialise, and does not retry other errors', async () => {
    const db = await table();
    let runs = 0;
    const alwaysConflicting = db.transaction(async () => {
      runs += 1;
      throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    });
    await expect(alwaysConflicting).rejects.toThrow('could not serialize access');
    expect(runs).toBe(store.dialect === 'postgres' ? 20 : 1);
    runs = 0;
    const refused = db.transaction(async (tx) => {
      runs += 1;
      await tx.run("INSERT INTO probe (id, n) VALUES ('a', NULL)");
    });
    await expect(refused).rejects.toThrow(/not.null/i);
    expect(runs).toBe(1);
  });
});
