import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { CarryTickets } from '../../app/ports/carry-tickets';
import type { CarryTicket } from '../../domain/cluster/carry-ticket';
import { PROMPT_LANGUAGES } from '../../domain/prompts/languages';

const Ticket = z.strictObject({
  conferenceId: z.string().min(1).max(200),
  role: z.enum(['leader', 'participant', 'single']),
  callerNumber: z.string().max(64).nullable(),
  dialledNumber: z.string().min(1).max(64),
  calledAt: z.number().int().nonnegative(),
  language: z.enum(PROMPT_LANGUAGES).nullable(),
  expiresAt: z.number().int().nonnegative(),
  nonce: z.string().min(16).max(64),
});

/** Binds the MAC to this use and version: the secret is the cluster's, and a MAC for anything else must never pass. */
const PURPOSE = 'kvorum-carry-ticket/1';
/** A SIP header value has room; a token far longer than a ticket is refused before any work. */
const MAX_TOKEN_LENGTH = 2_000;

/**
 * Carry tickets as `<payload>.<mac>`: the ticket as JSON, base64url, and an
 * HMAC-SHA256 over the purpose and that payload, keyed with the cluster's
 * carry secret (every Kvorum of the cluster has the same). Signed, not
 * encrypted: the trunk is on the private network, and what the ticket holds
 * (a caller number, a conference id) is what the SIP call itself shows.
 */
export function createHmacCarryTickets(secret: string): CarryTickets {
  const mac = (payload: string) => createHmac('sha256', secret).update(`${PURPOSE}.${payload}`).digest();
  return {
    seal(ticket) {
      const payload = Buffer.from(JSON.stringify(ticket)).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    open(token): CarryTicket | null {
      if (token.length > MAX_TOKEN_LENGTH) return null;
      const [payload, signature, ...rest] = token.split('.');
      if (payload === undefined || signature === undefined || rest.length > 0) return null;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const parsed = Ticket.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
  };
}
