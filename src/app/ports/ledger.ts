import type { LegEndReason, LegOpened, MeetingEndReason, MeetingStarted } from '../../domain/conference/legs-and-meetings';

/**
 * The ledger of legs and meetings (implemented by adapters/db). Every write
 * is durable within about 50 ms, a checkpoint at once (see
 * adapters/db/write-behind-ledger.ts).
 */
export interface Ledger {
  openLeg(leg: LegOpened): void;
  /** The leg entered an open meeting: from here on it is billable. */
  legEnteredMeeting(legId: string, meetingId: string, at: number): void;
  closeLeg(legId: string, at: number, reason: LegEndReason): void;
  meetingStarted(meeting: MeetingStarted): void;
  meetingEnded(meetingId: string, at: number, reason: MeetingEndReason): void;
  /** Records that the given open legs were still alive at `at` (crash safety). */
  checkpoint(legIds: readonly string[], at: number): void;
  /**
   * Resolves once every write made before the call is durable: what a
   * restart will find. A restart memo on a channel names the caller's leg,
   * so it is sent only after the leg is on disk.
   */
  whenWritten(): Promise<void>;
}

/** An open leg as the ledger holds it: after a restart, a call that may still be up. */
export interface OpenLegRecord extends LegOpened {
  /** The meeting the leg entered; null while it waited. */
  meetingId: string | null;
  /** When the leg entered its meeting: billable from here. */
  enteredAt: number | null;
}

/** What a crash recovery closed and ended. */
export interface LostLegsRecovery {
  closedLegIds: string[];
  endedMeetingIds: string[];
}

/** Reads and repairs of the ledger for a restart after a crash (implemented by adapters/db): what a restart awaits. */
export interface LedgerRecovery {
  openLegs(): Promise<OpenLegRecord[]>;
  meeting(meetingId: string): Promise<{ startedAt: number; endedAt: number | null } | null>;
  /**
   * Closes every open leg whose channel is not in `stillAlive` at its last
   * sign of life (reason `lost`, estimated), and ends the meetings left
   * without an open leg. `at` bounds every estimate.
   */
  closeLostLegs(stillAlive: ReadonlySet<string>, at: number): Promise<LostLegsRecovery>;
}
