import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../index';
import { connectStockClient, rejectionBody, type ConnectedClient } from './stock-client';

const auth = { Authorization: `Basic ${Buffer.from('kvorum:secret').toString('base64')}` };

describe('faults on demand', () => {
  let sim: Simulator;
  let ari: ConnectedClient;

  beforeEach(async () => {
    sim = await startSimulator({ timeScale: 0.001 });
    ari = await connectStockClient(sim);
  });
  afterEach(async () => {
    ari.client.stop();
    await sim.close();
  });

  async function callInStasis() {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === caller.channelId, 'StasisStart');
    return caller;
  }

  it('drops the event sockets: calls stay, events during the gap are lost, ari-client reconnects and events resume', async () => {
    const caller = await callInStasis();
    sim.faults.dropWebSockets();
    expect(sim.connectedApps()).toEqual([]);
    await caller.press('5');
    await ari.waitForConnections(2);
    await caller.press('7');
    await ari.waitForEvent((e) => e.type === 'ChannelDtmfReceived' && e.digit === '7', 'a digit after the reconnect');

    expect(caller.state).toBe('ring');
    expect(ari.events.filter((e) => e.type === 'ChannelDtmfReceived').map((e) => e.digit)).toEqual(['7']);
  });

  it('refuses connections for a while (ECONNREFUSED), then serves the same calls again', async () => {
    const caller = await callInStasis();
    sim.faults.refuseConnections(300);

    const refused = await fetch(`${sim.url}/ari/channels`, { headers: auth }).catch(
      (error: Error & { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    await ari.waitForConnections(2);
    const channels = (await (await fetch(`${sim.url}/ari/channels`, { headers: auth })).json()) as { id: string }[];
    expect(channels.map((c) => c.id)).toEqual([caller.channelId]);
  });

  it('restarts Asterisk: every call and bridge is gone without a word to the app', async () => {
    const caller = await callInStasis();
    await ari.client.bridges.createWithId!({ bridgeId: 'conf-1', type: 'mixing' });
    const eventsBefore = ari.events.length;
    sim.faults.restart(100);

    await ari.waitForConnections(2);
    expect(caller.state).toBe('hungup');
    expect(await rejectionBody(ari.client.channels.get!({ channelId: caller.channelId }))).toEqual({ message: 'Channel not found' });
    expect(await ari.client.bridges.list!()).toEqual([]);
    expect(ari.events.length).toBe(eventsBefore);
  });

  it('delays a request: Asterisk acts on it only after the delay', async () => {
    const caller = await callInStasis();
    sim.faults.delayRequests({ method: 'POST', path: /\/answer$/ }, 150, 1);
    const answering = ari.client.channels.answer!({ channelId: caller.channelId });
    await ari.client.asterisk.ping!();
    expect(caller.state).toBe('ring');
    await answering;
    expect(caller.state).toBe('up');
  });

  it('hangs a request: it is never answered and never acted on; the next one is served', async () => {
    const caller = await callInStasis();
    sim.faults.hangRequests({ path: /\/answer/ }, 1);
    const hung = await fetch(`${sim.url}/ari/channels/${caller.channelId}/answer`, {
      method: 'POST',
      headers: auth,
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error.name);
    expect(hung).toBe('TimeoutError');
    expect(caller.state).toBe('ring');

    await ari.client.channels.answer!({ channelId: caller.channelId });
    expect(caller.state).toBe('up');
  });

  it('finds the channel gone on the next matching request: 404, and the caller has hung up with the usual events', async () => {
    const caller = await callInStasis();
    sim.faults.goneOnNext({ path: /\/play/ });
    const body = await rejectionBody(ari.client.channels.play!({ channelId: caller.channelId, media: 'sound:conf-getpin' }));

    expect(body).toEqual({ message: 'Channel not found' });
    expect(caller.state).toBe('hungup');
    await ari.waitForEvent((e) => e.type === 'ChannelDestroyed', 'ChannelDestroyed');
    expect(ari.typesFor(caller.channelId)).toEqual(['StasisStart', 'ChannelHangupRequest', 'StasisEnd', 'ChannelDestroyed']);
  });

  it('clears faults', async () => {
    const caller = await callInStasis();
    sim.faults.hangRequests({ path: /\/answer/ });
    sim.faults.clear();
    await ari.client.channels.answer!({ channelId: caller.channelId });
    expect(caller.state).toBe('up');
  });
});

describe('an event type ari-client does not know (undeclared in the API docs)', () => {
  let sim: Simulator;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeEach(async () => {
    sim = await startSimulator({ timeScale: 0.001 });
  });
  afterEach(async () => {
    child?.kill();
    await sim.close();
  });

  function startClientProcess(mode: 'bare' | 'guarded') {
    const script = fileURLToPath(new URL('./fixtures/stock-client-process.ts', import.meta.url));
    const proc = spawn(process.execPath, ['--import', 'tsx', script, sim.url, sim.username, sim.password, mode]);
    child = proc;
    const lines: Record<string, unknown>[] = [];
    const waiters = new Set<() => void>();
    createInterface({ input: proc.stdout }).on('line', (line) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
      for (const waiter of [...waiters]) waiter();
    });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const nextLine = (predicate: (line: Record<string, unknown>) => boolean, description: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`client process never said ${description}; stderr: ${stderr}`)), 10_000);
        const check = () => {
          const found = lines.find(predicate);
          if (!found) return;
          lines.splice(lines.indexOf(found), 1);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        waiters.add(check);
        check();
      });
    return { proc, exited, nextLine, stderr: () => stderr };
  }

  it('crashes a process that has no safety net', async () => {
    const client = startClientProcess('bare');
    await client.nextLine((l) => l.ready === true, 'ready');
    sim.faults.sendUnknownEvent();

    expect(await client.exited).not.toBe(0);
    expect(client.stderr()).toMatch(/TypeError: Cannot read properties of undefined \(reading 'properties'\)/);
  });

  it('with the crash caught, silently stops all later event delivery on that socket while REST still works', async () => {
    const client = startClientProcess('guarded');
    await client.nextLine((l) => l.ready === true, 'ready');

    sim.dial('22334455');
    client.proc.stdin.write('check\n');
    expect(await client.nextLine((l) => 'channels' in l, 'a check')).toEqual({ channels: 1, stasisStarts: 1 });

    sim.faults.sendUnknownEvent('kvorum');
    expect(await client.nextLine((l) => 'uncaught' in l, 'the uncaught error')).toEqual({
      uncaught: "Cannot read properties of undefined (reading 'properties')",
    });
    sim.dial('22334455');
    client.proc.stdin.write('check\n');
    expect(await client.nextLine((l) => 'channels' in l, 'a second check')).toEqual({ channels: 2, stasisStarts: 1 });
    expect(sim.connectedApps()).toEqual(['kvorum']);
  });
});
