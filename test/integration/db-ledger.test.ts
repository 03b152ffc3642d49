import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LegOpened } from '../../src/domain/conference/legs-and-meetings';
import { sqliteConferences } from '../support/sqlite-provisioning';
import { type Database, openDatabase } from '../../src/adapters/db/database';
import { SqliteLedger } from '../../src/adapters/db/sqlite-ledger';
import { migrate } from '../../src/adapters/db/migrations';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';

const T0 = Date.UTC(2026, 4, 11, 10, 0);
const SECOND = 1000;

let workDir: string;
let dbPath: string;
let db: Database;
let ledger: SqliteLedger;
let organisationId: string;
let conferenceId: string;

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kvorum-ledger-'));
  dbPath = join(workDir, 'kvorum.db');
  db = openDatabase(dbPath);
  migrate(db);
  ledger = new SqliteLedger(db);
  organisationId = new OrganisationsRepository(db).create({ name: 'Acme', billingReference: '-' }, T0).id;
  conferenceId = sqliteConferences(db, 'a-test-secret-of-some-length').create(
    { organisationId, name: 'Weekly', codes: { kind: 'pair' } },
    T0,
  ).conference.id;
});

afterEach(() => {
  db.close();
  rmSync(workDir, { recursive: true, force: true });
});

function callArrives(legId: string, at: number, role: LegOpened['role'] = 'participant'): void {
  ledger.openLeg({
    legId,
    channelId: `chan-${legId}`,
    conferenceId,
    role,
    callerNumber: '+4791234567',
    dialledNumber: '+4721000000',
    calledAt: at,
  });
}

function startMeeting(meetingId: string, at: number): void {
  ledger.meetingStarted({ meetingId, conferenceId, organisationId, at });
}

function leg(legId: string) {
  return ledger.legs({ conferenceId }).find((row) => row.legId === legId);
}

describe('a leg in the ledger', () => {
  it('records the whole call: arrival, entry into the meeting, checkpoints and the end', () => {
    callArrives('leg-1', T0, 'leader');
    startMeeting('mtg-1', T0 + 5 * SECOND);
    ledger.legEnteredMeeting('leg-1', 'mtg-1', T0 + 5 * SECOND);
    ledger.checkpoint(['leg-1'], T0 + 20 * SECOND);
    ledger.closeLeg('leg-1', T0 + 65 * SECOND, 'caller-hung-up');
    expect(leg('leg-1')).toEqual({
      legId: 'leg-1',
      channelId: 'chan-leg-1',
      conferenceId,
      meetingId: 'mtg-1',
      role: 'leader',
      callerNumber: '+4791234567',
      normalisedCallerNumber: '+4791234567',
      dialledNumber: '+4721000000',
      calledAt: T0,
      enteredAt: T0 + 5 * SECOND,
      leftAt: T0 + 65 * SECOND,
      endReason: 'caller-hung-up',
      checkpointAt: T0 + 20 * SECOND,
      estimated: false,
    });
  });

  it('is on disk when the call returns: another connection reads it at once', () => {
    callArrives('leg-1', T0);
    const reader = openDatabase(dbPath);
    try {
      expect(new SqliteLedger(reader).openLegs().map((row) => row.legId)).toEqual(['leg-1']);
    } finally {
      reader.close();
    }
  });

  it('keeps its first end: closing it again never moves the time or the reason', () => {
    callArrives('leg-1', T0);
    ledger.closeLeg('leg-1', T0 + 10 * SECOND, 'caller-hung-up');
    ledger.closeLeg('leg-1', T0 + 99 * SECOND, 'meeting-ended');
    expect(leg('leg-1')).toMatchObject({ leftAt: T0 + 10 * SECOND, endReason: 'caller-hung-up' });
  });

  it('of a caller who never got into a meeting stays unbillable', () => {
    callArrives('leg-1', T0);
    ledger.closeLeg('leg-1', T0 + 30 * SECOND, 'locked');
    expect(leg('leg-1')).toMatchObject({ meetingId: null, enteredAt: null, leftAt: T0 + 30 * SECOND, endReason: 'locked' });
  });

  it('enters a meeting once: a late or repeated entry does not move its billable start', () => {
    callArrives('leg-1', T0);
    startMeeting('mtg-1', T0 + SECOND);
    ledger.legEnteredMeeting('leg-1', 'mtg-1', T0 + SECOND);
    ledger.legEnteredMeeting('leg-1', 'mtg-1', T0 + 50 * SECOND);
    callArrives('leg-2', T0);
    ledger.closeLeg('leg-2', T0 + 2 * SECOND, 'caller-hung-up');
    ledger.legEnteredMeeting('leg-2', 'mtg-1', T0 + 3 * SECOND);
    expect(leg('leg-1')?.enteredAt).toBe(T0 + SECOND);
    expect(leg('leg-2')).toMatchObject({ meetingId: null, enteredAt: null });
  });

  it('is checkpointed with the others in one go, but only while it is open', () => {
    callArrives('leg-1', T0);
    callArrives('leg-2', T0);
    callArrives('leg-3', T0);
    ledger.closeLeg('leg-3', T0 + 5 * SECOND, 'caller-hung-up');
    ledger.checkpoint(['leg-1', 'leg-2', 'leg-3', 'leg-unknown'], T0 + 15 * SECOND);
    expect(ledger.legs({ conferenceId }).map((row) => [row.legId, row.checkpointAt])).toEqual([
      ['leg-1', T0 + 15 * SECOND],
      ['leg-2', T0 + 15 * SECOND],
      ['leg-3', null],
    ]);
  });

  it('can be read by meeting and by open or closed', () => {
    callArrives('leg-1', T0);
    callArrives('leg-2', T0 + 1);
    startMeeting('mtg-1', T0 + 2);
    ledger.legEnteredMeeting('leg-2', 'mtg-1', T0 + 2);
    ledger.closeLeg('leg-1', T0 + 3, 'caller-hung-up');
    expect(ledger.legs({ meetingId: 'mtg-1' }).map((row) => row.legId)).toEqual(['leg-2']);
    expect(ledger.legs({ open: true }).map((row) => row.legId)).toEqual(['leg-2']);
    expect(ledger.legs({ open: false }).map((row) => row.legId)).toEqual(['leg-1']);
  });
});

describe('a meeting in the ledger', () => {
  it('keeps its first end when ended twice', () => {
    startMeeting('mtg-1', T0);
    ledger.meetingEnded('mtg-1', T0 + 60 * SECOND, 'ended-by-leader');
    ledger.meetingEnded('mtg-1', T0 + 90 * SECOND, 'empty');
    expect(ledger.meeting('mtg-1')).toEqual({
      meetingId: 'mtg-1',
      conferenceId,
      organisationId,
      startedAt: T0,
      endedAt: T0 + 60 * SECOND,
      endReason: 'ended-by-leader',
    });
    expect(ledger.meeting('mtg-unknown')).toBeNull();
  });
});

describe('recovery after a crash', () => {
  beforeEach(() => {
    // Meeting 1: leader checkpointed, participant entered after the last checkpoint, one still waiting elsewhere.
    callArrives('leader-1', T0, 'leader');
    startMeeting('mtg-1', T0 + 10 * SECOND);
    ledger.legEnteredMeeting('leader-1', 'mtg-1', T0 + 10 * SECOND);
    callArrives('guest-1', T0 + 20 * SECOND);
    ledger.checkpoint(['leader-1', 'guest-1'], T0 + 30 * SECOND);
    ledger.legEnteredMeeting('guest-1', 'mtg-1', T0 + 40 * SECOND);
    callArrives('waiting', T0 + 35 * SECOND);
    // Meeting 2: one caller whose channel Asterisk still holds, one who is gone.
    callArrives('leader-2', T0, 'leader');
    startMeeting('mtg-2', T0 + SECOND);
    ledger.legEnteredMeeting('leader-2', 'mtg-2', T0 + SECOND);
    callArrives('guest-2', T0 + 2 * SECOND);
    ledger.legEnteredMeeting('guest-2', 'mtg-2', T0 + 2 * SECOND);
    ledger.checkpoint(['leader-2', 'guest-2'], T0 + 45 * SECOND);
  });

  it('lists the legs that were open when the app died', () => {
    expect(
      ledger
        .openLegs()
        .map((row) => row.legId)
        .sort(),
    ).toEqual(['guest-1', 'guest-2', 'leader-1', 'leader-2', 'waiting'].sort());
  });

  it('closes gone callers at their last sign of life as lost and estimated, keeping live ones open', () => {
    const recovery = ledger.closeLostLegs(new Set(['chan-leader-2']), T0 + 120 * SECOND);
    expect(recovery.closedLegIds.sort()).toEqual(['guest-1', 'guest-2', 'leader-1', 'waiting']);
    const ends = Object.fromEntries(ledger.legs({ conferenceId }).map((row) => [row.legId, [row.leftAt, row.endReason, row.estimated]]));
    expect(ends).toEqual({
      'leader-1': [T0 + 30 * SECOND, 'lost', true],
      'guest-1': [T0 + 40 * SECOND, 'lost', true],
      waiting: [T0 + 35 * SECOND, 'lost', true],
      'guest-2': [T0 + 45 * SECOND, 'lost', true],
      'leader-2': [null, null, false],
    });
  });

  it('ends a meeting left without callers at its last caller’s end, and leaves a meeting with live callers open', () => {
    const recovery = ledger.closeLostLegs(new Set(['chan-leader-2']), T0 + 120 * SECOND);
    expect(recovery.endedMeetingIds).toEqual(['mtg-1']);
    expect(ledger.meeting('mtg-1')).toMatchObject({ endedAt: T0 + 40 * SECOND, endReason: 'lost' });
    expect(ledger.meeting('mtg-2')).toMatchObject({ endedAt: null });
  });

  it('never dates an end after the recovery itself', () => {
    ledger.closeLostLegs(new Set(), T0 + 32 * SECOND);
    expect(leg('guest-1')?.leftAt).toBe(T0 + 32 * SECOND);
  });

  it('does nothing more when run again, and never touches legs that ended normally', () => {
    ledger.closeLeg('guest-2', T0 + 50 * SECOND, 'caller-hung-up');
    ledger.closeLostLegs(new Set(['chan-leader-2']), T0 + 120 * SECOND);
    const before = ledger.legs({ conferenceId });
    expect(ledger.closeLostLegs(new Set(), T0 + 500 * SECOND).closedLegIds).toEqual(['leader-2']);
    const after = ledger.legs({ conferenceId });
    expect(after.filter((row) => row.legId !== 'leader-2')).toEqual(before.filter((row) => row.legId !== 'leader-2'));
    expect(leg('guest-2')).toMatchObject({ leftAt: T0 + 50 * SECOND, endReason: 'caller-hung-up', estimated: false });
  });
});
