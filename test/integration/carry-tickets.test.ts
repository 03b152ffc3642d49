import { describe, expect, it } from 'vitest';
import { createHmacCarryTickets } from '../../src/adapters/system/hmac-carry-tickets';
import { CARRY_TICKET_LIFETIME_MS, carryTicket, judgeTicket } from '../../src/domain/cluster/carry-ticket';

const AT = Date.UTC(2026, 2, 2, 9);
const ticket = carryTicket(
  {
    conferenceId: 'conf-1',
    role: 'participant',
    callerNumber: '+4790000001',
    dialledNumber: '+4722222222',
    calledAt: AT - 12_000,
    language: 'en',
    nonce: 'carry-5c1d7e0a-6c4f-4b59-9d1e-2f7a0c3b8e11',
  },
  AT,
);
const tickets = createHmacCarryTickets('the-cluster-carry-secret-0123456789');

describe('a carry ticket', () => {
  it('opens as it was sealed, with the secret of the cluster', () => {
    expect(tickets.open(tickets.seal(ticket))).toEqual(ticket);
  });

  it('does not open when sealed with another secret, changed on the way, or not a ticket at all', () => {
    const token = tickets.seal(ticket);
    expect(createHmacCarryTickets('another-cluster-secret-0123456789').open(token)).toBeNull();
    const [payload, mac] = token.split('.');
    const changed = Buffer.from(JSON.stringify({ ...ticket, role: 'leader' })).toString('base64url');
    expect(tickets.open(`${changed}.${mac}`)).toBeNull();
    expect(tickets.open(`${payload}.`)).toBeNull();
    expect(tickets.open(`${payload}.${mac}.extra`)).toBeNull();
    expect(tickets.open('')).toBeNull();
    expect(tickets.open('x'.repeat(5_000))).toBeNull();
  });

  it('does not open when its seal holds over something that is not a ticket', () => {
    const sealedJunk = tickets.seal({ ...ticket, role: 'operator' } as unknown as typeof ticket);
    expect(tickets.open(sealedJunk)).toBeNull();
  });

  it('admits one call, within its lifetime', () => {
    expect(judgeTicket(ticket, AT + 1_000, false)).toBe('admit');
    expect(judgeTicket(ticket, AT + 1_000, true)).toBe('used');
    expect(judgeTicket(ticket, AT + CARRY_TICKET_LIFETIME_MS, false)).toBe('expired');
  });
});
