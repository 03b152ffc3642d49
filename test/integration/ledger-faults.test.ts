import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/database';
import { eventually, ResilienceWorld } from './resync-harness';
import { heardItem } from '../support/heard';
import { sqliteConnectionOf } from '../support/store-provisioning';

/** Every write of the ledger's tables fails on Kvorum's own connection as SQLite fails it when the disk is full. */
function fillTheDisk(db: Database): () => void {
  db.function('kvorum_test_disk_full', () => {
    throw new BetterSqlite3.SqliteError('database or disk is full', 'SQLITE_FULL');
  });
  const triggers = ['legs', 'meetings', 'charges'].flatMap((table) =>
    ['INSERT', 'UPDATE'].map((event) => {
      const name = `kvorum_test_full_${table}_${event.toLowerCase()}`;
      db.exec(`CREATE TEMP TRIGGER ${name} BEFORE ${event} ON main.${table} BEGIN SELECT kvorum_test_disk_full(); END`);
      return name;
    }),
  );
  return () => {
    for (const name of triggers) db.exec(`DROP TRIGGER temp.${name}`);
  };
}

function charges(world: ResilienceWorld): Array<{ leg_id: string }> {
  return world.read((db) => db.prepare<[], { leg_id: string }>('SELECT leg_id FROM charges ORDER BY leg_id').all());
}

describe('the ledger under faults, with callers on the line', () => {
  it(
    'answers and seats callers while another process holds the write lock and while the disk is full, and every leg, meeting and charge lands once the fault clears',
    { timeout: 30_000 },
    async () => {
      const world = await ResilienceWorld.start();
      const kvorum = await world.startInProcess();
      try {
        await callersGetInWhileTheLedgerCannotWrite(world, sqliteConnectionOf(kvorum.sql));
      } finally {
        await kvorum.stop();
        await world.close();
      }
    },
  );
});

async function callersGetInWhileTheLedgerCannotWrite(world: ResilienceWorld, kvorumDb: Database): Promise<void> {
  // Another process (the command line, say) holds the database's write lock.
  const otherProcess = openDatabase(world.env.KVORUM_DB_PATH!);
  otherProcess.exec('BEGIN IMMEDIATE');
  const { leader, participants } = await world.meeting(2);
  expect(await world.legs()).toEqual([]);
  otherProcess.exec('COMMIT');
  otherProcess.close();
  await eventually(
    () => world.legs(),
    (legs) => legs.length === 3 && legs.every((leg) => leg.enteredAt !== null),
    'the three legs land, in the meeting',
    10_000,
  );

  // The disk fills up: the leavers' and the newcomer's rows cannot be written.
  const makeRoom = fillTheDisk(kvorumDb);
  await participants[0]!.hangUp();
  const newcomer = await world.joinMeeting(world.conference.participantCode);
  await leader.hangUp();
  for (const caller of [participants[1]!, newcomer]) {
    await caller.waitForHangup();
    expect(caller.heard()).toContainEqual(heardItem({ key: 'meeting.leader-left' }));
  }
  expect((await world.legs()).filter((leg) => leg.leftAt !== null)).toEqual([]);
  expect(await world.meetings()).toEqual([expect.objectContaining({ endedAt: null })]);

  makeRoom();
  const legs = await eventually(
    () => world.legs(),
    (rows) => rows.length === 4 && rows.every((leg) => leg.leftAt !== null),
    'every leg lands, closed',
    10_000,
  );
  expect(legs.map((leg) => leg.channelId).sort()).toEqual([leader, ...participants, newcomer].map((caller) => caller.channelId).sort());
  expect(await world.meetings()).toEqual([expect.objectContaining({ endReason: 'leader-left' })]);
  await eventually(
    () => charges(world).map((charge) => charge.leg_id),
    (charged) => charged.length === 4,
    'every leg is rated',
    10_000,
  );
}
