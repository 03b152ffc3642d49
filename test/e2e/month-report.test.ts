import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvObjects } from '../integration/billing-fixtures';
import { ScriptedClock } from '../support/scripted-clock';
import { BridgeUnderTest } from './support/bridge-under-test';
import type { E2ECaller } from './support/e2e-world';
import { e2eSuiteTitle } from './support/e2e-target';

/**
 * A month of NHN's rooms as an operator and the callers meet it: rooms sold
 * by type are made over the admin API, one is upgraded during the month and
 * then used on the phone, a downgrade inside the binding is refused, and the
 * month's charge report (JSON and CSV) shows each room's fee, prorated by day
 * from its creation and from the upgrade, next to the minutes the callers
 * spent, and adds up.
 *
 * Kvorum runs on a scripted clock (the script sets the day and the minute;
 * timers run in real time), so the calls made on the phone, on the simulator
 * or a real Asterisk, land at known instants of a known month.
 */
const RATE_ORE_PER_MINUTE = 255;

describe(`${e2eSuiteTitle()}: a month's charge report with room fees and an upgrade`, () => {
  const clock = new ScriptedClock(Date.parse('2025-01-05T09:00:00+01:00'));
  let bridge: BridgeUnderTest;
  let operator: string;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({ clock });
    operator = await bridge.operatorToken();
  });
  afterAll(async () => {
    await bridge?.close();
  });

  const hangUpAt = async (localTime: string, caller: E2ECaller) => {
    clock.set(localTime);
    await caller.hangUp();
    await bridge.closedLegOf(caller);
  };

  it('lists each room’s fee by day next to the minutes spent in it; JSON and CSV agree and add up', async () => {
    const organisation = await bridge.api(operator, 'POST', '/organisations', { name: 'Helse Fjord', billingReference: 'NO 999 888 777' });
    expect(organisation.status).toBe(201);
    const account = organisation.json.id as string;
    const createRoom = async (localTime: string, name: string, roomType: string) => {
      clock.set(localTime);
      const created = await bridge.api(operator, 'POST', '/conferences', { organisationId: account, name, roomType });
      expect(created.status).toBe(201);
      const codes = Object.fromEntries((created.json.codes as Array<{ role: string; code: string }>).map(({ role, code }) => [role, code]));
      return { id: created.json.conference.id as string, leader: codes.leader as string, participant: codes.participant as string };
    };

    const board = await createRoom('2025-01-05T09:00:00+01:00', 'Board', 'small-administrative');
    await createRoom('2025-03-10T08:00:00+01:00', 'Patient talks', 'sensitive');
    clock.set('2025-03-16T10:00:00+01:00');
    expect((await bridge.api(operator, 'PATCH', `/conferences/${board.id}`, { roomType: 'large-administrative' })).status).toBe(200);

    // On the 20th the board meets on the phone: Lea leads for ten minutes, Per stays seven.
    clock.set('2025-03-20T10:00:00+01:00');
    const lea = await bridge.joinMeeting(board.leader);
    const per = await bridge.joinMeeting(board.participant);
    expect(await bridge.legOf(per)).toMatchObject({ enteredAt: Date.parse('2025-03-20T10:00:00+01:00') });
    await hangUpAt('2025-03-20T10:07:00+01:00', per);
    await hangUpAt('2025-03-20T10:10:00+01:00', lea);
    await bridge.endedMeetingOf(board.id);

    // Going back down to a smaller room inside the year is refused, with the day it is allowed from.
    clock.set('2025-03-25T12:00:00+01:00');
    const downgrade = await bridge.api(operator, 'PATCH', `/conferences/${board.id}`, { roomType: 'personal' });
    expect(downgrade.status).toBe(409);
    expect(downgrade.json.message).toContain('allowed from 2026-01-05');

    clock.set('2025-04-02T08:00:00+02:00');
    const query = `/reports/charges?from=2025-03-01&to=2025-03-31&account=${account}`;
    const json = await bridge.api(operator, 'GET', `${query}&format=json`);
    expect(json.status).toBe(200);
    const [line] = json.json.accounts;
    expect(
      line.rooms.map((room: Record<string, unknown>) => [
        room.conferenceName,
        room.roomType,
        room.from,
        room.to,
        room.days,
        room.amountOre,
      ]),
    ).toEqual([
      // 100 NOK a month for 15 of March's 31 days, 200 NOK from the upgrade on the 16th.
      ['Board', 'small-administrative', '2025-03-01', '2025-03-15', 15, Math.round((10_000 * 15) / 31)],
      ['Board', 'large-administrative', '2025-03-16', '2025-03-31', 16, Math.round((20_000 * 16) / 31)],
      // 50 NOK a month from its creation on the 10th: 22 days.
      ['Patient talks', 'sensitive', '2025-03-10', '2025-03-31', 22, Math.round((5_000 * 22) / 31)],
    ]);
    const roomFeesOre = Math.round((10_000 * 15) / 31) + Math.round((20_000 * 16) / 31) + Math.round((5_000 * 22) / 31);
    // Seventeen minutes on the phone: Lea's ten and Per's seven.
    const chargesOre = (10 + 7) * RATE_ORE_PER_MINUTE;
    expect(line.totals).toMatchObject({ chargesOre, roomFeesOre, licenceFeesOre: 0, totalExclVatOre: chargesOre + roomFeesOre });

    const csv = await bridge.api(operator, 'GET', query);
    expect(csv.status).toBe(200);
    const rows = csvObjects(csv.text);
    const roomRows = rows.filter((row) => row.record === 'room');
    expect(roomRows.map((row) => [row.conference, row.start, row.end, toOre(row.amount_nok)])).toEqual(
      line.rooms.map((room: Record<string, unknown>) => [room.conferenceName, room.from, room.to, room.amountOre]),
    );
    const totals = Object.fromEntries(
      rows.filter((row) => row.record === 'total').map((row) => [row.note?.split(':')[0], toOre(row.amount_nok)]),
    );
    expect(totals).toMatchObject({ 'leg charges': chargesOre, 'room fees': roomFeesOre, 'total excl. VAT': chargesOre + roomFeesOre });
    expect(totals['total incl. VAT']).toBe(line.totals.totalInclVatOre);
  });
});

function toOre(nok: string | undefined): number {
  return Math.round(Number(nok) * 100);
}
