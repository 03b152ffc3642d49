import type { CarryTicket } from '../../domain/cluster/carry-ticket';

/**
 * Seals carry tickets for the trunk header and opens them on the other side
 * (implemented by adapters/system with an HMAC over the ticket, keyed with
 * the cluster's secret). The token is opaque text fit for a SIP header and
 * a channel variable; it must never be logged.
 */
export interface CarryTickets {
  seal(ticket: CarryTicket): string;
  /** The ticket, or null when the token is malformed or its seal does not hold. */
  open(token: string): CarryTicket | null;
}

/**
 * The internal trunk between media servers as the bridge uses it
 * (implemented by adapters/ari on asterisk-config's [kvorum-carry] and
 * [kvorum-trunk-in] dialplan).
 */
export interface CallCarrier {
  /** Sends the call to `peer` with the token in its X-Kvorum-Carry header; the channel leaves our application. */
  carry(channelId: string, peer: string, token: string): Promise<void>;
  /** The token a call arriving over the trunk carries (read from the header on arrival), or null. Rejects with ChannelGoneError. */
  tokenOf(channelId: string): Promise<string | null>;
}
