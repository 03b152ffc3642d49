import { beforeEach, expect, it } from 'vitest';
import type { LegOpened } from '../../src/domain/conference/legs-and-meetings';
import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';
import { SqlLedger } from '../../src/adapters/db/sql-ledger';
import { seedRoom } from '../support/ledger-world';
import { describeEachStore } from '../support/stores-under-test';

const T0 = Date.UTC(2026, 4, 11, 10, 0);
const SECOND = 1000;

describeEachStore('the ledger', (store) => {
  let db: SqlDatabase;
  let ledger: SqlLedger;
  let organisationId: string;
  let conferenceId: string;

  beforeEach(async () => {
    db = await store.open();
    ledger = new SqlLedger(db);
    ({ organisationId, conferenceId } = await seedRoom(db, T0));
  });

  async function callArrives(legId: string, at: number, role: LegOpened['role'] = 'participant', on = ledger): Promise<void> {
    await on.openLeg({
      legId,
      channelId: `chan-${legId}`,
      conferenceId,
      role,
      callerNumber: '+4791234567',
      dialledNumber: '+4721000000',
      calledAt: at,
    });
  }

  async function startMeeting(meetingId: string, at: number, on = ledger): Promise<void> {
    await on.meetingStarted({ meetingId, conferenceId, organisationId, at });
  }

  async function leg(legId: string) {
    return (await ledger.legs({ conferenceId })).find((row) => row.legId === legId);
  }

  it('records the whole call of a leg: arrival, entry into the meeting, checkpoints and the end', async () => {
    await callArrives('leg-1', T0, 'leader');
    await startMeeting('mtg-1', T0 + 5 * SECOND);
    await ledger.legEnteredMeeting('leg-1', 'mtg-1', T0 + 5 * SECOND);
    await ledger.checkpoint(['leg-1'], T0 + 20 * SECOND);
    await ledger.closeLeg('leg-1', T0 + 65 * SECOND, 'caller-hung-up');
    expect(await leg('leg-1')).toEqual({
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

  it('keeps the first end of a leg: closing it again never moves the time or the reason', async () => {
    await callArrives('leg-1', T0);
    await ledger.closeLeg('leg-1', T0 + 10 * SECOND, 'caller-hung-up');
    await ledger.closeLeg('leg-1', T0 + 99 * SECOND, 'meeting-ended');
    expect(await leg('leg-1')).toMatchObject({ leftAt: T0 + 10 * SECOND, endReason: 'caller-hung-up' });
  });

  it('keeps the leg of a caller who never got into a meeting unbillable', async () => {
    await callArrives('leg-1', T0);
    await ledger.closeLeg('leg-1', T0 + 30 * SECOND, 'locked');
    expect(await leg('leg-1')).toMatchObject({ meetingId: null, enteredAt: null, leftAt: T0 + 30 * SECOND, endReason: 'locked' });
  });

  it('enters a leg into a meeting once: a late or repeated entry does not move its billable start', async () => {
    await callArrives('leg-1', T0);
    await startMeeting('mtg-1', T0 + SECOND);
    await ledger.legEnteredMeeting('leg-1', 'mtg-1', T0 + SECOND);
    await ledger.legEnteredMeeting('leg-1', 'mtg-1', T0 + 50 * SECOND);
    await callArrives('leg-2', T0);
    await ledger.closeLeg('leg-2', T0 + 2 * SECOND, 'caller-hung-up');
    await ledger.legEnteredMeeting('leg-2', 'mtg-1', T0 + 3 * SECOND);
    expect((await leg('leg-1'))?.enteredAt).toBe(T0 + SECOND);
    expect(await leg('leg-2')).toMatchObject({ meetingId: null, enteredAt: null });
  });

  it('checkpoints open legs together, and only those still open', async () => {
    await callArrives('leg-1', T0);
    await callArrives('leg-2', T0);
    await callArrives('leg-3', T0);
    await ledger.closeLeg('leg-3', T0 + 5 * SECOND, 'caller-hung-up');
    await ledger.checkpoint(['leg-1', 'leg-2', 'leg-3', 'leg-unknown'], T0 + 15 * SECOND);
    expect((await ledger.legs({ conferenceId })).map((row) => [row.legId, row.checkpointAt])).toEqual([
      ['leg-1', T0 + 15 * SECOND],
      ['leg-2', T0 + 15 * SECOND],
      ['leg-3', null],
    ]);
  });

  it('reads legs by meeting and by open or closed', async () => {
    await callArrives('leg-1', T0);
    await callArrives('leg-2', T0 + 1);
    await startMeeting('mtg-1', T0 + 2);
    await ledger.legEnteredMeeting('leg-2', 'mtg-1', T0 + 2);
    await ledger.closeLeg('leg-1', T0 + 3, 'caller-hung-up');
    expect((await ledger.legs({ meetingId: 'mtg-1' })).map((row) => row.legId)).toEqual(['leg-2']);
    expect((await ledger.legs({ open: true })).map((row) => row.legId)).toEqual(['leg-2']);
    expect((await ledger.legs({ open: false })).map((row) => row.legId)).toEqual(['leg-1']);
  });

  it('keeps the first end of a meeting ended twice', async () => {
    await startMeeting('mtg-1', T0);
    await ledger.meetingEnded('mtg-1', T0 + 60 * SECOND, 'ended-by-leader');
    await ledger.meetingEnded('mtg-1', T0 + 90 * SECOND, 'empty');
    expect(await ledger.meeting('mtg-1')).toEqual({
      meetingId: 'mtg-1',
      conferenceId,
      organisationId,
      startedAt: T0,
      endedAt: T0 + 60 * SECOND,
      endReason: 'ended-by-leader',
    });
    expect(await ledger.meeting('mtg-unknown')).toBeNull();
  });

  /** Meeting 1: leader checkpointed, participant entered after the last checkpoint, one still waiting; meeting 2: one caller Asterisk still holds, one gone. */
  async function beforeTheCrash(on = ledger, prefix = ''): Promise<void> {
    const id = (name: string) => `${prefix}${name}`;
    await callArrives(id('leader-1'), T0, 'leader', on);
    await startMeeting(id('mtg-1'), T0 + 10 * SECOND, on);
    await on.legEnteredMeeting(id('leader-1'), id('mtg-1'), T0 + 10 * SECOND);
    await callArrives(id('guest-1'), T0 + 20 * SECOND, 'participant', on);
    await on.checkpoint([id('leader-1'), id('guest-1')], T0 + 30 * SECOND);
    await on.legEnteredMeeting(id('guest-1'), id('mtg-1'), T0 + 40 * SECOND);
    await callArrives(id('waiting'), T0 + 35 * SECOND, 'participant', on);
    await callArrives(id('leader-2'), T0, 'leader', on);
    await startMeeting(id('mtg-2'), T0 + SECOND, on);
    await on.legEnteredMeeting(id('leader-2'), id('mtg-2'), T0 + SECOND);
    await callArrives(id('guest-2'), T0 + 2 * SECOND, 'participant', on);
    await on.legEnteredMeeting(id('guest-2'), id('mtg-2'), T0 + 2 * SECOND);
    await on.checkpoint([id('leader-2'), id('guest-2')], T0 + 45 * SECOND);
  }

  it('lists, after a crash, the legs that were open when the app died', async () => {
    await beforeTheCrash();
    expect((await ledger.openLegs()).map((row) => row.legId).sort()).toEqual(['guest-1', 'guest-2', 'leader-1', 'leader-2', 'waiting']);
  });

  it('closes gone callers at their last sign of life as lost and estimated, keeping live ones open', async () => {
    await beforeTheCrash();
    const recovery = await ledger.closeLostLegs(new Set(['chan-leader-2']), T0 + 120 * SECOND);
    expect(recovery.closedLegIds.sort()).toEqual(['guest-1', 'guest-2', 'leader-1', 'waiting']);
    const legs = await ledger.legs({ conferenceId });
    expect(Object.fromEntries(legs.map((row) => [row.legId, [row.leftAt, row.endReason, row.estimated]]))).toEqual({
      'leader-1': [T0 + 30 * SECOND, 'lost', true],
      'guest-1': [T0 + 40 * SECOND, 'lost', true],
      waiting: [T0 + 35 * SECOND, 'lost', true],
      'guest-2': [T0 + 45 * SECOND, 'lost', true],
      'leader-2': [null, null, false],
    });
  });

  it('ends a meeting left without callers at its last caller’s end, and leaves a meeting with live callers open', async () => {
    await beforeTheCrash();
    const recovery = await ledger.closeLostLegs(new Set(['chan-leader-2']), T0 + 120 * SECOND);
    expect(recovery.endedMeetingIds).toEqual(['mtg-1']);
    expect(await ledger.meeting('mtg-1')).toMatchObject({ endedAt: T0 + 40 * SECOND, endReason: 'lost' });
    expect(await ledger.meeting('mtg-2')).toMatchObject({ endedAt: null });
  });

  it('never dates an end after the recovery itself', async () => {
    await beforeTheCrash();
    await ledger.closeLostLegs(new Set(), T0 + 32 * SECOND);
    expect((await leg('guest-1'))?.leftAt).toBe(T0 + 32 * SECOND);
  });

  it('does nothing more when recovery runs again, and never touches legs that ended normally', async () => {
    await beforeTheCrash();
    await ledger.closeLeg('guest-2', T0 + 50 * SECOND, 'caller-hung-up');
    await ledger.closeLostLegs(new Set(['chan-leader-2']), T0 + 120 * SECOND);
    const before = await ledger.legs({ conferenceId });
    expect((await ledger.closeLostLegs(new Set(), T0 + 500 * SECOND)).closedLegIds).toEqual(['leader-2']);
    const after = await ledger.legs({ conferenceId });
    expect(after.filter((row) => row.legId !== 'leader-2')).toEqual(before.filter((row) => row.legId !== 'leader-2'));
    expect(await leg('guest-2')).toMatchObject({ leftAt: T0 + 50 * SECOND, endReason: 'caller-hung-up', estimated: false });
  });

  it('recovers one media server’s calls only: the legs and meetings of another server on the same store stay as they are', async () => {
    const serverA = new SqlLedger(db, 'ast-a');
    const serverB = new SqlLedger(db, 'ast-b');
    await beforeTheCrash(serverA, 'a-');
    await beforeTheCrash(serverB, 'b-');
    expect((await serverA.openLegs()).map((row) => row.legId).sort()).toEqual([
      'a-guest-1',
      'a-guest-2',
      'a-leader-1',
      'a-leader-2',
      'a-waiting',
    ]);

    const recovery = await serverA.closeLostLegs(new Set(), T0 + 120 * SECOND);
    expect(recovery.closedLegIds.sort()).toEqual(['a-guest-1', 'a-guest-2', 'a-leader-1', 'a-leader-2', 'a-waiting']);
    expect(recovery.endedMeetingIds.sort()).toEqual(['a-mtg-1', 'a-mtg-2']);
    expect(await serverB.openLegs()).toHaveLength(5);
    expect(await ledger.meeting('b-mtg-1')).toMatchObject({ endedAt: null });
    // Nor does the lone-Asterisk ledger (no server) see either server's legs.
    expect(await ledger.openLegs()).toEqual([]);
  });
});
