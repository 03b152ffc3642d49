import { SqlLedger } from '../src/adapters/db/sql-ledger';
import { createBenchDatabase } from './bench-database';
import { SqliteSqlDatabase } from '../src/adapters/db/sql/sqlite-sql-database';

export interface LedgerThroughput {
  /** Whole legs (opened, entered a meeting, closed: three durable writes) per second. */
  legsPerSecond: number;
  writes: number;
  /** Time of one durable write: the bridge's event loop waits this long for it. */
  writeMs: { p50: number; p99: number; max: number };
}

/**
 * The ledger on its own, as the bridge uses it: each leg opened, entered
 * and closed, every write its own transaction (durable when it returns,
 * `synchronous = FULL`), for `durationMs` on a fresh database file.
 */
export async function measureLedgerThroughput(durationMs: number): Promise<LedgerThroughput> {
  const database = await createBenchDatabase(1);
  const db = database.openReader();
  db.pragma('query_only = OFF');
  try {
    const conferenceId = db.prepare<[], { id: string }>('SELECT id FROM conferences').get()?.id;
    const organisationId = db.prepare<[], { id: string }>('SELECT id FROM organisations').get()?.id;
    if (conferenceId === undefined || organisationId === undefined) throw new Error('bench database has no conference');
    const ledger = new SqlLedger(new SqliteSqlDatabase(db));
    await ledger.meetingStarted({ meetingId: 'mtg-bench', conferenceId, organisationId, at: Date.now() });
    const writeMs: number[] = [];
    const timedWrite = async (write: () => Promise<void>) => {
      const started = performance.now();
      await write();
      writeMs.push(performance.now() - started);
    };
    const started = performance.now();
    let legs = 0;
    while (performance.now() - started < durationMs) {
      const legId = `leg-bench-${legs}`;
      const at = Date.now();
      await timedWrite(() =>
        ledger.openLeg({
          legId,
          channelId: `chan-${legs}`,
          conferenceId,
          role: 'participant',
          callerNumber: '+4790000000',
          dialledNumber: '+4721000000',
          calledAt: at,
        }),
      );
      await timedWrite(() => ledger.legEnteredMeeting(legId, 'mtg-bench', at));
      await timedWrite(() => ledger.closeLeg(legId, at + 1, 'caller-hung-up'));
      legs += 1;
    }
    const elapsedMs = performance.now() - started;
    const sorted = writeMs.sort((a, b) => a - b);
    const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
    return {
      legsPerSecond: legs / (elapsedMs / 1000),
      writes: sorted.length,
      writeMs: { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN },
    };
  } finally {
    db.close();
    database.remove();
  }
}
