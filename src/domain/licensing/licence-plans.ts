/**
 * A licence plan: what a host's rooms may do, and what a host's licence
 * costs a year. Plans are data the operator manages; basic, enterprise and
 * unlimited ship with the database.
 */
export interface LicencePlan {
  id: string;
  name: string;
  /** Yearly price per host excl. VAT, in øre (NOK, like all of billing). */
  priceOrePerYear: number;
  /**
   * People in one meeting at once, everyone counted as a room's capacity
   * counts them (the host too; a leader always gets in); null = no limit.
   */
  maxParticipants: number | null;
  /**
   * A meeting of three or more people ends this long after it became one
   * (one-to-one meetings run on); null = no limit.
   */
  groupTimeLimitMinutes: number | null;
}

/** The limits a room's meetings run under: its room type's and its owner's plan's, whichever is tighter. */
export interface MeetingLimits {
  capacity: number | null;
  groupTimeLimitMs: number | null;
}

export function meetingLimits(
  roomCapacity: number | null,
  plan: Pick<LicencePlan, 'maxParticipants' | 'groupTimeLimitMinutes'>,
): MeetingLimits {
  const capacities = [roomCapacity, plan.maxParticipants].filter((limit): limit is number => limit !== null);
  return {
    capacity: capacities.length === 0 ? null : Math.min(...capacities),
    groupTimeLimitMs: plan.groupTimeLimitMinutes === null ? null : plan.groupTimeLimitMinutes * 60_000,
  };
}

export const PLAN_ID = /^[a-z][a-z0-9-]{0,39}$/;
