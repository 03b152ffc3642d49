import type { CodeRole } from '../conference/conference-settings';
import type { PromptLanguage } from '../prompts/languages';

/**
 * What travels with a caller carried to the media server their conference
 * lives on (domain/cluster/conference-claim.ts). The caller passed the code
 * on the server they called in on; the receiving server admits them on this
 * ticket alone, sealed with the cluster's secret (app/ports/carry-tickets.ts),
 * and believes no SIP field of the call: the caller number, the number
 * dialled and the arrival time that billing uses are the ticket's. The leg
 * is opened there with them, so its billable time is one, continuous.
 */
export interface CarryTicket {
  conferenceId: string;
  role: CodeRole;
  callerNumber: string | null;
  dialledNumber: string;
  /** When the call arrived on the first server: the leg's called-at. */
  calledAt: number;
  /** The language the caller chose with the switch key on the first server; null: the conference's. */
  language: PromptLanguage | null;
  expiresAt: number;
  /** Unique per ticket: a ticket admits one call. */
  nonce: string;
}

/**
 * How long a ticket admits its call: the trunk call is set up in well under
 * a second; a ticket read later was held back or copied.
 */
export const CARRY_TICKET_LIFETIME_MS = 30_000;

export function carryTicket(fields: Omit<CarryTicket, 'expiresAt'>, at: number): CarryTicket {
  return { ...fields, expiresAt: at + CARRY_TICKET_LIFETIME_MS };
}

/** Whether a ticket whose seal held admits its call at `at`. */
export type TicketVerdict = 'admit' | 'expired' | 'used';

/** `used`: this server admitted a call on the same nonce already (a replayed ticket). */
export function judgeTicket(ticket: CarryTicket, at: number, nonceUsed: boolean): TicketVerdict {
  if (at >= ticket.expiresAt) return 'expired';
  return nonceUsed ? 'used' : 'admit';
}
