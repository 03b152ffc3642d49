import { describe, expect, it } from 'vitest';
import { billableTime } from '../../src/domain/billing/billable-time';
import { rateLeg } from '../../src/domain/billing/rate-leg';
import { chargedSeconds, amountForChargedSeconds, type RoundingMode } from '../../src/domain/billing/rounding';
import { tariffInForce, type Tariff } from '../../src/domain/billing/tariff';

const REFERENCE: Tariff = { id: 'ref', organisationId: null, effectiveFrom: 0, rateOrePerMinute: 255, rounding: 'per-started-minute' };
const T0 = Date.parse('2025-05-12T08:00:00Z');
const seconds = (n: number) => n * 1000;

function charge(realSeconds: number, rounding: RoundingMode, rate = 255) {
  const charged = chargedSeconds(realSeconds, rounding);
  return { chargedMinutes: charged / 60, amountOre: amountForChargedSeconds(charged, rate) };
}

describe('rounding a leg at the reference rate of 2.55 NOK per minute', () => {
  it.each([
    [0, 0, 0],
    [1, 1, 255],
    [59, 1, 255],
    [60, 1, 255],
    [61, 2, 510],
    [3600, 60, 15300],
  ])('per started minute: %i s is charged %i min = %i øre', (real, minutes, ore) => {
    expect(charge(real, 'per-started-minute')).toEqual({ chargedMinutes: minutes, amountOre: ore });
  });

  it.each([
    [0, 0, 0],
    [1, 0, 0],
    [29, 0, 0],
    [30, 1, 255],
    [60, 1, 255],
    [61, 1, 255],
    [89, 1, 255],
    [90, 2, 510],
  ])('per rounded minute: %i s is charged %i min = %i øre', (real, minutes, ore) => {
    expect(charge(real, 'per-rounded-minute')).toEqual({ chargedMinutes: minutes, amountOre: ore });
  });

  it.each([
    // 255/60 = 4.25 øre per second; each leg's amount is rounded half-up once.
    [0, 0],
    [1, 4],
    [2, 9], // 8.5 → 9
    [60, 255],
    [61, 259], // 259.25 → 259
  ])('per second: %i s costs %i øre', (real, ore) => {
    expect(charge(real, 'per-second').amountOre).toBe(ore);
  });
});

describe('billable time of a leg', () => {
  const meeting = { startedAt: T0, endedAt: T0 + seconds(3600) };

  it('does not charge the time spent waiting for the leader', () => {
    // Called at T0 - 5 min and waited; the meeting opened at T0 and took the caller in.
    const time = billableTime({ enteredAt: T0, leftAt: T0 + seconds(300) }, meeting);
    expect(time).toEqual({ kind: 'in-meeting', from: T0, until: T0 + seconds(300), seconds: 300 });
  });

  it('is nothing for a leg that never reached an open meeting', () => {
    expect(billableTime({ enteredAt: null, leftAt: T0 }, meeting)).toEqual({ kind: 'never-in-meeting', seconds: 0 });
    expect(rateLeg({ enteredAt: null, leftAt: T0 }, null, 'org-a', [REFERENCE])).toEqual({ kind: 'not-billable' });
  });

  it('stops at the end of the meeting even if the leg was closed later', () => {
    const time = billableTime({ enteredAt: T0 + seconds(3000), leftAt: T0 + seconds(4000) }, meeting);
    expect(time.seconds).toBe(600);
  });

  it('drops a fraction of a second, so the printed seconds recompute the charge', () => {
    const time = billableTime({ enteredAt: T0, leftAt: T0 + 60_999 }, meeting);
    expect(time.seconds).toBe(60);
    const rated = rateLeg({ enteredAt: T0, leftAt: T0 + 60_999 }, meeting, 'org-a', [REFERENCE]);
    expect(rated).toMatchObject({ kind: 'charged', charge: { realSeconds: 60, chargedSeconds: 60, amountOre: 255 } });
  });

  it('is 0 s (and 0 øre) for a leg that entered and left in the same instant', () => {
    const rated = rateLeg({ enteredAt: T0, leftAt: T0 }, meeting, 'org-a', [REFERENCE]);
    expect(rated).toMatchObject({ kind: 'charged', charge: { realSeconds: 0, chargedSeconds: 0, amountOre: 0 } });
  });

  it("charges the leader's own leg like any participant's", () => {
    // Nothing in the rating depends on the role: a leader leg of 61 s costs 2 minutes.
    const rated = rateLeg({ enteredAt: T0, leftAt: T0 + seconds(61) }, meeting, 'org-a', [REFERENCE]);
    expect(rated).toMatchObject({ kind: 'charged', charge: { chargedSeconds: 120, amountOre: 510 } });
  });
});

describe('tariff in force', () => {
  const JULY = Date.parse('2025-06-30T22:00:00Z'); // 2025-07-01 00:00 in Oslo
  const newDefault: Tariff = {
    id: 'jul',
    organisationId: null,
    effectiveFrom: JULY,
    rateOrePerMinute: 300,
    rounding: 'per-started-minute',
  };
  const accountDeal: Tariff = { id: 'deal', organisationId: 'org-big', effectiveFrom: T0, rateOrePerMinute: 200, rounding: 'per-second' };
  const tariffs = [REFERENCE, newDefault, accountDeal];

  it('is the latest default tariff that started at or before the instant', () => {
    expect(tariffInForce(tariffs, 'org-a', JULY - 1)?.id).toBe('ref');
    expect(tariffInForce(tariffs, 'org-a', JULY)?.id).toBe('jul');
  });

  it("prefers the account's own tariff once it is in force", () => {
    expect(tariffInForce(tariffs, 'org-big', T0 - 1)?.id).toBe('ref');
    expect(tariffInForce(tariffs, 'org-big', T0)?.id).toBe('deal');
    expect(tariffInForce(tariffs, 'org-big', JULY)?.id).toBe('deal');
  });

  it('is none before any tariff exists', () => {
    expect(tariffInForce([newDefault], 'org-a', JULY - 1)).toBeNull();
    expect(rateLeg({ enteredAt: 0, leftAt: 1000 }, { startedAt: 0, endedAt: null }, 'org-a', [newDefault])).toEqual({
      kind: 'no-tariff',
    });
  });

  it('rates a leg across a tariff change whole at the rate in force when it entered', () => {
    const meeting = { startedAt: JULY - seconds(600), endedAt: null };
    // 23:50 → 00:20 across the change: 30 minutes at the old rate.
    const before = rateLeg({ enteredAt: JULY - seconds(600), leftAt: JULY + seconds(1200) }, meeting, 'org-a', tariffs);
    expect(before).toMatchObject({ kind: 'charged', charge: { chargedSeconds: 1800, amountOre: 30 * 255, tariff: { id: 'ref' } } });
    // A caller who entered the same meeting at 00:00 pays the new rate.
    const after = rateLeg({ enteredAt: JULY, leftAt: JULY + seconds(1200) }, meeting, 'org-a', tariffs);
    expect(after).toMatchObject({ kind: 'charged', charge: { chargedSeconds: 1200, amountOre: 20 * 300, tariff: { id: 'jul' } } });
  });
});
