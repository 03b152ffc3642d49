import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../index';
import { connectStockClient, type ConnectedClient } from './stock-client';

describe('the /sim control API', () => {
  let sim: Simulator;
  let ari: ConnectedClient;
  let control: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

  beforeEach(async () => {
    sim = await startSimulator({ timeScale: 0.001 });
    ari = await connectStockClient(sim);
    control = async (method, path, body) => {
      const response = await fetch(`${sim.url}/sim${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    };
  });
  afterEach(async () => {
    ari.client.stop();
    await sim.close();
  });

  it('dials, presses keys, shows what the caller experienced, and hangs up', async () => {
    const dialled = await control('POST', '/calls', { accessNumber: '22334455', callerId: '4791234567' });
    expect(dialled.status).toBe(201);
    const { channelId } = dialled.body as { channelId: string };
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    await ari.client.channels.ring!({ channelId });
    await sim.caller(channelId)!.waitUntil((c) => c.isRinging(), 'hear ringback');
    expect(await control('GET', `/calls/${channelId}`)).toMatchObject({ status: 200, body: { state: 'ring', ringing: true, heard: [] } });
    await ari.client.channels.answer!({ channelId });
    await ari.client.channels.play!({ channelId, media: 'sound:conf-getpin' });
    await sim.caller(channelId)!.waitForMedia('sound:conf-getpin');

    expect((await control('POST', `/calls/${channelId}/dtmf`, { digits: '12#', gapMs: 0 })).status).toBe(204);
    expect(ari.events.filter((e) => e.type === 'ChannelDtmfReceived').map((e) => e.digit)).toEqual(['1', '2', '#']);
    expect(await control('GET', `/calls/${channelId}`)).toEqual({
      status: 200,
      body: {
        channelId,
        callerId: '4791234567',
        accessNumber: '22334455',
        state: 'up',
        hangupCause: null,
        answered: true,
        ringing: false,
        heard: [{ media: 'sound:conf-getpin', language: 'en' }],
        keysReceived: [],
        recordings: [],
        bridgeId: null,
        bridgeType: null,
        muted: false,
        moh: false,
      },
    });

    expect((await control('DELETE', `/calls/${channelId}`)).status).toBe(204);
    await ari.waitForEvent((e) => e.type === 'StasisEnd', 'StasisEnd');
    expect(((await control('GET', '/calls')).body as { state: string }[]).map((c) => c.state)).toEqual(['hungup']);
  });

  it('rejects bad input and unknown calls', async () => {
    expect(await control('POST', '/calls', { callerId: '1' })).toMatchObject({ status: 400 });
    expect(await control('POST', '/calls/nope/dtmf', { digits: '1' })).toEqual({ status: 404, body: { message: 'Call not found' } });
    expect(await control('POST', '/faults/earthquake')).toMatchObject({ status: 404 });
  });

  it('injects faults: a hung request, dropped event sockets', async () => {
    const { channelId } = (await control('POST', '/calls', { accessNumber: '22334455' })).body as { channelId: string };
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    expect((await control('POST', '/faults/hang-requests', { path: '/answer$', count: 1 })).status).toBe(204);
    const hung = await fetch(`${sim.url}/ari/channels/${channelId}/answer?api_key=kvorum:secret`, {
      method: 'POST',
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error.name);
    expect(hung).toBe('TimeoutError');
    expect((await control('POST', '/faults/drop-websockets')).status).toBe(204);
    await ari.waitForConnections(2);
    expect(await control('GET', '/apps')).toEqual({ status: 200, body: ['kvorum'] });
  });

  it("measures the time from a completed key input to the bridge's next request about that caller", async () => {
    const { channelId } = (await control('POST', '/calls', { accessNumber: '22334455' })).body as { channelId: string };
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    expect(await control('GET', '/latency')).toEqual({ status: 200, body: { count: 0, p50: null, p99: null, max: null } });

    await control('POST', `/calls/${channelId}/dtmf`, { digits: '1234#' });
    await ari.client.channels.play!({ channelId, media: 'sound:conf-invalidpin' });
    await ari.client.channels.play!({ channelId, media: 'sound:conf-getpin' });

    const latency = (await control('GET', '/latency')).body as { count: number; p50: number; max: number };
    expect(latency.count).toBe(1);
    expect(latency.p50).toBeGreaterThan(0);
    expect(latency.max).toBe(latency.p50);

    await control('POST', '/latency/reset');
    expect(((await control('GET', '/latency')).body as { count: number }).count).toBe(0);
  });

  it('does not count a channel variable as the reaction: the caller hears nothing of it', async () => {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    await caller.press('*6');
    await ari.client.channels.setChannelVar!({ channelId: caller.channelId, variable: 'KVORUM_STATE', value: 'muted=1' });
    expect(sim.latency().count).toBe(0);
    await ari.client.channels.mute!({ channelId: caller.channelId, direction: 'in' });
    expect(sim.latency().count).toBe(1);
  });

  it('counts a bridge playback as the reaction to the member who pressed last', async () => {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    await ari.client.bridges.createWithId!({ bridgeId: 'conf-1', type: 'mixing,dtmf_events' });
    await ari.client.bridges.addChannel!({ bridgeId: 'conf-1', channel: caller.channelId });
    await caller.press('*5');
    await ari.client.bridges.play!({ bridgeId: 'conf-1', media: 'sound:conf-lockednow' });
    expect(sim.latency().count).toBe(1);
  });
});

describe('the standalone simulator (npm run sim)', () => {
  it('starts on the requested port and serves ARI and the control API', async () => {
    const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const proc = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--time-scale', '0.001', '--password', 'pw']);
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: proc.stdout }).once('line', resolve);
        proc.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
      });
      const { url } = JSON.parse(firstLine) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const info = await fetch(`${url}/ari/asterisk/info`, {
        headers: { Authorization: `Basic ${Buffer.from('kvorum:pw').toString('base64')}` },
      });
      expect(info.status).toBe(200);
      const dialled = await fetch(`${url}/sim/calls`, { method: 'POST', body: JSON.stringify({ accessNumber: '22334455' }) });
      expect(dialled.status).toBe(201);
      const { channelId } = (await dialled.json()) as { channelId: string };
      // No app is connected: the caller gets the all-busy fallback.
      expect(((await (await fetch(`${url}/sim/calls/${channelId}`)).json()) as { heard: unknown[] }).heard).toEqual([
        { media: 'sound:all-circuits-busy-now', language: 'en' },
        { media: 'sound:please-try-call-later', language: 'en' },
      ]);
    } finally {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    }
  });
});
