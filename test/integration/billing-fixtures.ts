import { conferencesOn, sqliteSql } from '../support/store-provisioning';
import { openDatabase, type Database } from '../../src/adapters/db/database';
import { SqlLedger } from '../../src/adapters/db/sql-ledger';
import { migrate } from '../../src/adapters/db/migrations';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';
import { createChargeRater } from '../../src/adapters/db/charges-rater';
import { chargeReportReads, sqliteRowStream } from '../../src/adapters/db/reports-source';
import type { ChargeReport } from '../../src/app/reports/charge-report';
import { createChargeReportBuilder, type ChargeReportOutcome, type ChargeReportRequest } from '../../src/app/reports/charge-report-builder';
import { createSilentLogger } from '../../src/logger';

/**
 * A billing world on a real, migrated SQLite database: accounts and
 * conferences through their repositories, meetings and legs through the
 * ledger the bridge writes with.
 */
export function createBillingWorld(path = ':memory:') {
  const db: Database = openDatabase(path);
  migrate(db);
  const ledger = new SqlLedger(sqliteSql(db));
  const organisations = new OrganisationsRepository(sqliteSql(db));
  const conferences = conferencesOn(db, 'billing-tests-secret-0123456789');
  let nextId = 0;
  const id = (prefix: string) => `${prefix}-${(nextId += 1)}`;

  return {
    db,
    /** The same connection for the stores written over SqlDatabase. */
    sql: sqliteSql(db),
    ledger,
    async account(name: string, billingReference: string) {
      return (await organisations.create({ name, billingReference }, 0)).id;
    },
    async conference(organisationId: string, name: string) {
      return (await conferences.create({ organisationId, name, codes: { kind: 'pair' } }, 0)).conference.id;
    },
    async startMeeting(conferenceId: string, organisationId: string, at: number) {
      const meetingId = id('mtg');
      await ledger.meetingStarted({ meetingId, conferenceId, organisationId, at });
      return meetingId;
    },
    /** A caller who called at `calledAt` and, if `enteredAt` is given, entered the open meeting then. */
    async call(options: {
      conferenceId: string;
      meetingId?: string;
      calledAt: number;
      enteredAt?: number;
      leftAt?: number;
      callerNumber?: string | null;
      role?: 'leader' | 'participant';
      dialledNumber?: string;
    }) {
      const legId = id('leg');
      await ledger.openLeg({
        legId,
        channelId: `chan-${legId}`,
        conferenceId: options.conferenceId,
        role: options.role ?? 'participant',
        callerNumber: options.callerNumber === undefined ? '+4791234567' : options.callerNumber,
        dialledNumber: options.dialledNumber ?? '+4721000000',
        calledAt: options.calledAt,
      });
      if (options.meetingId !== undefined && options.enteredAt !== undefined) {
        await ledger.legEnteredMeeting(legId, options.meetingId, options.enteredAt);
      }
      if (options.leftAt !== undefined) await ledger.closeLeg(legId, options.leftAt, 'caller-hung-up');
      return legId;
    },
  };
}

export type BillingWorld = ReturnType<typeof createBillingWorld>;

/**
 * A charge report made in this thread, as a report worker makes it: the
 * closed legs are rated at `now` (the bridge does that before it asks for a
 * report), then the report is built from the database.
 */
export async function chargeReportOutcome(
  db: Database,
  request: ChargeReportRequest,
  now: number,
  timeZone = 'Europe/Oslo',
): Promise<ChargeReportOutcome> {
  await createChargeRater(sqliteSql(db), createSilentLogger()).rateClosedLegs(now);
  const reads = chargeReportReads({ dialect: 'sqlite', statements: sqliteSql(db), stream: sqliteRowStream(db) });
  return createChargeReportBuilder({ ...reads, timeZone }).build(request, now);
}

/** The report, for a request whose account exists. */
export async function chargeReportOf(
  db: Database,
  request: ChargeReportRequest,
  now: number,
  timeZone = 'Europe/Oslo',
): Promise<ChargeReport> {
  const outcome = await chargeReportOutcome(db, request, now, timeZone);
  if (outcome.kind !== 'report') throw new Error(outcome.kind);
  return outcome.report;
}

/** Every item, read to the end. */
export async function allOf<T>(items: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string, separator = ','): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === separator) {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else {
      field += char;
    }
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/** CSV records as objects keyed by the header row. */
export function csvObjects(text: string, separator = ','): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, separator);
  if (!header) return [];
  return rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}
