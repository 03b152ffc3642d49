import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChargeRater } from '../../src/adapters/db/charges-rater';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';
import { openDatabase } from '../../src/adapters/db/database';
import { createSilentLogger } from '../../src/logger';
import { writeMonthOfLegs } from '../support/month-of-legs';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle } from './support/e2e-target';
import { eventually } from './support/eventually';
import { heardItem } from '../support/heard';

/**
 * A charge report of 50,000 legs (about 20 MB of JSON) is made while callers
 * call in. The report is made in a worker thread and streamed at the pace
 * its client reads; a client that stops reading holds the worker partway,
 * with its snapshot of the database open. Meanwhile Kvorum's event loop
 * (this process's) answers a caller from the code prompt into the meeting.
 * Were the report made on the event loop, as it used to be, it would be
 * finished before the caller's first key was even seen.
 */
const LEGS = 50_000;

describe(`${e2eSuiteTitle()}: a big charge report while callers call in`, () => {
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start();
    const { connection } = bridge.database;
    const sql = new SqliteSqlDatabase(connection);
    await writeMonthOfLegs(sql, { legs: LEGS, accounts: 20, year: 2025, month: 3, timeZone: 'Europe/Oslo' });
    await createChargeRater(sql, createSilentLogger()).rateClosedLegs(Date.parse('2025-04-01T00:00:00Z'));
  }, 60_000);
  afterAll(async () => {
    await bridge?.close();
  });

  /** Whether a reader other than this process holds a snapshot of the database: a checkpoint that must reset the log cannot finish. */
  const snapshotHeldElsewhere = (): boolean => {
    const probe = openDatabase(bridge.database.path);
    try {
      probe.pragma('busy_timeout = 0');
      const [result] = probe.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      return result?.busy === 1;
    } finally {
      probe.close();
    }
  };

  it('answers a caller while the report is still being made, then delivers the report whole', async () => {
    const conference = await bridge.conferenceWithCodes({ name: 'Board' });
    const response = await openReport(
      bridge.httpPort,
      await bridge.operatorToken(),
      '/reports/charges?from=2025-03-01&to=2025-03-31&legs=true&format=json',
    );
    expect(response.statusCode).toBe(200);
    const chunks: Buffer[] = [await firstChunk(response)];

    // The client reads no further. A leader dials, hears the code prompt, types the code and is moved into the meeting.
    const leader = await bridge.joinMeeting(conference.leaderCode);
    expect(await leader.heard()).toContainEqual(heardItem({ key: 'code.enter' }));
    expect(snapshotHeldElsewhere()).toBe(true);

    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.resume();
    await once(response, 'end');
    const report = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { accounts: Array<{ legs: unknown[] }> };
    expect(report.accounts.reduce((sum, account) => sum + account.legs.length, 0)).toBe(LEGS);
    await eventually(snapshotHeldElsewhere, (held) => !held, 'the report worker lets go of its snapshot');
  }, 60_000);
});

function openReport(port: number, token: string, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: `/api/v1${path}`, headers: { authorization: `Bearer ${token}` } }, resolve).once('error', reject);
  });
}

/** The first piece of the body; the response is paused after it. */
function firstChunk(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    response.once('data', (chunk: Buffer) => {
      response.pause();
      resolve(chunk);
    });
  });
}
