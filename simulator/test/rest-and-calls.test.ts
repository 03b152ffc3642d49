import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SERVICE_UNAVAILABLE_MEDIA, startSimulator, type Simulator } from '../index';
import { connectStockClient } from './stock-client';

function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Resolves with the HTTP status the event socket upgrade was refused with, or 101 when it opened. */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

describe("the simulator's REST surface", () => {
  let sim: Simulator;
  let ari: (method: string, path: string) => Promise<{ status: number; body: unknown }>;

  beforeEach(async () => {
    sim = await startSimulator({ timeScale: 0.001 });
    ari = async (method, path) => {
      const response = await fetch(`${sim.url}/ari${path}`, { method, headers: { Authorization: basicAuth('kvorum', 'secret') } });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    };
  });
  afterEach(async () => {
    await sim.close();
  });

  it('refuses bad credentials with 401 on REST and on the event socket', async () => {
    const wrong = await fetch(`${sim.url}/ari/channels`, { headers: { Authorization: basicAuth('kvorum', 'guess') } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Basic');
    expect(await wrong.json()).toEqual({ message: 'Authentication required' });
    expect((await fetch(`${sim.url}/ari/api-docs/resources.json`)).status).toBe(401);

    const ws = sim.url.replace('http', 'ws');
    expect(await upgradeStatus(`${ws}/ari/events?app=kvorum&api_key=kvorum:guess`)).toBe(401);
    expect(sim.connectedApps()).toEqual([]);
    expect(await upgradeStatus(`${ws}/ari/events?app=kvorum&api_key=kvorum:secret`)).toBe(101);
  });

  it('accepts api_key on REST too, as Asterisk does', async () => {
    const response = await fetch(`${sim.url}/ari/asterisk/info?api_key=kvorum:secret`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ system: { version: expect.stringContaining('22') } });
  });

  it("answers with Asterisk's status codes and message bodies", async () => {
    const ari2 = await connectStockClient(sim);
    try {
      const caller = sim.dial('22334455');
      await ari2.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
      const bridge = (await ari('POST', '/bridges?type=mixing')).body as { id: string };

      expect(await ari('POST', '/channels/nope/answer')).toEqual({ status: 404, body: { message: 'Channel not found' } });
      expect(await ari('GET', '/bridges/nope')).toEqual({ status: 404, body: { message: 'Bridge not found' } });
      expect(await ari('DELETE', '/playbacks/nope')).toEqual({ status: 404, body: { message: 'Playback not found' } });
      expect(await ari('POST', `/channels/${caller.channelId}/mute?direction=sideways`)).toEqual({
        status: 400,
        body: { message: 'Invalid direction specified' },
      });
      expect(await ari('POST', `/bridges/${bridge.id}/addChannel?channel=nope`)).toEqual({
        status: 400,
        body: { message: 'Channel not found' },
      });
      expect(await ari('POST', `/bridges/${bridge.id}/removeChannel?channel=${caller.channelId}`)).toEqual({
        status: 422,
        body: { message: 'Channel not in this bridge' },
      });
      expect(await ari('POST', '/bridges?type=karaoke')).toEqual({ status: 400, body: { message: 'Invalid bridge type' } });
      expect(await ari('POST', `/bridges?bridgeId=${bridge.id}`)).toMatchObject({ status: 409 });
      expect((await ari('PUT', `/channels/${caller.channelId}`)).status).toBe(405);
      expect((await ari('GET', '/endpoints')).status).toBe(404);
    } finally {
      ari2.client.stop();
    }
  });

  it('plays media given as repeated parameters and answers 201 with the queued playback', async () => {
    const ari2 = await connectStockClient(sim);
    try {
      const caller = sim.dial('22334455');
      await ari2.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
      const played = await ari('POST', `/channels/${caller.channelId}/play/pb-7?media=sound:conf-getpin&media=digits:12`);
      expect(played).toMatchObject({
        status: 201,
        body: { id: 'pb-7', state: 'queued', target_uri: `channel:${caller.channelId}`, next_media_uri: 'digits:12' },
      });
      await caller.waitForMedia('digits:12');
      expect(caller.heard()).toEqual([
        { media: 'sound:conf-getpin', language: 'en' },
        { media: 'digits:12', language: 'en' },
      ]);
    } finally {
      ari2.client.stop();
    }
  });

  it('sends a caller to the all-busy fallback and hangs up when no application is connected', async () => {
    const caller = sim.dial('22334455', { callerId: '4791234567' });
    await caller.waitForHangup();
    expect(caller.heard()).toEqual(SERVICE_UNAVAILABLE_MEDIA.map((media) => ({ media, language: 'en' })));
    expect(await ari('GET', `/channels/${caller.channelId}`)).toMatchObject({ status: 404 });
  });

  it('does not let a fallback call into Stasis: the app cannot act on it (409)', async () => {
    const slow = await startSimulator({ timeScale: 1, mediaDurationMs: () => 60_000 });
    try {
      const caller = slow.dial('22334455');
      const response = await fetch(`${slow.url}/ari/channels/${caller.channelId}/answer`, {
        method: 'POST',
        headers: { Authorization: basicAuth('kvorum', 'secret') },
      });
      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({ message: 'Channel not in Stasis application' });
    } finally {
      await slow.close();
    }
  });

  it('scales simulated time: at 0.001 a 200-second prompt is over in 0.2 s, at 1 it is still playing', async () => {
    const prompts = { mediaDurationMs: () => 200_000 };
    const fast = await startSimulator({ timeScale: 0.001, ...prompts });
    const real = await startSimulator({ timeScale: 1, ...prompts });
    const fastAri = await connectStockClient(fast);
    const realAri = await connectStockClient(real);
    try {
      for (const [s, client] of [
        [fast, fastAri],
        [real, realAri],
      ] as const) {
        const caller = s.dial('22334455');
        await client.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
        await client.client.channels.play!({ channelId: caller.channelId, media: 'sound:conf-getpin', playbackId: 'long' });
      }
      await fastAri.waitForEvent((e) => e.type === 'PlaybackFinished', 'the fast prompt to finish', 5000);
      await realAri.waitForEvent((e) => e.type === 'PlaybackStarted', 'the real-time prompt to start');
      expect(await realAri.client.playbacks.get!({ playbackId: 'long' })).toMatchObject({ state: 'playing' });
    } finally {
      fastAri.client.stop();
      realAri.client.stop();
      await fast.close();
      await real.close();
    }
  });
});
