import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlLedger } from '../../src/adapters/db/sql-ledger';
import { AdminApiHarness } from './admin-api-harness';
import { SqliteSqlDatabase } from '../../src/adapters/db/sql/sqlite-sql-database';

/**
 * A month of meetings for Acme (Europe/Oslo, UTC+1 in March 2025), written
 * through the ledger the bridge uses, and the statistics finance reads back.
 */
let api: AdminApiHarness;
let boardRoom: string;
let salesRoom: string;
const at = (iso: string): number => Date.parse(iso);

beforeAll(async () => {
  api = await AdminApiHarness.start();
  boardRoom = (await api.createConference(api.callers.acmeAdmin, { name: 'Board room' })).id;
  salesRoom = (await api.createConference(api.callers.acmeAdmin, { name: 'Sales room' })).id;
  const otherRoom = (await api.createConference(api.callers.otherAdmin, { name: 'Elsewhere' })).id;
  const ledger = new SqlLedger(new SqliteSqlDatabase(api.db));

  let legNumber = 0;
  const meeting = async (
    conferenceId: string,
    organisationId: string,
    startedAt: string,
    endedAt: string,
    legs: Array<[entered: string | null, left: string]>,
  ): Promise<string> => {
    const meetingId = `mtg-${startedAt}`;
    await ledger.meetingStarted({ meetingId, conferenceId, organisationId, at: at(startedAt) });
    for (const [entered, left] of legs) {
      const legId = `leg-${++legNumber}`;
      await ledger.openLeg({
        legId,
        channelId: `chan-${legId}`,
        conferenceId,
        role: legNumber === 1 ? 'leader' : 'participant',
        callerNumber: '+4790000000',
        dialledNumber: '+4722000000',
        calledAt: at(entered ?? startedAt) - 10_000,
      });
      if (entered) await ledger.legEnteredMeeting(legId, meetingId, at(entered));
      await ledger.closeLeg(legId, at(left), 'caller-hung-up');
    }
    await ledger.meetingEnded(meetingId, at(endedAt), 'ended-by-leader');
    return meetingId;
  };
  const acme = api.orgs.acme.id;
  // Monday 3 March, 10:00–10:30 local: three participants, at most three at once.
  await meeting(boardRoom, acme, '2025-03-03T09:00:00Z', '2025-03-03T09:30:00Z', [
    ['2025-03-03T09:00:00Z', '2025-03-03T09:30:00Z'],
    ['2025-03-03T09:05:00Z', '2025-03-03T09:20:00Z'],
    ['2025-03-03T09:10:00Z', '2025-03-03T09:25:00Z'],
    [null, '2025-03-03T09:01:00Z'], // waited for the leader and gave up: not usage
  ]);
  // Starts at 00:30 local on 5 March (23:30 UTC on the 4th) and runs an hour.
  await meeting(boardRoom, acme, '2025-03-04T23:30:00Z', '2025-03-05T00:30:00Z', [
    ['2025-03-04T23:30:00Z', '2025-03-05T00:30:00Z'],
    ['2025-03-04T23:40:00Z', '2025-03-05T00:10:00Z'],
  ]);
  // 00:30 local on 1 March is still in March although it is February in UTC.
  await meeting(salesRoom, acme, '2025-02-28T23:30:00Z', '2025-02-28T23:40:00Z', [['2025-02-28T23:30:00Z', '2025-02-28T23:40:00Z']]);
  await meeting(salesRoom, acme, '2025-03-10T12:00:00Z', '2025-03-10T12:10:00Z', [['2025-03-10T12:00:00Z', '2025-03-10T12:10:00Z']]);
  // Outside the period, and another organisation's meeting.
  await meeting(salesRoom, acme, '2025-03-31T22:30:00Z', '2025-03-31T23:00:00Z', [['2025-03-31T22:30:00Z', '2025-03-31T23:00:00Z']]);
  await meeting(otherRoom, api.orgs.other.id, '2025-03-03T09:00:01Z', '2025-03-03T10:00:00Z', [
    ['2025-03-03T09:00:00Z', '2025-03-03T10:00:00Z'],
  ]);
  // The reseller's customer and the reseller itself meet at the same time on 3 March: three callers at once across them.
  const resoldRoom = (await api.createConference(api.callers.resoldAdmin, { name: 'Resold room' })).id;
  const resellerRoom = (
    await api.createConference(api.callers.reseller, { name: 'Reseller room', organisationId: api.orgs.resellerOrg.id })
  ).id;
  await meeting(resoldRoom, api.orgs.resold.id, '2025-03-03T09:01:00Z', '2025-03-03T09:30:00Z', [
    ['2025-03-03T09:01:00Z', '2025-03-03T09:30:00Z'],
    ['2025-03-03T09:10:00Z', '2025-03-03T09:20:00Z'],
  ]);
  await meeting(resellerRoom, api.orgs.resellerOrg.id, '2025-03-03T09:15:00Z', '2025-03-03T09:45:00Z', [
    ['2025-03-03T09:15:00Z', '2025-03-03T09:45:00Z'],
  ]);

  // A correction in March, as finance records it.
  api.db
    .prepare(
      `INSERT INTO adjustments (id, organisation_id, amount_ore, reason, created_by, effective_at, created_at)
       VALUES ('adj-1', ?, -650, 'goodwill', 'finance', ?, ?)`,
    )
    .run(acme, at('2025-03-15T12:00:00Z'), at('2025-03-15T12:00:00Z'));
});
afterAll(() => api.stop());

const figures = (
  meetingsHeld: number,
  participantSeconds: number,
  averageParticipants: number,
  peakParticipants: number,
  peakCallers = peakParticipants,
) => ({
  meetingsHeld,
  participantSeconds,
  participantMinutes: Math.round((participantSeconds / 60) * 100) / 100,
  averageParticipants,
  peakParticipants,
  peakCallers,
});
const MARCH = 'from=2025-03-01&to=2025-03-31';
type Day = { date: string; meetingsHeld: number; participantSeconds: number; peakCallers: number };
/** The days of a daily series with meetings, as [date, meetings, participant seconds, peak callers]. */
const busyDays = (daily: Day[]) =>
  daily.filter((day) => day.meetingsHeld > 0).map((day) => [day.date, day.meetingsHeld, day.participantSeconds, day.peakCallers]);

describe('usage statistics', () => {
  it('finance reads meetings, participant-minutes, charge, participants and the longest meeting for a month', async () => {
    const response = await api.call(
      api.callers.acmeFinance,
      'GET',
      `/organisations/${api.orgs.acme.id}/statistics?from=2025-03-01&to=2025-03-31`,
    );
    expect(response.status).toBe(200);
    const statistics = response.json;
    expect(statistics.period).toEqual({
      from: '2025-03-01',
      to: '2025-03-31',
      timeZone: 'Europe/Oslo',
      startsAt: '2025-02-28T23:00:00.000Z',
      endsAt: '2025-03-31T22:00:00.000Z', // summer time from 30 March
    });
    expect(statistics.totals).toEqual({
      ...figures(4, 1800 + 900 + 900 + 3600 + 1800 + 600 + 600, 1.75, 3, 3),
      longestMeeting: { meetingId: 'mtg-2025-03-04T23:30:00Z', conferenceId: boardRoom, durationSeconds: 3600 },
    });
    // The billing rates each leg that entered in March (local time) at 2.55 NOK per started minute: 170 minutes.
    expect(statistics.charge).toEqual({
      chargesOre: 170 * 255,
      adjustmentsOre: -650,
      totalExclVatOre: 43_350 - 650,
      vatRateBasisPoints: 2500,
      vatOre: 10_675,
      totalInclVatOre: 53_375,
      currency: 'NOK',
    });
    expect(statistics.byConference).toEqual([
      {
        conferenceId: boardRoom,
        conferenceName: 'Board room',
        ...figures(2, 9000, 2.5, 3),
        longestMeeting: { meetingId: 'mtg-2025-03-04T23:30:00Z', conferenceId: boardRoom, durationSeconds: 3600 },
      },
      {
        conferenceId: salesRoom,
        conferenceName: 'Sales room',
        ...figures(2, 1200, 1, 1),
        longestMeeting: { meetingId: 'mtg-2025-02-28T23:30:00Z', conferenceId: salesRoom, durationSeconds: 600 },
      },
    ]);
    expect(
      statistics.byDay.map((day: { date: string; meetingsHeld: number; participantSeconds: number }) => [
        day.date,
        day.meetingsHeld,
        day.participantSeconds,
      ]),
    ).toEqual([
      ['2025-03-01', 1, 600],
      ['2025-03-03', 1, 3600],
      ['2025-03-05', 1, 5400],
      ['2025-03-10', 1, 600],
    ]);
  });

  it('a period without meetings has zero figures and no longest meeting', async () => {
    const response = await api.call(
      api.callers.acmeAdmin,
      'GET',
      `/organisations/${api.orgs.acme.id}/statistics?from=2024-01-01&to=2024-01-31`,
    );
    expect(response.json.totals).toEqual({ ...figures(0, 0, 0, 0), longestMeeting: null });
    expect(response.json.byConference).toEqual([]);
    expect(response.json.byDay).toEqual([]);
    expect(response.json.daily).toHaveLength(31);
    expect(response.json.daily[0]).toEqual({ date: '2024-01-01', ...figures(0, 0, 0, 0), longestMeeting: null });
    expect(response.json.charge.totalInclVatOre).toBe(0);
  });

  it('the daily series has every day of the period, for charts, in the configured time zone', async () => {
    const response = await api.call(api.callers.acmeAdmin, 'GET', `/organisations/${api.orgs.acme.id}/statistics?${MARCH}`);
    const daily: Day[] = response.json.daily;
    expect(daily.map((day) => day.date)).toEqual(Array.from({ length: 31 }, (_, i) => `2025-03-${String(i + 1).padStart(2, '0')}`));
    expect(busyDays(daily)).toEqual([
      ['2025-03-01', 1, 600, 1],
      ['2025-03-03', 1, 3600, 3],
      ['2025-03-05', 1, 5400, 2],
      ['2025-03-10', 1, 600, 1],
    ]);
    expect(response.json.conferenceId).toBeNull();
  });

  it('one room: only its meetings, no account charge; a room of another organisation is not found', async () => {
    const response = await api.call(
      api.callers.acmeFinance,
      'GET',
      `/organisations/${api.orgs.acme.id}/conferences/${boardRoom}/statistics?${MARCH}`,
    );
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ organisationId: api.orgs.acme.id, conferenceId: boardRoom, charge: null });
    expect(response.json.totals).toEqual({
      ...figures(2, 9000, 2.5, 3),
      longestMeeting: { meetingId: 'mtg-2025-03-04T23:30:00Z', conferenceId: boardRoom, durationSeconds: 3600 },
    });
    expect(response.json.byConference.map((c: { conferenceId: string }) => c.conferenceId)).toEqual([boardRoom]);
    expect(busyDays(response.json.daily)).toEqual([
      ['2025-03-03', 1, 3600, 3],
      ['2025-03-05', 1, 5400, 2],
    ]);
    const elsewhere = await api.call(
      api.callers.otherAdmin,
      'GET',
      `/organisations/${api.orgs.other.id}/conferences/${boardRoom}/statistics?${MARCH}`,
    );
    expect(elsewhere.status).toBe(404);
    const notTheirs = await api.call(
      api.callers.otherAdmin,
      'GET',
      `/organisations/${api.orgs.acme.id}/conferences/${boardRoom}/statistics?${MARCH}`,
    );
    expect(notTheirs.status).toBe(404);
  });

  it('a reseller sees its customers and itself together: peak callers counts everyone at once across them', async () => {
    const response = await api.call(api.callers.reseller, 'GET', `/statistics?${MARCH}`);
    expect(response.status).toBe(200);
    expect(response.json.organisations.map((o: { name: string }) => o.name)).toEqual(['Resold Ltd', 'Telco Reseller']);
    expect(response.json.totals).toMatchObject(figures(2, 1740 + 600 + 1800, 1.5, 2, 3));
    expect(busyDays(response.json.daily)).toEqual([['2025-03-03', 2, 4140, 3]]);
    expect(response.json.daily).toHaveLength(31);
    const [resold, reseller] = response.json.organisations;
    expect(resold).toMatchObject({ organisationId: api.orgs.resold.id, totals: figures(1, 2340, 2, 2) });
    expect(resold.charge.chargesOre).toBe(39 * 255);
    expect(reseller.charge.chargesOre).toBe(30 * 255);
    // Acme's own admin sees Acme alone; the operator sees everyone.
    const acme = await api.call(api.callers.acmeAdmin, 'GET', `/statistics?${MARCH}`);
    expect(acme.json.organisations.map((o: { organisationId: string }) => o.organisationId)).toEqual([api.orgs.acme.id]);
    expect(acme.json.totals.meetingsHeld).toBe(4);
    const operator = await api.call(api.callers.operator, 'GET', `/statistics?${MARCH}`);
    expect(operator.json.totals.meetingsHeld).toBe(4 + 1 + 2);
  });

  it('the period must be real dates, in order, at most 13 months', async () => {
    const path = `/organisations/${api.orgs.acme.id}/statistics`;
    const missing = await api.call(api.callers.acmeAdmin, 'GET', path);
    expect(missing.status).toBe(400);
    expect(missing.json.fields.map((f: { location: string; field: string }) => `${f.location}:${f.field}`)).toEqual([
      'query:from',
      'query:to',
    ]);
    const notADate = await api.call(api.callers.acmeAdmin, 'GET', `${path}?from=2025-02-30&to=yesterday`);
    expect(notADate.json.fields).toEqual([
      { location: 'query', field: 'from', message: 'must be a date YYYY-MM-DD' },
      { location: 'query', field: 'to', message: 'must be a date YYYY-MM-DD' },
    ]);
    const backwards = await api.call(api.callers.acmeAdmin, 'GET', `${path}?from=2025-03-31&to=2025-03-01`);
    expect(backwards.status).toBe(400);
    expect(backwards.json.fields).toEqual([{ location: 'query', field: 'to', message: 'must not be before from' }]);
    const tooLong = await api.call(api.callers.acmeAdmin, 'GET', `${path}?from=2025-01-31&to=2026-02-28`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.fields).toEqual([
      { location: 'query', field: 'to', message: 'a report covers at most 13 months: end it before 2026-02-28' },
    ]);
  });

  it('a reseller reads the statistics of its customers; others get 404', async () => {
    const resold = await api.call(
      api.callers.reseller,
      'GET',
      `/organisations/${api.orgs.resold.id}/statistics?from=2025-03-01&to=2025-03-31`,
    );
    expect(resold.status).toBe(200);
    const acme = await api.call(api.callers.reseller, 'GET', `/organisations/${api.orgs.acme.id}/statistics?from=2025-03-01&to=2025-03-31`);
    expect(acme.status).toBe(404);
  });
});
