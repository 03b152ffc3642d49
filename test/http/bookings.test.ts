import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiHarness } from './admin-api-harness';

let api: AdminApiHarness;
beforeAll(async () => {
  api = await AdminApiHarness.start();
});
afterAll(() => api.stop());

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('bookings', () => {
  it("an org admin books on its organisation's room for a host; another organisation sees nothing of it", async () => {
    const host = await api.host(api.orgs.acme, 'Helga Host');
    const room = await api.createConference(api.callers.acmeAdmin, { ownerUserId: host.id, timeZone: 'Europe/Helsinki' });
    const { id, json } = await api.createBooking(api.callers.acmeAdmin, {
      conferenceId: room.id,
      hostUserId: host.id,
      invitees: [{ email: 'guest@example.com', name: 'Guest' }],
    });
    expect(json.booking).toMatchObject({ timeZone: 'Europe/Helsinki', hostUserId: host.id, status: 'scheduled', sequence: 0 });
    expect(json.booking.invitees).toEqual([
      expect.objectContaining({
        email: 'guest@example.com',
        language: 'nb',
        timeZone: 'Europe/Helsinki',
        delivery: expect.objectContaining({ status: 'queued' }),
      }),
    ]);
    expect(json.codes.map((code: { role: string }) => code.role)).toEqual(['leader', 'participant']);
    const read = await api.call(api.callers.acmeAdmin, 'GET', `/bookings/${id}`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.json)).not.toContain(json.codes[0].code);
    // Queued with the booking, in the same transaction: the host's e-mail and the invitee's.
    expect(read.json.deliveries.map((delivery: { audience: string; kind: string }) => `${delivery.audience}:${delivery.kind}`)).toEqual([
      'host:invitation',
      'invitee:invitation',
    ]);
    for (const outsider of [api.callers.otherAdmin, api.callers.otherUser, api.callers.resoldAdmin]) {
      expect((await api.call(outsider, 'GET', `/bookings/${id}`)).status).toBe(404);
      expect((await api.call(outsider, 'PATCH', `/bookings/${id}`, { title: 'Mine now' })).status).toBe(404);
      expect((await api.call(outsider, 'DELETE', `/bookings/${id}`)).status).toBe(404);
    }
    expect(
      (
        await api.call(api.callers.otherAdmin, 'POST', '/bookings', {
          conferenceId: room.id,
          title: 'x',
          startsAt: `${day(2)}T09:00`,
          endsAt: `${day(2)}T10:00`,
        })
      ).status,
    ).toBe(404);
    // The reseller of another organisation: nothing; the operator: everything.
    expect((await api.call(api.callers.operator, 'GET', `/bookings/${id}`)).status).toBe(200);
  });

  it('refuses overlapping bookings on a room (409), series included, and takes back to back ones', async () => {
    const host = await api.host(api.orgs.acme, 'Oda Overlap');
    const room = await api.createConference(api.callers.acmeAdmin, { ownerUserId: host.id });
    const start = day(3);
    await api.createBooking(api.callers.acmeAdmin, {
      conferenceId: room.id,
      hostUserId: host.id,
      startsAt: `${start}T09:00`,
      endsAt: `${start}T10:00`,
      recurrence: { frequency: 'weekly', count: 4 },
    });
    const third = day(3 + 14);
    const clash = await api.call(api.callers.acmeAdmin, 'POST', '/bookings', {
      conferenceId: room.id,
      hostUserId: host.id,
      title: 'Clash',
      startsAt: `${third}T09:30`,
      endsAt: `${third}T11:00`,
    });
    expect(clash.status).toBe(409);
    expect(clash.json.message).toContain('the room is booked then: "Planning"');
    const backToBack = await api.call(api.callers.acmeAdmin, 'POST', '/bookings', {
      conferenceId: room.id,
      hostUserId: host.id,
      title: 'After',
      startsAt: `${third}T10:00`,
      endsAt: `${third}T11:00`,
    });
    expect(backToBack.status).toBe(201);
  });

  it('a user books only its own room as its host; an invitee sees the booking but may not change it', async () => {
    const ulf = api.callers.acmeUser;
    await api.stores.users.update(ulf.user.id, { email: 'ulf@example.com' });
    await api.stores.users.update(api.callers.acmeOtherUser.user.id, { email: 'una@example.com' });
    const own = await api.createConference(ulf, { name: "Ulf's room" });
    const booked = await api.createBooking(ulf, { conferenceId: own.id, invitees: [{ email: 'UNA@example.com', name: 'Una' }] });
    expect(booked.json.booking.hostUserId).toBe(ulf.user.id);
    const forSomeoneElse = await api.call(ulf, 'POST', '/bookings', {
      conferenceId: own.id,
      hostUserId: api.callers.acmeOtherUser.user.id,
      title: 'x',
      startsAt: `${day(5)}T09:00`,
      endsAt: `${day(5)}T10:00`,
    });
    expect(forSomeoneElse.status).toBe(400);
    expect(forSomeoneElse.json.fields[0]).toMatchObject({ field: 'hostUserId' });
    const adminsRoom = await api.createConference(api.callers.acmeAdmin, { name: 'Shared' });
    expect(
      (
        await api.call(ulf, 'POST', '/bookings', {
          conferenceId: adminsRoom.id,
          title: 'x',
          startsAt: `${day(5)}T09:00`,
          endsAt: `${day(5)}T10:00`,
        })
      ).status,
    ).toBe(404);

    const una = api.callers.acmeOtherUser;
    expect((await api.call(una, 'GET', `/bookings/${booked.id}`)).status).toBe(200);
    expect((await api.call(una, 'PATCH', `/bookings/${booked.id}`, { title: 'Hijacked' })).status).toBe(403);
    const upcoming = await api.call(una, 'GET', '/bookings/upcoming');
    expect(upcoming.json.meetings).toEqual([expect.objectContaining({ bookingId: booked.id, role: 'invitee' })]);
    const hosted = await api.call(ulf, 'GET', '/bookings/upcoming');
    expect(hosted.json.meetings.map((meeting: { role: string }) => meeting.role)).toEqual(['host']);
    // Finance reads no bookings at all.
    expect((await api.call(api.callers.acmeFinance, 'GET', '/bookings/upcoming')).status).toBe(403);
  });

  it('lists upcoming meetings one per meeting of a series, by start, a page at a time', async () => {
    const host = await api.host(api.orgs.resold, 'Petra Pager');
    const room = await api.createConference(api.callers.resoldAdmin, { ownerUserId: host.id });
    const start = day(7);
    const { id } = await api.createBooking(api.callers.resoldAdmin, {
      conferenceId: room.id,
      hostUserId: host.id,
      startsAt: `${start}T12:00`,
      endsAt: `${start}T12:30`,
      recurrence: { frequency: 'weekly', count: 5 },
    });
    const first = await api.call(
      api.callers.resoldAdmin,
      'GET',
      `/bookings/upcoming?limit=2&offset=0&to=${encodeURIComponent(new Date(Date.now() + 100 * 86_400_000).toISOString())}`,
    );
    expect(first.status).toBe(200);
    expect(first.json.page).toEqual({ total: 5, limit: 2, offset: 0 });
    expect(first.json.meetings.map((meeting: { bookingId: string }) => meeting.bookingId)).toEqual([id, id]);
    const last = await api.call(
      api.callers.resoldAdmin,
      'GET',
      `/bookings/upcoming?limit=2&offset=4&userId=${host.id}&to=${encodeURIComponent(new Date(Date.now() + 100 * 86_400_000).toISOString())}`,
    );
    expect(last.json.meetings).toHaveLength(1);
    expect(last.json.meetings[0].role).toBe('host');
    const starts = [...first.json.meetings, ...last.json.meetings].map((meeting: { start: string }) => Date.parse(meeting.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    // The reseller sees its customer's meetings; another organisation's admin does not.
    expect((await api.call(api.callers.reseller, 'GET', `/bookings/upcoming?organisationId=${api.orgs.resold.id}`)).json.page.total).toBe(
      5,
    );
    expect((await api.call(api.callers.otherAdmin, 'GET', `/bookings/upcoming?organisationId=${api.orgs.resold.id}`)).json.page.total).toBe(
      0,
    );
    expect((await api.call(api.callers.otherAdmin, 'GET', `/bookings/upcoming?userId=${host.id}`)).status).toBe(404);
  });

  it('says what is wrong with a booking: the past, a time the clocks skip, a start off its recurrence, a missing e-mail', async () => {
    const host = await api.host(api.orgs.acme, 'Vera Valid');
    const room = await api.createConference(api.callers.acmeAdmin, { ownerUserId: host.id });
    const ask = (body: Record<string, unknown>) =>
      api.call(api.callers.acmeAdmin, 'POST', '/bookings', { conferenceId: room.id, hostUserId: host.id, title: 'x', ...body });
    const past = await ask({ startsAt: '2020-01-01T09:00', endsAt: '2020-01-01T10:00' });
    expect(past.json.fields[0]).toMatchObject({ field: 'startsAt', message: 'the meeting must start in the future' });
    const skipped = await ask({ startsAt: '2099-03-29T02:30', endsAt: '2099-03-29T04:00' });
    expect(skipped.json.fields[0].message).toContain('does not exist in Europe/Oslo');
    // 2099-01-05 is a Monday; a Tuesday series cannot start on it.
    const offRule = await ask({
      startsAt: '2099-01-05T09:00',
      endsAt: '2099-01-05T10:00',
      recurrence: { frequency: 'weekly', weekdays: ['TU'] },
    });
    expect(offRule.json.fields[0]).toMatchObject({ field: 'startsAt', message: 'the first meeting must fall on a day of the recurrence' });
    const tooLong = await ask({
      startsAt: '2099-01-05T09:00',
      endsAt: '2099-01-05T10:00',
      recurrence: { frequency: 'monthly', until: '2102-01-01' },
    });
    expect(tooLong.json.fields[0].message).toBe('a series may run at most 730 days');
    const backwards = await ask({ startsAt: '2099-01-05T10:00', endsAt: '2099-01-05T09:00' });
    expect(backwards.json.fields[0]).toMatchObject({ field: 'endsAt' });
    const noMail = await api.stores.users.create(
      { organisationId: api.orgs.acme.id, name: 'No Mail', email: null, role: 'user' },
      Date.now(),
    );
    const withoutEmail = await ask({ hostUserId: noMail.id, startsAt: '2099-01-05T09:00', endsAt: '2099-01-05T10:00' });
    expect(withoutEmail.json.fields[0]).toMatchObject({
      field: 'hostUserId',
      message: 'the host has no e-mail address to send the leader code to',
    });
  });

  it('a change raises the sequence, tells the invitees who stay, invites the new and cancels the removed', async () => {
    const host = await api.host(api.orgs.acme, 'Cato Change');
    const room = await api.createConference(api.callers.acmeAdmin, { ownerUserId: host.id });
    const { id } = await api.createBooking(api.callers.acmeAdmin, {
      conferenceId: room.id,
      hostUserId: host.id,
      startsAt: `${day(9)}T09:00`,
      endsAt: `${day(9)}T10:00`,
      invitees: [
        { email: 'stays@example.com', name: 'Stays' },
        { email: 'goes@example.com', name: 'Goes' },
      ],
    });
    const changed = await api.call(api.callers.acmeAdmin, 'PATCH', `/bookings/${id}`, {
      startsAt: `${day(9)}T13:00`,
      invitees: [
        { email: 'stays@example.com', name: 'Stays' },
        { email: 'new@example.com', name: 'New', language: 'en' },
      ],
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ sequence: 1, startsAt: { local: `${day(9)}T13:00` }, endsAt: { local: `${day(9)}T14:00` } });
    const latest = changed.json.deliveries
      .slice(3)
      .map(
        (delivery: { recipient: string; kind: string; sequence: number }) => `${delivery.recipient}:${delivery.kind}:${delivery.sequence}`,
      );
    expect(latest).toEqual([
      'cato.change@example.com:update:1',
      'stays@example.com:update:1',
      'new@example.com:invitation:1',
      'goes@example.com:cancellation:1',
    ]);
    expect((await api.call(api.callers.acmeAdmin, 'DELETE', `/bookings/${id}`)).status).toBe(204);
    expect((await api.call(api.callers.acmeAdmin, 'PATCH', `/bookings/${id}`, { title: 'Again' })).status).toBe(409);
  });
});
