import { expect, it } from 'vitest';
import { describeEachStore } from '../support/stores-under-test';

/** What every repository relies on from SqlDatabase, on each store. */
describeEachStore('SqlDatabase', (store) => {
  async function table() {
    const db = await store.open();
    await db.run('CREATE TABLE probe (id TEXT PRIMARY KEY, n INTEGER NOT NULL, note TEXT)');
    return db;
  }

  it('binds $n parameters in any order and answers integers as numbers', async () => {
    const db = await table();
    expect(await db.run('INSERT INTO probe (note, n, id) VALUES ($3, $2, $1)', ['a', 1_767_225_600_000, null])).toBe(1);
    expect(await db.get('SELECT id, n, note FROM probe WHERE id = $1', ['a'])).toEqual({ id: 'a', n: 1_767_225_600_000, note: null });
    expect(await db.get('SELECT count(*) AS total FROM probe WHERE n > $1', [0])).toEqual({ total: 1 });
    expect(await db.get('SELECT id FROM probe WHERE id = $1', ['none'])).toBeUndefined();
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
});
