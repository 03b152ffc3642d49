import type { SqlDatabase, SqlStatements } from '../../src/adapters/db/sql/sql-database';
import { monthPeriod } from '../../src/domain/billing/calendar';
import { seededRandom } from './seeded-random';

const MINUTE = 60_000;

/**
 * A month of closed legs written straight into the tables in one
 * transaction, on either store (far faster than the ledger for hundreds of thousands):
 * `accounts` organisations `org-N` with one conference each, meetings of
 * 2–14 callers spread over the month, legs that waited for the leader, legs
 * past midnight and past the month end, 2 % estimated after a crash. The
 * legs still need rating. The same seed gives the same month.
 */
export function writeMonthOfLegs(
  db: SqlDatabase,
  options: { legs: number; accounts: number; year: number; month: number; timeZone: string; seed?: number },
): Promise<{ legs: number; meetings: number }> {
  // Made again from the seed if the transaction runs again (a PostgreSQL serialization retry).
  return db.transaction((tx) => write(tx, options));
}

async function write(
  tx: SqlStatements,
  options: { legs: number; accounts: number; year: number; month: number; timeZone: string; seed?: number },
): Promise<{ legs: number; meetings: number }> {
  const random = seededRandom(options.seed ?? 2025_03);
  const month = monthPeriod(options.year, options.month, options.timeZone);
  const insertOrganisation = 'INSERT INTO organisations (id, name, billing_reference, created_at) VALUES ($1, $2, $3, 0)';
  const insertConference = `INSERT INTO conferences (id, organisation_id, name, end_on_leader_hangup, code_kind, created_at, updated_at)
     VALUES ($1, $2, $3, 1, 'pair', 0, 0)`;
  const insertMeeting = `INSERT INTO meetings (id, conference_id, organisation_id, started_at, ended_at, end_reason)
     VALUES ($1, $2, $3, $4, $5, 'ended-by-leader')`;
  const insertLeg = `INSERT INTO legs (id, channel_id, conference_id, meeting_id, role, caller_number, dialled_number, called_at,
       entered_at, left_at, end_reason, checkpoint_at, estimated)
     VALUES ($1, $2, $3, $4, $5, $6, '+4721000000', $7, $8, $9, $10, $11, $12)`;
  let legs = 0;
  let meetings = 0;
  for (let account = 0; account < options.accounts; account += 1) {
    await tx.run(insertOrganisation, [`org-${account}`, `Account ${account} AS`, String(900_000_000 + account)]);
    await tx.run(insertConference, [`conf-${account}`, `org-${account}`, `Room ${account}`]);
  }
  while (legs < options.legs) {
    const account = Math.floor(random() * options.accounts);
    const startedAt = month.startsAt + Math.floor(random() * (month.endsAt - month.startsAt));
    const length = Math.floor(random() * 120 * MINUTE) + 1000;
    const endedAt = startedAt + length;
    const meetingId = `mtg-${meetings}`;
    meetings += 1;
    await tx.run(insertMeeting, [meetingId, `conf-${account}`, `org-${account}`, startedAt, endedAt]);
    const callers = Math.min(2 + Math.floor(random() * 13), options.legs - legs);
    for (let caller = 0; caller < callers; caller += 1) {
      const waited = caller === 0 || random() < 0.3;
      const enteredAt = waited ? startedAt : startedAt + Math.floor(random() * length);
      const calledAt = waited ? enteredAt - Math.floor(random() * 5 * MINUTE) : enteredAt - 3000;
      const estimated = random() < 0.02 ? 1 : 0;
      const leftAt = Math.min(endedAt, enteredAt + Math.floor(random() * length));
      await tx.run(insertLeg, [
        `leg-${legs}`,
        `chan-${legs}`,
        `conf-${account}`,
        meetingId,
        caller === 0 ? 'leader' : 'participant',
        `+47${40_000_000 + Math.floor(random() * 59_999_999)}`,
        calledAt,
        enteredAt,
        leftAt,
        estimated ? 'lost' : 'caller-hung-up',
        leftAt,
        estimated,
      ]);
      legs += 1;
    }
  }
  return { legs, meetings };
}
