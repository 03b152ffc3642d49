import type { LegRecord, MeetingRecord } from '../../src/adapters/db/sql-ledger';
import type { LegEndReason, LegOpened, MeetingEndReason, MeetingStarted } from '../../src/domain/conference/legs-and-meetings';
import type { Ledger } from '../../src/app/ports/ledger';

/** A leg as the `legs` table holds it; nothing here is ever estimated, and its caller number is kept only as presented. */
export type LegRow = Omit<LegRecord, 'estimated' | 'normalisedCallerNumber'>;

/** The ledger as rows in memory, shaped like the `legs` and `meetings` tables. */
export class InMemoryLedger implements Ledger {
  readonly legs = new Map<string, LegRow>();
  readonly meetings = new Map<string, MeetingRecord>();

  whenWritten(): Promise<void> {
    return Promise.resolve();
  }

  openLeg(leg: LegOpened): void {
    if (this.legs.has(leg.legId)) throw new Error(`leg ${leg.legId} opened twice`);
    this.legs.set(leg.legId, { ...leg, meetingId: null, enteredAt: null, leftAt: null, endReason: null, checkpointAt: null });
  }

  legEnteredMeeting(legId: string, meetingId: string, at: number): void {
    const leg = this.leg(legId);
    if (leg.leftAt !== null) throw new Error(`leg ${legId} entered a meeting after it closed`);
    leg.meetingId = meetingId;
    leg.enteredAt = at;
  }

  closeLeg(legId: string, at: number, reason: LegEndReason): void {
    const leg = this.leg(legId);
    if (leg.leftAt !== null) throw new Error(`leg ${legId} closed twice`);
    leg.leftAt = at;
    leg.endReason = reason;
  }

  meetingStarted({ at, ...meeting }: MeetingStarted): void {
    this.meetings.set(meeting.meetingId, { ...meeting, startedAt: at, endedAt: null, endReason: null });
  }

  meetingEnded(meetingId: string, at: number, reason: MeetingEndReason): void {
    const meeting = this.meetings.get(meetingId);
    if (meeting === undefined) throw new Error(`no meeting ${meetingId}`);
    if (meeting.endedAt !== null) throw new Error(`meeting ${meetingId} ended twice`);
    meeting.endedAt = at;
    meeting.endReason = reason;
  }

  checkpoint(legIds: readonly string[], at: number): void {
    for (const legId of legIds) this.leg(legId).checkpointAt = at;
  }

  /** The leg of a channel (the latest one, if the channel somehow had several). */
  legOf(channelId: string): LegRow | undefined {
    return [...this.legs.values()].filter((leg) => leg.channelId === channelId).at(-1);
  }

  openLegs(): LegRow[] {
    return [...this.legs.values()].filter((leg) => leg.leftAt === null);
  }

  private leg(legId: string): LegRow {
    const leg = this.legs.get(legId);
    if (leg === undefined) throw new Error(`no leg ${legId}`);
    return leg;
  }
}
