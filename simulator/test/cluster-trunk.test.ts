import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimulatorCluster, type SimCluster, type Simulator } from '../index';

const AUTH = `Basic ${Buffer.from('kvorum:secret').toString('base64')}`;

type AriEvent = Record<string, any>;

/** An app's event socket on one server: every event it was sent, and a bounded wait for one. */
async function connectApp(server: Simulator) {
  const events: AriEvent[] = [];
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ari/events?app=kvorum&api_key=kvorum:secret`);
  ws.on('message', (data: Buffer) => events.push(JSON.parse(data.toString())));
  await new Promise((resolve) => ws.on('open', resolve));
  await server.waitForApp('kvorum', true);
  const waitFor = (type: string, match: (event: AriEvent) => boolean = () => true) =>
    new Promise<AriEvent>((resolve, reject) => {
      const check = () => {
        const found = events.find((event) => event.type === type && match(event));
        if (found === undefined) return false;
        clearTimeout(timer);
        ws.off('message', check);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => reject(new Error(`no ${type} within 2 s; got ${events.map((e) => e.type).join(', ')}`)), 2000);
      if (!check()) ws.on('message', check);
    });
  return { events, waitFor, close: () => ws.close() };
}

async function ari(server: Simulator, method: string, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/ari${path}`, { method, headers: { Authorization: AUTH } });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('a simulated cluster: media servers and the internal trunk', () => {
  let cluster: SimCluster;
  let a: Simulator;
  let b: Simulator;

  beforeEach(async () => {
    cluster = await startSimulatorCluster(['ast-a', 'ast-b'], { timeScale: 0.001 });
    a = cluster.server('ast-a');
    b = cluster.server('ast-b');
  });
  afterEach(() => cluster.close());

  it('serves each media server on its own ARI endpoint', () => {
    expect(a.url).not.toBe(b.url);
  });

  it('carries a call continued into [kvorum-carry] to the peer, with the header as KVORUM_CARRY', async () => {
    const appA = await connectApp(a);
    const appB = await connectApp(b);
    const caller = a.dial('22222222', { callerId: '+4791234567' });
    expect(caller.mediaServer()).toBe('ast-a');
    await ari(a, 'POST', `/channels/${caller.channelId}/answer`);
    await ari(a, 'POST', `/channels/${caller.channelId}/variable?variable=KVORUM_CARRY&value=signed-ticket`);
    expect((await ari(a, 'POST', `/channels/${caller.channelId}/continue?context=kvorum-carry&extension=ast-b&priority=1`)).status).toBe(
      204,
    );

    await appA.waitFor('StasisEnd');
    const arrived = await appB.waitFor('StasisStart');
    expect(arrived).toMatchObject({ args: ['carried'], channel: { caller: { number: '+4791234567' } } });
    const farId: string = arrived.channel.id;
    expect((await ari(b, 'GET', `/channels/${farId}/variable?variable=KVORUM_CARRY`)).body).toEqual({ value: 'signed-ticket' });
    expect(caller.mediaServer()).toBe('ast-b');

    // The caller's keys reach the far channel; its playbacks are what the caller hears.
    await caller.press('5');
    await appB.waitFor('ChannelDtmfReceived', (event) => event.digit === '5' && event.channel.id === farId);
    await ari(b, 'POST', `/channels/${farId}/answer`);
    await ari(b, 'POST', `/channels/${farId}/play?media=sound:beep`);
    await caller.waitForMedia('sound:beep');

    // Hanging up on the far side ends the call on the caller's side too.
    await ari(b, 'DELETE', `/channels/${farId}`);
    await caller.waitForHangup();
    appA.close();
    appB.close();
  });

  it('ends a call the caller hangs up at both ends', async () => {
    await connectApp(a);
    const appB = await connectApp(b);
    const caller = a.dial('22222222', { callerId: '+4791234567' });
    await ari(a, 'POST', `/channels/${caller.channelId}/continue?context=kvorum-carry&extension=ast-b`);
    await appB.waitFor('StasisStart');
    await caller.hangUp();
    await appB.waitFor('ChannelHangupRequest');
    await appB.waitFor('StasisEnd');
    expect((await ari(b, 'GET', '/channels')).body).toEqual([]);
  });

  it('spreads calls through the edge over the servers, evenly, in no fixed order', async () => {
    await connectApp(a);
    await connectApp(b);
    const servers = Array.from({ length: 200 }, () => cluster.dial('22222222').mediaServer());
    const onA = servers.filter((server) => server === 'ast-a').length;
    expect(onA).toBeGreaterThan(80);
    expect(onA).toBeLessThan(120);
    // Not taking turns: the first caller of each meeting of ten would then always be on one server.
    const firstOfTen = servers.filter((_, index) => index % 10 === 0);
    expect(new Set(firstOfTen)).toEqual(new Set(['ast-a', 'ast-b']));
  });

  it("measures a carried caller's keys and join on the server the call was carried to", async () => {
    await connectApp(a);
    const appB = await connectApp(b);
    const caller = a.dial('22222222');
    await ari(a, 'POST', `/channels/${caller.channelId}/continue?context=kvorum-carry&extension=ast-b`);
    const farId: string = (await appB.waitFor('StasisStart')).channel.id;
    cluster.resetLatency();

    await caller.press('5');
    await appB.waitFor('ChannelDtmfReceived', (event) => event.digit === '5');
    const pressedAt = Date.now();
    expect(caller.joinedAt()).toBeNull();
    const { body: bridge } = await ari(b, 'POST', '/bridges?type=mixing');
    await ari(b, 'POST', `/bridges/${bridge.id}/addChannel?channel=${farId}`);

    expect(cluster.latency().count).toBe(1);
    expect(a.latency().count).toBe(0);
    expect(caller.joinedAt()).toBeGreaterThanOrEqual(pressedAt - 1);
  });

  it('hangs up a call continued to an extension that is not a peer', async () => {
    await connectApp(a);
    const caller = a.dial('22222222');
    await ari(a, 'POST', `/channels/${caller.channelId}/continue?context=kvorum-carry&extension=ast-z`);
    await caller.waitForHangup();
  });
});
