import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiHarness } from './admin-api-harness';
import { participant } from './fake-live-control';
import { openLiveEvents } from '../support/live-events-reader';

/** GET /live/events over a live control held in memory: the stream's framing, pace and lifetime. */
let api: AdminApiHarness;
const idsOf = (data: { conferences: Array<{ conferenceId: string }> }) => data.conferences.map((c) => c.conferenceId).sort();

beforeAll(async () => {
  api = await AdminApiHarness.start({ http: { liveEvents: { heartbeatMs: 50, lifetimeMs: 60_000 } } });
});
afterAll(() => api.stop());

describe('the live events stream', () => {
  it('sends changes close together as one event, and heartbeats between them', async () => {
    const first = (await api.createConference(api.callers.acmeAdmin, { name: 'First' })).id;
    const second = (await api.createConference(api.callers.acmeAdmin, { name: 'Second' })).id;
    const third = (await api.createConference(api.callers.acmeAdmin, { name: 'Third' })).id;
    const stream = await openLiveEvents(api.baseUrl, api.callers.acmeAdmin.token);
    const before = idsOf(await stream.next());
    // Two meetings start in the same turn: one event with both, never one with the first only.
    api.liveControl.startMeeting(first, [participant('leg-1', 'leader', '+4790000001')]);
    api.liveControl.startMeeting(second, [participant('leg-2', 'leader', '+4790000002')]);
    expect(idsOf(await stream.next())).toEqual([...before, first, second].sort());
    api.liveControl.startMeeting(third, [participant('leg-3', 'leader', null)]);
    const withThird = await stream.next();
    expect(idsOf(withThird)).toEqual([...before, first, second, third].sort());
    const withheld = withThird.conferences.find((c: { conferenceId: string }) => c.conferenceId === third).participants[0];
    expect(withheld).toMatchObject({ callerNumber: null, maskedCallerNumber: null });
    await stream.comment('heartbeat');
    stream.close();
  });

  it('ends its subscription to the bridge when the client goes away', async () => {
    const stream = await openLiveEvents(api.baseUrl, api.callers.acmeAdmin.token);
    await stream.next();
    expect(api.liveControl.subscriptions).toBeGreaterThan(0);
    stream.close();
    await expect.poll(() => api.liveControl.subscriptions, { timeout: 5000 }).toBe(0);
  });

  it('a change to another organisation’s meeting sends nothing', async () => {
    const theirs = (await api.createConference(api.callers.otherAdmin, { name: 'Theirs' })).id;
    const ours = (await api.createConference(api.callers.acmeAdmin, { name: 'Ours' })).id;
    const stream = await openLiveEvents(api.baseUrl, api.callers.acmeAdmin.token);
    const before = await stream.next();
    api.liveControl.startMeeting(theirs, [participant('leg-t', 'leader', '+4790000009')]);
    // The next event is the one of our own meeting: theirs was not news to us.
    setTimeout(() => api.liveControl.startMeeting(ours, [participant('leg-o', 'leader', '+4790000010')]), 400);
    const next = await stream.next();
    expect(idsOf(next)).toEqual([...idsOf(before), ours].sort());
    stream.close();
  });

  it('needs a token and a role that manages conferences', async () => {
    expect((await api.call(null, 'GET', '/live/events')).status).toBe(401);
    const finance = await api.call(api.callers.acmeFinance, 'GET', '/live/events');
    expect(finance.status).toBe(403);
  });
});

describe('the live events stream’s lifetime', () => {
  let short: AdminApiHarness;
  beforeAll(async () => {
    short = await AdminApiHarness.start({ http: { liveEvents: { lifetimeMs: 200 } } });
  });
  afterAll(() => short.stop());

  it('ends after its lifetime, telling the client when to open it again, and lets go of the bridge', async () => {
    const response = await fetch(`${short.baseUrl}/api/v1/live/events`, {
      headers: { authorization: `Bearer ${short.callers.acmeAdmin.token}` },
    });
    const text = await response.text();
    expect(text).toBe('retry: 1000\nevent: live\ndata: {"conferences":[]}\n\n');
    expect(short.liveControl.subscriptions).toBe(0);
  });
});
