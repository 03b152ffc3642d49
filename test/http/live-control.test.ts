import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiHarness } from './admin-api-harness';
import { participant } from './fake-live-control';

let api: AdminApiHarness;
let acmeConference: string;
let usersConference: string;
let otherConference: string;

beforeAll(async () => {
  api = await AdminApiHarness.start();
  acmeConference = (await api.createConference(api.callers.acmeAdmin)).id;
  usersConference = (await api.createConference(api.callers.acmeUser)).id;
  otherConference = (await api.createConference(api.callers.otherAdmin)).id;
  api.liveControl.startMeeting(acmeConference, [
    participant('leg-leader', 'leader', '+4790000001'),
    participant('leg-p1', 'participant', '+4790000002'),
    participant('leg-p2', 'participant', null),
  ]);
  api.liveControl.startMeeting(usersConference, [participant('leg-u', 'leader', '+4790000003')]);
  api.liveControl.startMeeting(otherConference, [participant('leg-o', 'leader', '+4790000004')]);
});
afterAll(() => api.stop());

describe('live control', () => {
  it('lists the live meetings in the caller’s scope with their participants', async () => {
    const asAdmin = await api.call(api.callers.acmeAdmin, 'GET', '/live');
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.json.conferences.map((c: { conferenceId: string }) => c.conferenceId).sort()).toEqual(
      [acmeConference, usersConference].sort(),
    );
    const meeting = asAdmin.json.conferences.find((c: { conferenceId: string }) => c.conferenceId === acmeConference);
    expect(meeting).toMatchObject({ meetingId: `mtg-${acmeConference}`, startedAt: '2025-03-03T09:00:00.000Z', locked: false });
    expect(meeting.participants[0]).toEqual({
      legId: 'leg-leader',
      channelId: 'chan-leg-leader',
      role: 'leader',
      callerNumber: '+4790000001',
      maskedCallerNumber: '+47xxxxxx01',
      nameRecorded: false,
      arrivedAt: '2025-03-03T09:00:00.000Z',
      joinedAt: '2025-03-03T09:00:00.000Z',
      muted: false,
      mutedByHost: false,
      waitingInLobby: false,
      handRaised: false,
      handRaisedAt: null,
    });
    const asUser = await api.call(api.callers.acmeUser, 'GET', '/live');
    expect(asUser.json.conferences.map((c: { conferenceId: string }) => c.conferenceId)).toEqual([usersConference]);
    const asOperator = await api.call(api.callers.operator, 'GET', '/live');
    expect(asOperator.json.conferences).toHaveLength(3);
  });

  it('mutes and unmutes one participant, and answers with the meeting as it is now', async () => {
    const muted = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${acmeConference}/live/participants/leg-p1/mute`, {
      muted: true,
    });
    expect(muted.status).toBe(200);
    expect(muted.json.participants.find((p: { legId: string }) => p.legId === 'leg-p1').muted).toBe(true);
    const unmuted = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${acmeConference}/live/participants/leg-p1/mute`, {
      muted: false,
    });
    expect(unmuted.json.participants.find((p: { legId: string }) => p.legId === 'leg-p1').muted).toBe(false);
    expect(api.liveControl.received.slice(-2).map((r) => r.command)).toEqual([
      { kind: 'mute', legId: 'leg-p1', muted: true },
      { kind: 'mute', legId: 'leg-p1', muted: false },
    ]);
  });

  it('listen mode mutes all participants; lock keeps new callers out', async () => {
    const listen = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${acmeConference}/live/listen-mode`, { on: true });
    expect(listen.json.listenMode).toBe(true);
    expect(listen.json.participants.map((p: { role: string; muted: boolean }) => [p.role, p.muted])).toEqual([
      ['leader', false],
      ['participant', true],
      ['participant', true],
    ]);
    const locked = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${acmeConference}/live/lock`, { locked: true });
    expect(locked.json.locked).toBe(true);
    const read = await api.call(api.callers.acmeAdmin, 'GET', `/conferences/${acmeConference}/live`);
    expect(read.json).toMatchObject({ locked: true, listenMode: true });
  });

  it('removes one participant; an unknown participant answers 404', async () => {
    const removed = await api.call(api.callers.acmeAdmin, 'DELETE', `/conferences/${acmeConference}/live/participants/leg-p2`);
    expect(removed.status).toBe(200);
    expect(removed.json.participants.map((p: { legId: string }) => p.legId)).toEqual(['leg-leader', 'leg-p1']);
    const again = await api.call(api.callers.acmeAdmin, 'DELETE', `/conferences/${acmeConference}/live/participants/leg-p2`);
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ error: 'not-found', message: 'participant not found' });
  });

  it('a user steers the meeting of its own conference and ends it', async () => {
    const ended = await api.call(api.callers.acmeUser, 'POST', `/conferences/${usersConference}/live/end`);
    expect(ended.status).toBe(200);
    expect(ended.json).toBeNull();
    expect(api.liveControl.received.at(-1)).toEqual({
      conferenceId: usersConference,
      command: { kind: 'end', reason: 'ended-by-admin' },
    });
    const after = await api.call(api.callers.acmeUser, 'GET', `/conferences/${usersConference}/live`);
    expect(after.status).toBe(409);
    expect(after.json).toEqual({ error: 'conflict', message: 'no live meeting' });
  });

  it('the lobby: callers waiting and hands raised are shown; admins let in or turn away the next or a named caller', async () => {
    const sensitive = (await api.createConference(api.callers.acmeAdmin, { admissionRequired: true })).id;
    api.liveControl.startMeeting(sensitive, [
      participant('leg-doc', 'leader', '+4790000011'),
      participant('leg-kari', 'participant', '+4790000012', { joinedAt: null, waitingInLobby: true }),
      participant('leg-ola', 'participant', '+4790000013', { joinedAt: null, waitingInLobby: true }),
      participant('leg-per', 'participant', '+4790000014', {
        handRaised: true,
        handRaisedAt: Date.UTC(2025, 2, 3, 9, 5),
        muted: true,
        mutedByHost: true,
      }),
    ]);
    const live = await api.call(api.callers.acmeAdmin, 'GET', `/conferences/${sensitive}/live`);
    expect(
      live.json.participants.map((p: { legId: string; waitingInLobby: boolean; handRaised: boolean }) => [
        p.legId,
        p.waitingInLobby,
        p.handRaised,
      ]),
    ).toEqual([
      ['leg-doc', false, false],
      ['leg-kari', true, false],
      ['leg-ola', true, false],
      ['leg-per', false, true],
    ]);
    expect(live.json.participants[3]).toMatchObject({
      handRaisedAt: '2025-03-03T09:05:00.000Z',
      mutedByHost: true,
      joinedAt: expect.any(String),
    });

    const admitted = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${sensitive}/live/lobby/leg-ola/admit`);
    expect(admitted.status).toBe(200);
    expect(admitted.json.participants.find((p: { legId: string }) => p.legId === 'leg-ola').waitingInLobby).toBe(false);
    const refused = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${sensitive}/live/lobby/next/refuse`);
    expect(refused.status).toBe(200);
    expect(refused.json.participants.map((p: { legId: string }) => p.legId)).toEqual(['leg-doc', 'leg-ola', 'leg-per']);
    expect(api.liveControl.received.slice(-2).map((r) => r.command)).toEqual([
      { kind: 'admit', legId: 'leg-ola' },
      { kind: 'refuse', legId: null },
    ]);

    const nobody = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${sensitive}/live/lobby/next/admit`);
    expect(nobody.status).toBe(409);
    expect(nobody.json).toEqual({ error: 'conflict', message: 'nobody is waiting in the lobby' });
    const inside = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${sensitive}/live/lobby/leg-per/refuse`);
    expect(inside.status).toBe(409);
    expect(inside.json).toEqual({ error: 'conflict', message: 'that participant is not waiting in the lobby' });
    const unknown = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${sensitive}/live/lobby/leg-x/admit`);
    expect(unknown.status).toBe(404);

    const emptied = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${sensitive}/live/participants/disconnect`);
    expect(emptied.status).toBe(200);
    expect(emptied.json.participants.map((p: { legId: string }) => p.legId)).toEqual(['leg-doc']);
    expect(api.liveControl.received.at(-1)?.command).toEqual({ kind: 'disconnect-participants' });
  });

  it('commands to a conference without a live meeting answer 409', async () => {
    const idle = (await api.createConference(api.callers.acmeAdmin)).id;
    for (const [method, path, body] of [
      ['POST', `/conferences/${idle}/live/lock`, { locked: true }],
      ['POST', `/conferences/${idle}/live/listen-mode`, { on: true }],
      ['POST', `/conferences/${idle}/live/end`, undefined],
      ['POST', `/conferences/${idle}/live/participants/leg-x/mute`, { muted: true }],
      ['DELETE', `/conferences/${idle}/live/participants/leg-x`, undefined],
      ['POST', `/conferences/${idle}/live/lobby/next/admit`, undefined],
      ['POST', `/conferences/${idle}/live/lobby/leg-x/refuse`, undefined],
      ['POST', `/conferences/${idle}/live/participants/disconnect`, undefined],
    ] as const) {
      const response = await api.call(api.callers.acmeAdmin, method, path, body);
      expect(response.status, path).toBe(409);
    }
  });

  it("another organisation's meeting answers 404 and is left untouched", async () => {
    const before = api.liveControl.received.length;
    for (const caller of [api.callers.acmeAdmin, api.callers.acmeUser, api.callers.reseller]) {
      for (const [method, path, body] of [
        ['GET', `/conferences/${otherConference}/live`, undefined],
        ['POST', `/conferences/${otherConference}/live/lock`, { locked: true }],
        ['POST', `/conferences/${otherConference}/live/listen-mode`, { on: true }],
        ['POST', `/conferences/${otherConference}/live/end`, undefined],
        ['POST', `/conferences/${otherConference}/live/participants/leg-o/mute`, { muted: true }],
        ['DELETE', `/conferences/${otherConference}/live/participants/leg-o`, undefined],
        ['POST', `/conferences/${otherConference}/live/lobby/next/admit`, undefined],
        ['POST', `/conferences/${otherConference}/live/participants/disconnect`, undefined],
      ] as const) {
        const response = await api.call(caller, method, path, body);
        expect(response.status, `${caller.user.name} ${method} ${path}`).toBe(404);
        expect(response.json).toEqual({ error: 'not-found', message: 'conference not found' });
      }
    }
    expect(api.liveControl.received.length).toBe(before);
    expect(api.liveControl.get(otherConference)?.participants).toHaveLength(1);
  });
});
