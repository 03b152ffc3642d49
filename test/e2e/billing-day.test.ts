import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LegRecord, MeetingRecord } from '../../src/adapters/db/sql-ledger';
import { ScriptedClock } from '../support/scripted-clock';
import { BridgeUnderTest } from './support/bridge-under-test';
import type { E2ECaller } from './support/e2e-world';
import { e2eSuiteTitle, e2eTarget } from './support/e2e-target';
import { eventually } from './support/eventually';

/**
 * A scripted day of meetings through the bridge and the simulator, on a
 * clock the script sets: every join and hang-up happens at a known instant,
 * so every line of the day's charge report can be recomputed by hand from the
 * legs Kvorum wrote, and is, below.
 *
 * Kvorum gets the scripted clock (its timers run in real time). Only on the
 * simulator: a real Asterisk keeps its own time.
 */
const at = (localTime: string) => Date.parse(localTime);
const RATE_ORE_PER_MINUTE = 255;

describe.skipIf(e2eTarget().kind !== 'simulator')(`${e2eSuiteTitle()}: a day of meetings and its charge report`, () => {
  const clock = new ScriptedClock(at('2025-06-03T08:00:00+02:00'));
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({ clock });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  const enteredLegOf = (caller: E2ECaller) =>
    eventually(
      async () => (await bridge.allLegs()).find((leg) => leg.channelId === caller.channelId),
      (leg) => leg?.enteredAt !== null && leg?.enteredAt !== undefined,
      'the caller entered the meeting',
    );
  const hangUpAt = async (localTime: string, caller: E2ECaller) => {
    clock.set(localTime);
    await caller.hangUp();
    await bridge.closedLegOf(caller);
  };

  it('every line of the report is what the legs say, to the second and the øre', async () => {
    // 09:00 stand-up. Pia calls at 08:58 and waits for the leader for free.
    const standup = await bridge.conferenceWithCodes({ name: 'Stand-up' });
    clock.set('2025-06-03T08:58:00+02:00');
    const pia = await bridge.callIn(standup.participantCode, '4791000001');
    await pia.waitForBridge('holding');
    clock.set('2025-06-03T09:00:00+02:00');
    const lea = await bridge.joinMeeting(standup.leaderCode, '4791000002');
    await enteredLegOf(pia);
    clock.set('2025-06-03T09:10:30+02:00');
    const per = await bridge.joinMeeting(standup.participantCode, '4791000003');
    await enteredLegOf(per);
    // A caller for the 14:00 review gives up before its leader comes: no charge.
    const review = await bridge.conferenceWithCodes({ name: 'Review' });
    clock.set('2025-06-03T09:30:00+02:00');
    const early = await bridge.callIn(review.participantCode, '4791000004');
    await early.waitForBridge('holding');
    await hangUpAt('2025-06-03T09:44:00+02:00', early);
    await hangUpAt('2025-06-03T09:45:00+02:00', pia); // 45:00 in the meeting → 45 minutes
    await hangUpAt('2025-06-03T09:45:01+02:00', per); // 34:31 → 35 started minutes
    await hangUpAt('2025-06-03T10:00:00+02:00', lea); // 60:00 → 60 minutes
    await bridge.endedMeetingOf(standup.conferenceId);

    // 23:50 late call across midnight: it belongs, whole, to the day it started.
    const late = await bridge.conferenceWithCodes({ name: 'Late call' });
    clock.set('2025-06-03T23:50:00+02:00');
    const owl = await bridge.joinMeeting(late.leaderCode, '4791000005');
    await enteredLegOf(owl);
    clock.set('2025-06-03T23:55:20+02:00');
    const bat = await bridge.joinMeeting(late.participantCode, '4791000006');
    await enteredLegOf(bat);
    await hangUpAt('2025-06-04T00:05:19+02:00', bat); // 9:59 → 10 minutes
    await hangUpAt('2025-06-04T00:20:00+02:00', owl); // 30:00 → 30 minutes
    await bridge.endedMeetingOf(late.conferenceId);

    clock.set('2025-06-04T08:00:00+02:00');
    const token = await bridge.operatorToken();
    const response = await bridge.api(token, 'GET', '/reports/charges?from=2025-06-03&to=2025-06-03&format=json&legs=true&unmasked=true');
    expect(response.status).toBe(200);
    const [account, ...others] = response.json.accounts;
    expect(others).toEqual([]);

    // Recomputed by hand from the legs table: billable from entering the open meeting
    // (never before it started) until leaving (never after it ended), whole seconds,
    // every started minute at 2.55 NOK.
    const meetings = [...(await bridge.meetingsOf(standup.conferenceId)), ...(await bridge.meetingsOf(late.conferenceId))];
    const legs = (await bridge.allLegs()).filter((leg) => leg.enteredAt !== null);
    const expectedLegs = legs.map((leg) => legLine(leg, meetings));
    const byLegId = (a: { legId: string }, b: { legId: string }) => a.legId.localeCompare(b.legId);
    expect(account.legs.map(comparableLeg).sort(byLegId)).toEqual(expectedLegs.map(comparableLeg).sort(byLegId));
    expect(account.meetings.map(comparableMeeting)).toEqual(
      meetings.map((meeting) => meetingLine(meeting, expectedLegs)).map(comparableMeeting),
    );
    const chargesOre = expectedLegs.reduce((sum, leg) => sum + leg.amountOre, 0);
    expect(account.totals).toMatchObject({
      chargesOre,
      adjustmentsOre: 0,
      totalExclVatOre: chargesOre,
      vatOre: Math.round(chargesOre / 4),
    });

    // …and the script's arithmetic, as the finance officer would check it.
    expect(Object.fromEntries(expectedLegs.map((leg) => [leg.callerNumber, leg.realSeconds]))).toEqual({
      '+4791000001': 2700,
      '+4791000002': 3600,
      '+4791000003': 2071,
      '+4791000005': 1800,
      '+4791000006': 599,
    });
    expect(account.meetings.map((meeting: { chargedSeconds: number }) => meeting.chargedSeconds / 60)).toEqual([140, 40]);
    expect(account.totals).toMatchObject({ chargesOre: 45_900, vatOre: 11_475, totalInclVatOre: 57_375 });
    expect(JSON.stringify(account.legs)).not.toContain('4791000004');

    const nextDay = await bridge.api(token, 'GET', '/reports/charges?from=2025-06-04&to=2025-06-04&format=json');
    expect(nextDay.json.accounts).toEqual([]);
  });
});

interface ExpectedLeg {
  legId: string;
  meetingId: string;
  callerNumber: string | null;
  joinedAt: number;
  leftAt: number;
  realSeconds: number;
  chargedSeconds: number;
  amountOre: number;
}

function legLine(leg: LegRecord, meetings: MeetingRecord[]): ExpectedLeg {
  const meeting = meetings.find((candidate) => candidate.meetingId === leg.meetingId);
  if (!meeting || leg.enteredAt === null || leg.leftAt === null || meeting.endedAt === null) {
    throw new Error(`leg ${leg.legId} is not a closed leg of an ended meeting`);
  }
  const joinedAt = Math.max(leg.enteredAt, meeting.startedAt);
  const leftAt = Math.min(leg.leftAt, meeting.endedAt);
  const realSeconds = Math.floor((leftAt - joinedAt) / 1000);
  const chargedSeconds = Math.ceil(realSeconds / 60) * 60;
  return {
    legId: leg.legId,
    meetingId: meeting.meetingId,
    // The report shows the number normalised (E.164), as the ledger keeps it next to the one presented.
    callerNumber: leg.normalisedCallerNumber,
    joinedAt,
    leftAt,
    realSeconds,
    chargedSeconds,
    amountOre: (chargedSeconds / 60) * RATE_ORE_PER_MINUTE,
  };
}

function meetingLine(meeting: MeetingRecord, legs: ExpectedLeg[]) {
  const own = legs.filter((leg) => leg.meetingId === meeting.meetingId);
  return {
    meetingId: meeting.meetingId,
    startedAt: meeting.startedAt,
    endedAt: meeting.endedAt,
    participants: own.length,
    realSeconds: own.reduce((sum, leg) => sum + leg.realSeconds, 0),
    chargedSeconds: own.reduce((sum, leg) => sum + leg.chargedSeconds, 0),
    amountOre: own.reduce((sum, leg) => sum + leg.amountOre, 0),
  };
}

/** The report prints instants in local time with the offset; compare them as instants. */
function comparableLeg(leg: {
  legId: string;
  meetingId: string;
  callerNumber: string | null;
  joinedAt: number | string;
  leftAt: number | string;
  realSeconds: number;
  chargedSeconds: number;
  amountOre: number;
}) {
  return {
    ...pick(leg, ['legId', 'meetingId', 'callerNumber', 'realSeconds', 'chargedSeconds', 'amountOre']),
    joinedAt: instant(leg.joinedAt),
    leftAt: instant(leg.leftAt),
  };
}

function comparableMeeting(meeting: {
  meetingId: string;
  startedAt: number | string;
  endedAt: number | string | null;
  participants: number;
  realSeconds: number;
  chargedSeconds: number;
  amountOre: number;
}) {
  return {
    ...pick(meeting, ['meetingId', 'participants', 'realSeconds', 'chargedSeconds', 'amountOre']),
    startedAt: instant(meeting.startedAt),
    endedAt: meeting.endedAt === null ? null : instant(meeting.endedAt),
  };
}

function instant(value: number | string): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}
