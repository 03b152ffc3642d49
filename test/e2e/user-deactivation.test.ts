import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedClock } from '../support/scripted-clock';
import { BridgeUnderTest } from './support/bridge-under-test';
import { e2eSuiteTitle, e2eTarget } from './support/e2e-target';
import { eventually } from './support/eventually';

/**
 * A deactivated user's room belongs to the organisation: callers dialling
 * its codes still meet in it and are charged as before, and the meetings it
 * held stay in the ledger. Meanwhile the periodic housekeeping Kvorum runs
 * beside the mail outbox forgets the portal sessions that ended (the
 * deactivation ended the user's at once) and the reset codes that were used
 * or have expired, and keeps the live ones.
 *
 * Kvorum gets a scripted clock (the housekeeping's timer runs in real time,
 * every 20 ms here). Only on the simulator: a real Asterisk keeps its own time.
 */
const PASSWORD = 'correct horse battery staple';

describe.skipIf(e2eTarget().kind !== 'simulator')(`${e2eSuiteTitle()}: a deactivated user's room, and sign-in housekeeping`, () => {
  const clock = new ScriptedClock(Date.parse('2026-03-02T09:00:00+01:00'));
  let bridge: BridgeUnderTest;
  beforeAll(async () => {
    bridge = await BridgeUnderTest.start({ clock, env: { KVORUM_MAIL_POLL_MS: '20' } });
  });
  afterAll(async () => {
    await bridge?.close();
  });

  /** A request without a bearer token, as the portal's browser sends it. */
  async function portal(method: string, path: string, body?: unknown, cookie?: string) {
    const response = await fetch(`http://127.0.0.1:${bridge.httpPort}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? null : JSON.parse(text), cookie: response.headers.getSetCookie()[0] };
  }

  /** The user gets a password from a reset code and signs in: its session cookie. */
  async function signedIn(admin: string, userId: string, email: string): Promise<string> {
    const code = (await bridge.api(admin, 'POST', `/users/${userId}/password-reset`)).json.resetCode;
    expect((await portal('POST', '/password', { email, resetCode: code, newPassword: PASSWORD })).status).toBe(204);
    const session = await portal('POST', '/session', { email, password: PASSWORD });
    expect(session.status).toBe(200);
    return (session.cookie ?? '').split(';')[0] ?? '';
  }

  const rows = (table: 'user_sessions' | 'password_reset_codes', userId: string) =>
    bridge.database.connection
      .prepare<[string], { id: string }>(`SELECT id FROM ${table} WHERE user_id = ? ORDER BY created_at, id`)
      .all(userId)
      .map((row) => row.id);

  const forgotten = (read: () => string[], what: string) => eventually(read, (left) => left.length === 0, `${what}: forgotten`);

  it('its room admits callers after the deactivation; its meetings stay; ended sessions and spent codes are forgotten', async () => {
    const operator = await bridge.operatorToken();
    const ada = (await bridge.api(operator, 'POST', '/users', { name: 'Ada Admin', role: 'org-admin', email: 'ada@acme.test' })).json;
    const admin = (await bridge.api(operator, 'POST', `/users/${ada.id}/tokens`, { name: 'e2e' })).json.secret;
    const hanne = (await bridge.api(admin, 'POST', '/users', { name: 'Hanne Host', role: 'user', email: 'hanne@acme.test' })).json;
    const room = (await bridge.api(admin, 'POST', '/conferences', { name: 'Hannes rom', ownerUserId: hanne.id })).json;
    const leaderCode = room.codes.find((code: { role: string }) => code.role === 'leader').code;
    const participantCode = room.codes.find((code: { role: string }) => code.role === 'participant').code;
    const hanneCookie = await signedIn(admin, hanne.id, 'hanne@acme.test');
    expect((await portal('GET', '/me', undefined, hanneCookie)).status).toBe(200);

    // A meeting before: Hanne leads, a colleague joins, both hang up.
    const lea = await bridge.joinMeeting(leaderCode);
    const pat = await bridge.joinMeeting(participantCode);
    clock.set('2026-03-02T09:30:00+01:00');
    await pat.hangUp();
    await lea.hangUp();
    const before = await bridge.endedMeetingOf(room.conference.id);
    const legsBefore = (await bridge.allLegs()).filter((leg) => leg.conferenceId === room.conference.id);
    expect(legsBefore).toHaveLength(2);

    clock.set('2026-03-02T10:00:00+01:00');
    expect((await bridge.api(admin, 'POST', `/users/${hanne.id}/deactivate`)).json.active).toBe(false);
    expect((await portal('GET', '/me', undefined, hanneCookie)).status).toBe(401);

    // The room still works: the leader code opens a meeting that the participant enters, charged from then on.
    const next = await bridge.joinMeeting(leaderCode);
    const guest = await bridge.joinMeeting(participantCode);
    const guestLeg = await bridge.legOf(guest);
    expect(guestLeg.enteredAt).not.toBeNull();
    clock.set('2026-03-02T10:20:00+01:00');
    await guest.hangUp();
    await next.hangUp();
    await bridge.closedLegOf(next);
    const meetings = await bridge.meetingsOf(room.conference.id);
    expect(meetings.map((meeting) => meeting.meetingId)).toEqual([before.meetingId, expect.any(String)]);
    expect(meetings[0]).toEqual(before);
    const legs = (await bridge.allLegs()).filter((leg) => leg.conferenceId === room.conference.id);
    expect(legs.slice(0, 2)).toEqual(legsBefore);
    expect(legs.slice(2).map((leg) => [leg.channelId, leg.meetingId, leg.leftAt])).toEqual(
      expect.arrayContaining(
        [next, guest].map((caller) => [caller.channelId, meetings[1]?.meetingId, Date.parse('2026-03-02T10:20:00+01:00')]),
      ),
    );
    expect(legs).toHaveLength(4);

    // Hanne's session ended with the deactivation and is forgotten; the used codes too. Ada's live session stays.
    const adaCookie = await signedIn(operator, ada.id, 'ada@acme.test');
    await forgotten(
      () => [...rows('user_sessions', hanne.id), ...rows('password_reset_codes', hanne.id), ...rows('password_reset_codes', ada.id)],
      "Hanne's ended session and the used codes",
    );
    expect(rows('user_sessions', ada.id)).toHaveLength(1);
    expect((await portal('GET', '/me', undefined, adaCookie)).status).toBe(200);
    // A code issued and never used lasts 24 hours; a session unused for an hour ends.
    await bridge.api(operator, 'POST', `/users/${ada.id}/password-reset`);
    clock.set('2026-03-02T11:30:00+01:00');
    await forgotten(() => rows('user_sessions', ada.id), "Ada's idle session");
    expect(rows('password_reset_codes', ada.id)).toHaveLength(1);
    clock.set('2026-03-03T12:00:00+01:00');
    await forgotten(() => rows('password_reset_codes', ada.id), "Ada's expired code");
  });
});
