import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteLedger } from '../../src/adapters/db/sqlite-ledger';
import { AdminApiHarness } from './admin-api-harness';

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
  const ledger = new SqliteLedger(api.db);

  let legNumber = 0;
  const meeting = (
    conferenceId: string,
    organisationId: string,
    startedAt: string,
    endedAt: string,
    legs: Array<[entered: string | null, left: string]>,
  ): string => {
    const meetingId = `mtg-${startedAt}`;
    ledger.meetingStarted({ meetingId, conferenceId, organisationId, at: at(startedAt) });
    for (const [entered, left] of legs) {
      const legId = `leg-${++legNumber}`;
      ledger.openLeg({
        legId,
        channelId: `chan-${legId}`,
        conferenceId,
        role: legNumber === 1 ? 'leader' : 'participant',
        callerNumber: '+4790000000',
        dialledNumber: '+4722000000',
        calledAt: at(entered ?? startedAt) - 10_000,
      });
      if (entered) ledger.legEnteredMeeting(legId, meetingId, at(entered));
      ledger.closeLeg(legId, at(left), 'caller-hung-up');
    }
    ledger.meetingEnded(meetingId, at(endedAt), 'ended-by-leader');
    return meetingId;
  };
  const acme = api.orgs.acme.id;
  // Monday 3 March, 10:00–10:30 local: three participants, at most three at once.
  meeting(boardRoom, acme, '2025-03-03T09:00:00Z', '2025-03-03T09:30:00Z', [
    ['2025-03-03T09:00:00Z', '2025-03-03T09:30:00Z'],
    ['2025-03-03T09:05:00Z', '2025-03-03T09:20:00Z'],
    ['2025-03-03T09:10:00Z', '2025-03-03T09:25:00Z'],
    [null, '2025-03-03T09:01:00Z'], // waited for the leader and gave up: not usage
  ]);
  // Starts at 00:30 local on 5 March (23:30 UTC on the 4th) and runs an hour.
  meeting(boardRoom, acme, '2025-03-04T23:30:00Z', '2025-03-05T00:30:00Z', [
    ['2025-03-04T23:30:00Z', '2025-03-05T00:30:00Z'],
    ['2025-03-04T23:40:00Z', '2025-03-05T00:10:00Z'],
  ]);
  // 00:30 local on 1 March is still in March although it is February in UTC.
  meeting(salesRoom, acme, '2025-02-28T23:30:00Z', '2025-02-28T23:40:00Z', [['2025-02-28T23:30:00Z', '2025-02-28T23:40:00Z']]);
  meeting(salesRoom, acme, '2025-03-10T12:00:00Z', '2025-03-10T12:10:00Z', [['2025-03-10T12:00:00Z', '2025-03-10T12:10:00Z']]);
  // Outside the period, and another organisation's meeting.
  meeting(salesRoom, acme, '2025-03-31T22:30:00Z', '2025-03-31T23:00:00Z', [['2025-03-31T22:30:00Z', '2025-03-31T23:00:00Z']]);
  meeting(otherRoom, api.orgs.other.id, '2025-03-03T09:00:01Z', '2025-03-03T10:00:00Z', [['2025-03-03T09:00:00Z', '2025-03-03T10:00:00Z']]);

  // A correction in March, as finance records it.
  api.db
    .prepare(
      `INSERT INTO adjustments (id, organisation_id, amount_ore, reason, created_by, effective_at, created_at)
       VALUES ('adj-1', ?, -650, 'goodwill', 'finance', ?, ?)`,
    )
    .run(acme, at('2025-03-15T12:00:00Z'), at('2025-03-15T12:00:00Z'));
});
afterAll(() => api.stop());

const figures = (meetingsHeld: number, participantSeconds: number, averageParticipants: number, peakParticipants: number) => ({
  meetingsHeld,
  participantSeconds,
  participantMinutes: Math.round((participantSeconds / 60) * 100) / 100,
  averageParticipants,
  peakParticipants,
});

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
      ...figures(4, 1800 + 900 + 900 + 3600 + 1800 + 600 + 600, 1.75, 3),
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
    expect(response.json.charge.totalInclVatOre).toBe(0);
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
