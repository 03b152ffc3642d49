import type { Database } from '../../src/adapters/db/database';
import { monthPeriod } from '../../src/domain/billing/calendar';
import { seededRandom } from './seeded-random';

const MINUTE = 60_000;

/**
 * A month of closed legs written straight into the tables in one
 * transaction (far faster than the ledger for hundreds of thousands):
 * `accounts` organisations `org-N` with one conference each, meetings of
 * 2–14 callers spread over the month, legs that waited for the leader, legs
 * past midnight and past the month end, 2 % estimated after a crash. The
 * legs still need rating. The same seed gives the same month.
 */
export function writeMonthOfLegs(
  db: Database,
  options: { legs: number; accounts: number; year: number; month: number; timeZone: string; seed?: number },
): { legs: number; meetings: number } {
  const random = seededRandom(options.seed ?? 2025_03);
  const month = monthPeriod(options.year, options.month, options.timeZone);
  const insertOrganisation = db.prepare('INSERT INTO organisations (id, name, billing_reference, created_at) VALUES (?, ?, ?, 0)');
  const insertConference = db.prepare(
    `INSERT INTO conferences (id, organisation_id, name, end_on_leader_hangup, code_kind, created_at, updated_at)
     VALUES (?, ?, ?, 1, 'pair', 0, 0)`,
  );
  const insertMeeting = db.prepare(
    `INSERT INTO meetings (id, conference_id, organisation_id, started_at, ended_at, end_reason)
     VALUES (?, ?, ?, ?, ?, 'ended-by-leader')`,
  );
  const insertLeg = db.prepare(
    `INSERT INTO legs (id, channel_id, conference_id, meeting_id, role, caller_number, dialled_number, called_at,
       entered_at, left_at, end_reason, checkpoint_at, estimated)
     VALUES (?, ?, ?, ?, ?, ?, '+4721000000', ?, ?, ?, ?, ?, ?)`,
  );
  let legs = 0;
  let meetings = 0;
  db.transaction(() => {
    for (let account = 0; account < options.accounts; account += 1) {
      insertOrganisation.run(`org-${account}`, `Account ${account} AS`, String(900_000_000 + account));
      insertConference.run(`conf-${account}`, `org-${account}`, `Room ${account}`);
    }
    while (legs < options.legs) {
      const account = Math.floor(random() * options.accounts);
      const startedAt = month.startsAt + Math.floor(random() * (month.endsAt - month.startsAt));
      const length = Math.floor(random() * 120 * MINUTE) + 1000;
      const endedAt = startedAt + length;
      const meetingId = `mtg-${meetings}`;
      meetings += 1;
      insertMeeting.run(meetingId, `conf-${account}`, `org-${account}`, startedAt, endedAt);
      const callers = Math.min(2 + Math.floor(random() * 13), options.legs - legs);
      for (let caller = 0; caller < callers; caller += 1) {
        const waited = caller === 0 || random() < 0.3;
        const enteredAt = waited ? startedAt : startedAt + Math.floor(random() * length);
        const calledAt = waited ? enteredAt - Math.floor(random() * 5 * MINUTE) : enteredAt - 3000;
        const estimated = random() < 0.02 ? 1 : 0;
        const leftAt = Math.min(endedAt, enteredAt + Math.floor(random() * length));
        insertLeg.run(
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
        );
        legs += 1;
      }
    }
  })();
  return { legs, meetings };
}
