import { describe, expect, it } from 'vitest';
import { localInstantFormatter, localPeriod, monthPeriod, parseLocalDate, startOfLocalDay } from '../../src/domain/billing/calendar';
import { rateLeg } from '../../src/domain/billing/rate-leg';
import { reportPeriodProblem } from '../../src/domain/billing/report-period';

const OSLO = 'Europe/Oslo';
const HOUR = 3_600_000;
const REFERENCE = { id: 'ref', organisationId: null, effectiveFrom: 0, rateOrePerMinute: 255, rounding: 'per-started-minute' as const };
const utc = (iso: string) => Date.parse(iso);

describe('periods in Europe/Oslo', () => {
  it('starts a winter month at local midnight, 23:00 UTC the day before', () => {
    const january = monthPeriod(2025, 1, OSLO);
    expect(january.startsAt).toBe(utc('2024-12-31T23:00:00Z'));
    expect(january.endsAt).toBe(utc('2025-01-31T23:00:00Z'));
  });

  it('makes March one hour shorter: the clock jumps from 02:00 to 03:00 on 30 March', () => {
    const march = monthPeriod(2025, 3, OSLO);
    expect(march.startsAt).toBe(utc('2025-02-28T23:00:00Z'));
    expect(march.endsAt).toBe(utc('2025-03-31T22:00:00Z'));
    expect(march.endsAt - march.startsAt).toBe(31 * 24 * HOUR - HOUR);
    const day = localPeriod({ year: 2025, month: 3, day: 30 }, { year: 2025, month: 3, day: 30 }, OSLO);
    expect(day.endsAt - day.startsAt).toBe(23 * HOUR);
  });

  it('makes October one hour longer: 03:00 goes back to 02:00 on 26 October', () => {
    const october = monthPeriod(2025, 10, OSLO);
    expect(october.startsAt).toBe(utc('2025-09-30T22:00:00Z'));
    expect(october.endsAt).toBe(utc('2025-10-31T23:00:00Z'));
    expect(october.endsAt - october.startsAt).toBe(31 * 24 * HOUR + HOUR);
    const day = localPeriod({ year: 2025, month: 10, day: 26 }, { year: 2025, month: 10, day: 26 }, OSLO);
    expect(day.endsAt - day.startsAt).toBe(25 * HOUR);
  });

  it('starts a day at the jump when the clock skips midnight (São Paulo, 4 Nov 2018)', () => {
    expect(startOfLocalDay({ year: 2018, month: 11, day: 4 }, 'America/Sao_Paulo')).toBe(utc('2018-11-04T03:00:00Z'));
  });

  it('reads only real calendar dates', () => {
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseLocalDate('2025-02-29')).toBeNull();
    expect(parseLocalDate('2025-1-01')).toBeNull();
  });
});

describe('which period a leg belongs to', () => {
  const march = monthPeriod(2025, 3, OSLO);
  const april = monthPeriod(2025, 4, OSLO);
  const inPeriod = (instant: number, period: { startsAt: number; endsAt: number }) => instant >= period.startsAt && instant < period.endsAt;

  it('is the month in which its meeting started, even when it runs past midnight at the month end', () => {
    const started = utc('2025-03-31T21:50:00Z'); // 23:50 in Oslo (summer time)
    const left = utc('2025-03-31T22:20:00Z'); // 00:20 on 1 April
    const rated = rateLeg({ enteredAt: started, leftAt: left }, { startedAt: started, endedAt: left }, 'org', [REFERENCE]);
    expect(rated).toMatchObject({ kind: 'charged', charge: { periodInstant: started, chargedSeconds: 1800, amountOre: 30 * 255 } });
    expect(inPeriod(started, march)).toBe(true);
    expect(inPeriod(started, april)).toBe(false);
  });

  it('is the month its meeting started even for a caller who joined after midnight, so a meeting is on one report', () => {
    const started = utc('2025-03-31T21:50:00Z'); // 23:50 on 31 March
    const joined = utc('2025-03-31T22:05:00Z'); // 00:05 on 1 April
    const rated = rateLeg({ enteredAt: joined, leftAt: joined + 60_000 }, { startedAt: started, endedAt: null }, 'org', [REFERENCE]);
    expect(rated).toMatchObject({ kind: 'charged', charge: { periodInstant: started, billableFrom: joined } });
    expect(inPeriod(started, march)).toBe(true);
  });

  it('puts 00:00 local on the first of the month in the new month', () => {
    expect(inPeriod(april.startsAt, april)).toBe(true);
    expect(inPeriod(april.startsAt - 1, march)).toBe(true);
  });

  it('charges a leg over the spring-forward night for the time it really lasted', () => {
    const entered = utc('2025-03-30T00:30:00Z'); // 01:30 CET
    const left = utc('2025-03-30T01:30:00Z'); // 03:30 CEST: one real hour, two on the wall clock
    const rated = rateLeg({ enteredAt: entered, leftAt: left }, { startedAt: entered, endedAt: null }, 'org', [REFERENCE]);
    expect(rated).toMatchObject({ kind: 'charged', charge: { chargedSeconds: 3600, amountOre: 60 * 255 } });
  });

  it('charges a leg over the autumn night for the repeated hour too', () => {
    const entered = utc('2025-10-25T23:30:00Z'); // 01:30 CEST
    const left = utc('2025-10-26T01:30:00Z'); // 02:30 CET: two real hours, one on the wall clock
    const rated = rateLeg({ enteredAt: entered, leftAt: left }, { startedAt: entered, endedAt: null }, 'org', [REFERENCE]);
    expect(rated).toMatchObject({ kind: 'charged', charge: { chargedSeconds: 7200, amountOre: 120 * 255 } });
  });
});

describe('instants on a report', () => {
  const format = localInstantFormatter(OSLO);

  it('are local time with the offset, so the repeated autumn hour is unambiguous', () => {
    expect(format(utc('2025-10-26T00:30:00Z'))).toBe('2025-10-26T02:30:00+02:00');
    expect(format(utc('2025-10-26T01:30:00Z'))).toBe('2025-10-26T02:30:00+01:00');
  });

  it('switch offset exactly at the spring change', () => {
    expect(format(utc('2025-03-30T00:59:59Z'))).toBe('2025-03-30T01:59:59+01:00');
    expect(format(utc('2025-03-30T01:00:00Z'))).toBe('2025-03-30T03:00:00+02:00');
  });
});

describe('the period of a report', () => {
  const day = (text: string) => parseLocalDate(text) ?? expect.unreachable(text);
  const problem = (from: string, to: string) => reportPeriodProblem(day(from), day(to));

  it('covers at most 13 months: from a day to the day before the same day 13 months on', () => {
    expect(problem('2025-01-01', '2026-01-31')).toBeNull();
    expect(problem('2025-01-01', '2026-02-01')).toBe('a report covers at most 13 months: end it before 2026-02-01');
    expect(problem('2025-06-15', '2026-07-14')).toBeNull();
    expect(problem('2025-06-15', '2026-07-15')).not.toBeNull();
    // From the 31st, 13 months on is the end of a shorter month.
    expect(problem('2025-01-31', '2026-02-27')).toBeNull();
    expect(problem('2025-01-31', '2026-02-28')).toBe('a report covers at most 13 months: end it before 2026-02-28');
  });

  it('does not end before it starts; one day is a period', () => {
    expect(problem('2025-03-02', '2025-03-01')).toBe('must not be before from');
    expect(problem('2025-03-01', '2025-03-01')).toBeNull();
  });
});
