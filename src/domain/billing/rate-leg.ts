import { billableTime, type LegTimes, type MeetingTimes } from './billable-time';
import { amountForChargedSeconds, chargedSeconds } from './rounding';
import { tariffInForce, type Tariff } from './tariff';

/** What a closed leg costs: the content of its charge row. */
export interface LegCharge {
  /**
   * Places the charge in a period: the start of its meeting. A meeting is on
   * exactly one report, whole, even when it runs past midnight or the month
   * end or a caller joins it after midnight.
   */
  periodInstant: number;
  billableFrom: number;
  billableUntil: number;
  realSeconds: number;
  chargedSeconds: number;
  amountOre: number;
  tariff: Tariff;
}

export type LegRating =
  | { kind: 'charged'; charge: LegCharge }
  /** Never reached an open meeting: 0 s, no charge line. */
  | { kind: 'not-billable' }
  /** No tariff in force for the account at the leg's entry: a configuration fault. */
  | { kind: 'no-tariff' };

/** Rates one closed leg of a meeting charged to `organisationId`. */
export function rateLeg(leg: LegTimes, meeting: MeetingTimes | null, organisationId: string, tariffs: readonly Tariff[]): LegRating {
  const time = billableTime(leg, meeting);
  if (time.kind === 'never-in-meeting' || meeting === null) return { kind: 'not-billable' };
  const tariff = tariffInForce(tariffs, organisationId, time.from);
  if (tariff === null) return { kind: 'no-tariff' };
  const charged = chargedSeconds(time.seconds, tariff.rounding);
  return {
    kind: 'charged',
    charge: {
      periodInstant: meeting.startedAt,
      billableFrom: time.from,
      billableUntil: time.until,
      realSeconds: time.seconds,
      chargedSeconds: charged,
      amountOre: amountForChargedSeconds(charged, tariff.rateOrePerMinute),
      tariff,
    },
  };
}
