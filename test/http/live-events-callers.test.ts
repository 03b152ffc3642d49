import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeUnderTest } from '../e2e/support/bridge-under-test';
import { openLiveEvents, type LiveEventsReader } from '../support/live-events-reader';

/**
 * GET /live/events against Kvorum on the ARI simulator: callers dial in,
 * and the admins' streams show them as the bridge sees them.
 */
describe('the live events stream, with callers on the line', () => {
  let bridge: BridgeUnderTest;
  let acmeAdmin: string;
  let otherOrganisation: string;
  let otherAdmin: string;
  const streams: LiveEventsReader[] = [];
  const open = async (token: string) => {
    const stream = await openLiveEvents(`http://127.0.0.1:${bridge.httpPort}`, token);
    streams.push(stream);
    return stream;
  };
  type Live = { conferences: Array<{ conferenceId: string; participants: Array<Record<string, unknown>> }> };
  const participantOf = (live: Live, conferenceId: string, legId: string) =>
    live.conferences.find((conference) => conference.conferenceId === conferenceId)?.participants.find((p) => p.legId === legId);

  beforeAll(async () => {
    bridge = await BridgeUnderTest.start();
    acmeAdmin = await bridge.orgAdminToken();
    otherOrganisation = await bridge.newOrganisation('Other Corp');
    otherAdmin = await bridge.orgAdminToken(otherOrganisation);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await bridge?.close();
  });

  it("a caller who joins arrives on their organisation's stream, and never on another organisation's", async () => {
    const acme = await open(acmeAdmin);
    const other = await open(otherAdmin);
    expect(acme.status).toBe(200);
    expect(acme.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(acme.headers.get('cache-control')).toBe('no-store');
    expect(await acme.next()).toEqual({ conferences: [] });
    expect(await other.next()).toEqual({ conferences: [] });

    const ours = await bridge.conferenceWithCodes({ name: 'Board room' });
    const leader = await bridge.joinMeeting(ours.leaderCode, '+4791234567');
    const { legId } = await bridge.legOf(leader);
    const live = await acme.next(
      (data: Live) => participantOf(data, ours.conferenceId, legId)?.joinedAt != null,
      'the leader in the meeting',
    );
    expect(live.conferences.find((c: { conferenceId: string }) => c.conferenceId === ours.conferenceId)).toMatchObject({
      conferenceName: 'Board room',
    });
    expect(participantOf(live, ours.conferenceId, legId)).toMatchObject({
      role: 'leader',
      callerNumber: '+4791234567',
      maskedCallerNumber: '+47xxxxxx67',
      nameRecorded: false,
      muted: false,
      waitingInLobby: false,
      handRaised: false,
    });

    // The other organisation's first news is its own meeting: Acme's came before it and was not sent.
    const theirs = await bridge.conferenceWithCodes({ name: 'Their room', organisationId: otherOrganisation });
    await bridge.joinMeeting(theirs.leaderCode);
    const first = await other.next();
    expect(first.conferences.map((conference: { conferenceId: string }) => conference.conferenceId)).toEqual([theirs.conferenceId]);
  });

  it('a mute through the API arrives on the stream, and so does the caller hanging up', async () => {
    const codes = await bridge.conferenceWithCodes();
    const leader = await bridge.joinMeeting(codes.leaderCode);
    const participant = await bridge.joinMeeting(codes.participantCode);
    const { legId } = await bridge.legOf(participant);
    const acme = await open(acmeAdmin);
    await acme.next((data: Live) => participantOf(data, codes.conferenceId, legId)?.joinedAt != null, 'the participant in the meeting');

    const muted = await bridge.api(acmeAdmin, 'POST', `/conferences/${codes.conferenceId}/live/participants/${legId}/mute`, {
      muted: true,
    });
    expect(muted.status).toBe(200);
    const live = await acme.next((data: Live) => participantOf(data, codes.conferenceId, legId)?.muted === true, 'the participant muted');
    expect(participantOf(live, codes.conferenceId, legId)).toMatchObject({ muted: true, mutedByHost: true });
    await participant.waitForMuted(true);

    await participant.hangUp();
    await acme.next((data: Live) => participantOf(data, codes.conferenceId, legId) === undefined, 'the participant gone');
    await leader.hangUp();
    await acme.next(
      (data: Live) => data.conferences.every((conference) => conference.conferenceId !== codes.conferenceId),
      'the meeting over',
    );
  });
});
