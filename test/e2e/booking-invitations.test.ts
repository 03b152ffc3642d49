import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedClock } from '../support/scripted-clock';
import { SmtpCatcher, type CaughtMail } from '../support/smtp-catcher';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle, e2eTarget } from './support/e2e-target';
import { eventually } from './support/eventually';

/**
 * An org admin books a weekly meeting through the admin API; the host and
 * the invitees get their e-mails over real SMTP (a server in this process),
 * which are read as a mail client and a calendar would read them; callers
 * dial the booking's codes on a clock the script sets, before and inside the
 * codes' window; one meeting of the series and then the booking are
 * cancelled; and an SMTP server that refuses, then recovers, gets the e-mail
 * in the end, every attempt on record. Only on the simulator: a real
 * Asterisk keeps its own time.
 */
const at = (text: string) => Date.parse(text);

interface ParsedCalendar {
  method: string;
  event: ICAL.Event;
  vevent: ICAL.Component;
  timezones: string[];
}

function parseCalendar(mail: CaughtMail): ParsedCalendar {
  const calendar = new ICAL.Component(ICAL.parse(mail.calendar));
  const vevent = calendar.getFirstSubcomponent('vevent') as ICAL.Component;
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    event: new ICAL.Event(vevent),
    vevent,
    timezones: calendar.getAllSubcomponents('vtimezone').map((zone) => String(zone.getFirstPropertyValue('tzid'))),
  };
}

function startsOf(event: ICAL.Event, count: number): string[] {
  const iterator = event.iterator();
  const starts: string[] = [];
  for (let next = iterator.next(); next && starts.length < count; next = iterator.next()) starts.push(next.toJSDate().toISOString());
  return starts;
}

describe.skipIf(e2eTarget().kind !== 'simulator')(`${e2eSuiteTitle()}: a booked weekly meeting, its e-mails and its codes`, () => {
  const clock = new ScriptedClock(at('2026-03-02T10:00:00+01:00'));
  let smtp: SmtpCatcher;
  let bridge: BridgeUnderTest;
  let admin: string;
  let hostId: string;
  let roomId: string;

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    bridge = await BridgeUnderTest.start({
      clock,
      env: {
        KVORUM_SMTP_HOST: '127.0.0.1',
        KVORUM_SMTP_PORT: String(smtp.port),
        KVORUM_SMTP_TLS: 'none',
        KVORUM_MAIL_FROM: 'Kvorum <booking@kvorum.test>',
        KVORUM_MAIL_POLL_MS: '20',
        KVORUM_MAIL_RETRY_BASE_MS: '60000',
      },
    });
    // The numbers the invitations list, from the directory of access numbers.
    await bridge.putAccessNumber({
      number: bridge.world.accessNumber,
      internationalNumber: '+4722222222',
      label: 'Norge',
      defaultLanguage: 'nb',
    });
    await bridge.putAccessNumber({ number: '4580000000', internationalNumber: '+4580000000', label: 'Danmark', defaultLanguage: 'en' });
    const operator = await bridge.operatorToken();
    const me = (await bridge.api(operator, 'GET', '/me')).json;
    const adminUser = await bridge.api(operator, 'POST', '/users', { name: 'Ada Admin', role: 'org-admin', email: 'ada@acme.test' });
    admin = (await bridge.api(operator, 'POST', `/users/${adminUser.json.id}/tokens`, { name: 'e2e' })).json.secret;
    hostId = (await bridge.api(admin, 'POST', '/users', { name: 'Hanne Host', role: 'user', email: 'hanne@acme.test' })).json.id;
    const room = await bridge.api(admin, 'POST', '/conferences', { name: 'Styrerommet', language: 'nb', ownerUserId: hostId });
    roomId = room.json.conference.id;
    expect(me.user.organisationId).toBe(room.json.conference.organisationId);
  });
  afterAll(async () => {
    await bridge?.close();
    await smtp?.close();
  });

  it('invites, lets the codes in only inside their window, cancels one meeting and then all', async () => {
    const created = await bridge.api(admin, 'POST', '/bookings', {
      conferenceId: roomId,
      title: 'Styremøte',
      startsAt: '2026-03-03T09:00',
      endsAt: '2026-03-03T10:00',
      recurrence: { frequency: 'weekly', count: 6 },
      hostUserId: hostId,
      invitees: [
        { email: 'anne@example.com', name: 'Anne Andrews', language: 'en', timeZone: 'Europe/London' },
        { email: 'bjorn@example.no', name: 'Bjørn Berg', language: 'nb' },
      ],
    });
    expect(created.status).toBe(201);
    const booking = created.json.booking;
    const leaderCode = created.json.codes.find((code: { role: string }) => code.role === 'leader').code;
    const participantCode = created.json.codes.find((code: { role: string }) => code.role === 'participant').code;
    expect(booking).toMatchObject({ timeZone: 'Europe/Oslo', startsAt: { local: '2026-03-03T09:00' }, sequence: 0 });
    expect(booking.rrule).toContain('FREQ=WEEKLY');

    await smtp.waitFor((catcher) => catcher.mails.length === 3, 'the host and both invitees are e-mailed');
    const [anne] = smtp.to('anne@example.com');
    const [bjorn] = smtp.to('bjorn@example.no');
    const [hanne] = smtp.to('hanne@acme.test');
    if (!anne || !bjorn || !hanne) throw new Error('an e-mail is missing');

    // Anne reads English, in her own time zone (London is an hour behind Oslo).
    expect(anne.parsed.subject).toBe('Invitation: Styremøte');
    expect(anne.parsed.text).toContain('Tuesday, 3 March 2026 at 08:00–09:00 (time zone Europe/London)');
    expect(anne.parsed.text).toContain(`Participant code: ${participantCode}`);
    expect(anne.parsed.text).toContain('+4722222222 (Norge)');
    expect(anne.parsed.text).toContain(`tel:+4722222222,,${participantCode}%23`);
    expect(anne.parsed.html).toContain(`href="tel:+4580000000,,${participantCode}%23"`);
    // The participant's keys of the keypad card, as the spoken help words them.
    expect(anne.parsed.text).toContain('*9  to raise or lower your hand.');
    expect(anne.parsed.text).not.toContain('##');
    // Bjørn reads bokmål, in Oslo time.
    expect(bjorn.parsed.subject).toBe('Invitasjon: Styremøte');
    expect(bjorn.parsed.text).toContain('tirsdag 3. mars 2026 kl. 09:00–10:00 (tidssone Europe/Oslo)');
    expect(bjorn.parsed.text).toContain(`Deltakerkode: ${participantCode}`);
    // The leader code goes to the host alone, with the leader's keypad card.
    for (const mail of [anne, bjorn]) {
      expect(`${mail.parsed.text}${mail.parsed.html}${mail.calendar}`).not.toContain(leaderCode);
    }
    expect(hanne.parsed.text).toContain(`Lederkode (bare for deg: gi den aldri videre): ${leaderCode}`);
    expect(hanne.parsed.text).toContain(`tel:+4722222222,,${leaderCode}%23`);
    expect(hanne.parsed.text).toContain('##  for å avslutte møtet for alle.');
    expect(hanne.parsed.text).toContain('*8  for å slippe inn den neste som venter.');

    // The calendar file, as a calendar imports it.
    expect(anne.calendarMethod).toBe('REQUEST');
    const invitation = parseCalendar(anne);
    expect(invitation.method).toBe('REQUEST');
    expect(invitation.event.uid).toBe(`${booking.id}@kvorum`);
    expect(invitation.event.sequence).toBe(0);
    expect(invitation.timezones).toEqual(['Europe/Oslo']);
    expect(invitation.vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Oslo');
    expect(invitation.event.startDate.toJSDate().toISOString()).toBe('2026-03-03T08:00:00.000Z');
    expect(invitation.event.endDate.toJSDate().toISOString()).toBe('2026-03-03T09:00:00.000Z');
    // Six Tuesdays at 09:00 Oslo time: from 31 March it is summer time (07:00 UTC).
    expect(startsOf(invitation.event, 10)).toEqual([
      '2026-03-03T08:00:00.000Z',
      '2026-03-10T08:00:00.000Z',
      '2026-03-17T08:00:00.000Z',
      '2026-03-24T08:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
      '2026-04-07T07:00:00.000Z',
    ]);
    expect(String(invitation.vevent.getFirstPropertyValue('organizer'))).toBe('mailto:hanne@acme.test');
    expect(invitation.vevent.getAllProperties('attendee').map((attendee) => String(attendee.getFirstValue()).toLowerCase())).toEqual([
      'mailto:anne@example.com',
      'mailto:bjorn@example.no',
    ]);
    expect(invitation.event.location).toBe(`tel:+4722222222,,${participantCode}%23`);
    expect(invitation.event.description).toContain(participantCode);

    // 08:40: the codes are not known yet (they open 15 minutes before the start).
    clock.set('2026-03-03T08:40:00+01:00');
    const tooEarly = await bridge.callIn(participantCode);
    await tooEarly.waitForPrompt({ key: 'code.invalid' });
    await tooEarly.hangUp();
    // 08:46: the participant waits for the leader; the host's leader code opens the meeting.
    clock.set('2026-03-03T08:46:00+01:00');
    const guest = await bridge.callIn(participantCode);
    await guest.waitForBridge('holding');
    const host = await bridge.joinMeeting(leaderCode);
    await guest.waitForBridge('mixing');
    await host.hangUp();
    await guest.waitForHangup();

    // The second meeting is cancelled on its own: everyone gets the series again, SEQUENCE 1, without it.
    clock.set('2026-03-05T12:00:00+01:00');
    const second = await bridge.api(admin, 'POST', `/bookings/${booking.id}/cancelled-occurrences`, { start: '2026-03-10T09:00:00+01:00' });
    expect(second.status).toBe(200);
    expect(second.json.sequence).toBe(1);
    await smtp.waitFor((catcher) => catcher.mails.length === 6, 'the update reaches everyone');
    const update = parseCalendar(smtp.to('anne@example.com')[1] as CaughtMail);
    expect(update.event.uid).toBe(`${booking.id}@kvorum`);
    expect(update.event.sequence).toBe(1);
    expect(startsOf(update.event, 10)).not.toContain('2026-03-10T08:00:00.000Z');
    expect(startsOf(update.event, 10)).toHaveLength(5);
    // That Tuesday the codes stay unknown.
    clock.set('2026-03-10T09:10:00+01:00');
    const cancelledDay = await bridge.callIn(participantCode);
    await cancelledDay.waitForPrompt({ key: 'code.invalid' });
    await cancelledDay.hangUp();

    // The whole booking is cancelled: METHOD:CANCEL, SEQUENCE 2, and the codes are gone.
    clock.set('2026-03-12T12:00:00+01:00');
    expect((await bridge.api(admin, 'DELETE', `/bookings/${booking.id}`)).status).toBe(204);
    await smtp.waitFor((catcher) => catcher.mails.length === 9, 'the cancellation reaches everyone');
    const cancellation = smtp.to('bjorn@example.no')[2] as CaughtMail;
    expect(cancellation.parsed.subject).toBe('Avlyst: Styremøte');
    expect(cancellation.calendarMethod).toBe('CANCEL');
    const cancelled = parseCalendar(cancellation);
    expect(cancelled.method).toBe('CANCEL');
    expect(cancelled.event.uid).toBe(`${booking.id}@kvorum`);
    expect(cancelled.event.sequence).toBe(2);
    expect(String(cancelled.vevent.getFirstPropertyValue('status'))).toBe('CANCELLED');
    clock.set('2026-03-17T09:00:00+01:00');
    const afterCancel = await bridge.callIn(participantCode);
    await afterCancel.waitForPrompt({ key: 'code.invalid' });
    await afterCancel.hangUp();

    // Every e-mail is on the booking as sent, one attempt each.
    const read = (await bridge.api(admin, 'GET', `/bookings/${booking.id}`)).json;
    expect(read.status).toBe('cancelled');
    expect(read.deliveries).toHaveLength(9);
    expect(
      read.deliveries.every(
        (delivery: { status: string; attempts: unknown[] }) => delivery.status === 'sent' && delivery.attempts.length === 1,
      ),
    ).toBe(true);
    expect(JSON.stringify(read)).not.toContain(participantCode);
  });

  it('an SMTP server that refuses and then recovers gets the e-mail on a later attempt; every attempt is on the booking', async () => {
    clock.set('2026-04-01T10:00:00+02:00');
    smtp.refusing = true;
    const created = await bridge.api(admin, 'POST', '/bookings', {
      conferenceId: roomId,
      title: 'Quarterly',
      startsAt: '2026-04-15T13:00',
      endsAt: '2026-04-15T14:00',
      hostUserId: hostId,
      invitees: [{ email: 'carl@example.com', name: 'Carl', language: 'en' }],
    });
    expect(created.status).toBe(201);
    const id = created.json.booking.id;
    await smtp.waitFor((catcher) => catcher.refused >= 2, 'both e-mails are refused once');
    const failed = await eventually(
      async () => (await bridge.api(admin, 'GET', `/bookings/${id}`)).json,
      (read) => read.invitees[0].delivery?.attempts.length === 1,
      'the failed attempt is on the booking',
    );
    expect(failed.invitees[0].delivery).toMatchObject({
      status: 'queued',
      attempts: [{ outcome: 'failed', error: expect.stringContaining('451') }],
      nextAttemptAt: new Date(at('2026-04-01T10:01:00+02:00')).toISOString(),
    });

    // A minute later (the first retry) the server takes mail again.
    smtp.refusing = false;
    clock.set('2026-04-01T10:01:00+02:00');
    await smtp.waitFor((catcher) => catcher.to('carl@example.com').length === 1, 'the retry delivers the invitation');
    const delivered = await eventually(
      async () => (await bridge.api(admin, 'GET', `/bookings/${id}`)).json,
      (read) => read.invitees[0].delivery?.status === 'sent',
      'the delivery is recorded',
    );
    expect(delivered.invitees[0].delivery.attempts.map((attempt: { outcome: string }) => attempt.outcome)).toEqual(['failed', 'sent']);
    expect(delivered.invitees[0].delivery.nextAttemptAt).toBeNull();
  });
});
