import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, UNDECLARED_EVENT_TYPE } from '../../simulator';
import type { SimCaller, Simulator } from '../../simulator/types';
import { createAriTelephony, type AriTelephony } from '../../src/adapters/ari/create-ari-telephony';
import { ChannelGoneError, TelephonyError, type IncomingCall, type TelephonyListener } from '../../src/app/ports/telephony';
import { createLogger } from '../../src/logger';

/** What the adapter told the app, in order. */
type Heard =
  | { kind: 'callArrived'; call: IncomingCall }
  | { kind: 'digitPressed'; channelId: string; digit: string }
  | { kind: 'callEnded'; channelId: string }
  | { kind: 'playbackFinished'; playbackId: string }
  | { kind: 'recordingEnded'; recording: string; seconds: number | null }
  | { kind: 'connectionChanged'; connected: boolean };

/** A listener that records everything and lets a test wait for what it expects. */
function createRecordingListener(misbehave: Partial<TelephonyListener> = {}) {
  const heard: Heard[] = [];
  const wakeUps = new Set<() => void>();
  const record = (entry: Heard) => {
    heard.push(entry);
    for (const wake of wakeUps) wake();
  };
  const listener: TelephonyListener = {
    callArrived(call) {
      record({ kind: 'callArrived', call });
      return misbehave.callArrived?.(call);
    },
    digitPressed(channelId, digit, at) {
      record({ kind: 'digitPressed', channelId, digit });
      // Handed back so that an async listener's rejection reaches the adapter, as it would in the app.
      return misbehave.digitPressed?.(channelId, digit, at);
    },
    callEnded: (channelId) => record({ kind: 'callEnded', channelId }),
    playbackFinished: (playbackId) => record({ kind: 'playbackFinished', playbackId }),
    recordingEnded: (recording, seconds) => record({ kind: 'recordingEnded', recording, seconds }),
    connectionChanged: (connected) => record({ kind: 'connectionChanged', connected }),
  };

  /** Resolves once `holds(heard)` is true; fails after `timeoutMs` naming what was awaited. */
  function waitFor(holds: (heard: readonly Heard[]) => boolean, description: string, timeoutMs = 3_000): Promise<void> {
    if (holds(heard)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        wakeUps.delete(check);
        reject(new Error(`timed out waiting for ${description}; heard ${JSON.stringify(heard)}`));
      }, timeoutMs);
      const check = () => {
        if (!holds(heard)) return;
        clearTimeout(timer);
        wakeUps.delete(check);
        resolve();
      };
      wakeUps.add(check);
    });
  }

  const arrivalOf = (channelId: string) =>
    heard.find(
      (entry): entry is Extract<Heard, { kind: 'callArrived' }> => entry.kind === 'callArrived' && entry.call.channelId === channelId,
    )?.call;
  const count = (predicate: (entry: Heard) => boolean) => heard.filter(predicate).length;

  return {
    listener,
    heard,
    waitFor,
    arrivalOf,
    count,
    waitForArrival: (caller: SimCaller) =>
      waitFor((all) => all.some((e) => e.kind === 'callArrived' && e.call.channelId === caller.channelId), `${caller.channelId} to arrive`),
    waitForConnections: (n: number) =>
      waitFor((all) => all.filter((e) => e.kind === 'connectionChanged' && e.connected).length >= n, `connection number ${n}`),
  };
}

/** Log lines the adapter wrote, parsed. */
function createLogCapture() {
  const lines: Array<{ msg: string; [field: string]: unknown }> = [];
  const logger = createLogger('trace', { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const accessNumber = '4721000000';
const requestTimeoutMs = 300;

describe('the ARI adapter against the ARI simulator', () => {
  let sim: Simulator | undefined;
  let ari: AriTelephony | undefined;

  afterEach(async () => {
    await ari?.stop();
    await sim?.close();
    ari = undefined;
    sim = undefined;
  });

  async function connect(options: { misbehave?: Partial<TelephonyListener>; simulator?: Simulator } = {}) {
    const simulator = options.simulator ?? (await startSimulator({ timeScale: 0.001 }));
    sim = simulator;
    const recorder = createRecordingListener(options.misbehave);
    const logs = createLogCapture();
    const adapter = createAriTelephony({
      url: simulator.url,
      username: simulator.username,
      password: simulator.password,
      app: 'kvorum',
      requestTimeoutMs,
      logger: logs.logger,
      listener: recorder.listener,
      backoff: { initialMs: 5, maxMs: 20 },
      heartbeatIntervalMs: 1_000,
    });
    ari = adapter;
    await adapter.start();
    return { sim: simulator, ari: adapter, telephony: adapter.telephony, recorder, logs };
  }

  describe('a caller dialling in', () => {
    it('reaches the app with the access number dialled and the caller number', async () => {
      const { sim, recorder, ari } = await connect();
      expect(ari.isConnected()).toBe(true);

      const caller = sim.dial(accessNumber, { callerId: '4791234567' });
      await recorder.waitForArrival(caller);

      expect(recorder.arrivalOf(caller.channelId)).toMatchObject({
        channelId: caller.channelId,
        dialledNumber: accessNumber,
        callerNumber: '4791234567',
      });
    });

    it('with a withheld number arrives with no caller number', async () => {
      const { sim, recorder } = await connect();

      const caller = sim.dial(accessNumber, { callerId: null });
      await recorder.waitForArrival(caller);

      expect(recorder.arrivalOf(caller.channelId)?.callerNumber).toBeNull();
    });

    it('has each key press reported in order, and the hang-up reported once', async () => {
      const { sim, recorder, telephony } = await connect();
      const caller = sim.dial(accessNumber, { callerId: '4791234567' });
      await recorder.waitForArrival(caller);
      await telephony.answer(caller.channelId);

      await caller.press('12*#');
      await recorder.waitFor((all) => all.filter((e) => e.kind === 'digitPressed').length === 4, 'four key presses');
      await caller.hangUp();
      await recorder.waitFor((all) => all.some((e) => e.kind === 'callEnded'), 'the hang-up');

      const digits = recorder.heard.flatMap((e) => (e.kind === 'digitPressed' && e.channelId === caller.channelId ? [e.digit] : []));
      expect(digits).toEqual(['1', '2', '*', '#']);
      // StasisEnd, ChannelHangupRequest and ChannelDestroyed all mean the same end.
      await caller.waitForHangup();
      expect(recorder.count((e) => e.kind === 'callEnded' && e.channelId === caller.channelId)).toBe(1);
    });
  });

  describe('commands change what callers experience', () => {
    it('a caller is answered, hears the prompt in the language asked for, and the app learns when it finished', async () => {
      const { sim, recorder, telephony } = await connect();
      const caller = sim.dial(accessNumber, { callerId: '4791234567' });
      await recorder.waitForArrival(caller);

      await telephony.answer(caller.channelId);
      await telephony.play(caller.channelId, ['sound:kvorum/code-enter', 'sound:kvorum/code-english-offer'], 'pb-welcome', 'nb');

      await caller.waitForMedia('sound:kvorum/code-english-offer');
      expect(caller.state).toBe('up');
      expect(caller.heard()).toEqual([
        { media: 'sound:kvorum/code-enter', language: 'nb' },
        { media: 'sound:kvorum/code-english-offer', language: 'nb' },
      ]);
      await recorder.waitFor(
        (all) => all.some((e) => e.kind === 'playbackFinished' && e.playbackId === 'pb-welcome'),
        'the prompt to finish',
      );
    });

    it('callers in a mixing bridge hear each other; a muted one is no longer heard', async () => {
      const { sim, recorder, telephony } = await connect();
      const leader = sim.dial(accessNumber, { callerId: '4790000001' });
      const guest = sim.dial(accessNumber, { callerId: '4790000002' });
      await recorder.waitForArrival(leader);
      await recorder.waitForArrival(guest);
      await telephony.answer(leader.channelId);
      await telephony.answer(guest.channelId);

      await telephony.createBridge('br-meeting', 'mixing', 'meeting');
      await telephony.addToBridge('br-meeting', leader.channelId, { muted: false });
      await telephony.addToBridge('br-meeting', guest.channelId, { muted: false });
      expect(guest.bridgeId()).toBe('br-meeting');
      expect(sim.canHear(leader, guest)).toBe(true);
      expect(sim.canHear(guest, leader)).toBe(true);

      await telephony.setMuted(guest.channelId, true);
      expect(guest.isMuted()).toBe(true);
      expect(sim.canHear(leader, guest)).toBe(false);
      expect(sim.canHear(guest, leader)).toBe(true);

      await telephony.setMuted(guest.channelId, false);
      expect(sim.canHear(leader, guest)).toBe(true);

      // A bridge playback is in the language asked for, not the announcer's default.
      await telephony.playToBridge('br-meeting', ['sound:kvorum/tone-join'], 'pb-join', 'nb');
      await leader.waitForMedia('sound:kvorum/tone-join');
      await guest.waitForMedia('sound:kvorum/tone-join');
      expect(guest.heard().at(-1)).toEqual({ media: 'sound:kvorum/tone-join', language: 'nb' });

      await telephony.removeFromBridge('br-meeting', guest.channelId);
      expect(guest.bridgeId()).toBeNull();
      expect(sim.canHear(leader, guest)).toBe(false);
    });

    it('a caller can join muted and be unmuted later, and a waiting caller hears music in a holding bridge', async () => {
      const { sim, recorder, telephony } = await connect();
      const listener = sim.dial(accessNumber, { callerId: '4790000003' });
      const waiter = sim.dial(accessNumber, { callerId: '4790000004' });
      await recorder.waitForArrival(listener);
      await recorder.waitForArrival(waiter);

      await telephony.createBridge('br-room', 'mixing', 'room');
      await telephony.addToBridge('br-room', listener.channelId, { muted: true });
      expect(listener.isMuted()).toBe(true);
      await telephony.setMuted(listener.channelId, false);
      expect(listener.isMuted()).toBe(false);

      await telephony.createBridge('br-lobby', 'holding', 'lobby');
      await telephony.addToBridge('br-lobby', waiter.channelId, { muted: false });
      expect(waiter.bridgeType()).toBe('holding');
      expect(waiter.hasMusicOnHold()).toBe(true);

      await telephony.destroyBridge('br-lobby');
      expect(waiter.bridgeId()).toBeNull();
    });

    it('puts a caller in a bridge without a mute request when the channel already has that mute', async () => {
      const { sim, recorder, telephony } = await connect();
      const mutes: string[] = [];
      sim.onRequest(({ method, path }) => {
        if (path.includes('/mute')) mutes.push(method);
      });
      const caller = sim.dial(accessNumber, { callerId: '4790000009' });
      await recorder.waitForArrival(caller);
      await telephony.createBridge('br-hold', 'holding', 'hold');
      await telephony.createBridge('br-talk', 'mixing', 'talk');

      await telephony.addToBridge('br-hold', caller.channelId, { muted: false });
      expect(mutes).toEqual([]);
      await telephony.removeFromBridge('br-hold', caller.channelId);
      await telephony.addToBridge('br-talk', caller.channelId, { muted: true });
      expect(caller.isMuted()).toBe(true);
      await telephony.removeFromBridge('br-talk', caller.channelId);
      await telephony.addToBridge('br-talk', caller.channelId, { muted: true });
      expect(mutes).toEqual(['POST']);
      await telephony.setMuted(caller.channelId, false);
      await telephony.removeFromBridge('br-talk', caller.channelId);
      await telephony.addToBridge('br-talk', caller.channelId, { muted: false });
      expect(mutes).toEqual(['POST', 'DELETE']);
      expect(caller.isMuted()).toBe(false);
    });

    it('a prompt can be cut short, and stopping one that already ended is fine', async () => {
      const slowPrompts = await startSimulator({ timeScale: 1, mediaDurationMs: () => 60_000 });
      const { sim, recorder, telephony } = await connect({ simulator: slowPrompts });
      const caller = sim.dial(accessNumber, { callerId: '4790000005' });
      await recorder.waitForArrival(caller);

      await telephony.play(caller.channelId, ['sound:conf-getpin'], 'pb-long', 'en');
      await telephony.stopPlayback('pb-long');
      await recorder.waitFor(
        (all) => all.some((e) => e.kind === 'playbackFinished' && e.playbackId === 'pb-long'),
        'the stopped prompt to finish',
      );

      await expect(telephony.stopPlayback('pb-long')).resolves.toBeUndefined();
    });

    it('roles stored on a channel can be read back for a resync', async () => {
      const { sim, recorder, telephony, ari } = await connect();
      const caller = sim.dial(accessNumber, { callerId: '4790000006' });
      await recorder.waitForArrival(caller);

      await telephony.setChannelVar(caller.channelId, 'KVORUM_ROLE', 'leader');
      await telephony.createBridge('br-resync', 'mixing', 'resync');
      await telephony.addToBridge('br-resync', caller.channelId, { muted: false });

      expect(caller.channelVar('KVORUM_ROLE')).toBe('leader');
      expect(await ari.resync.getChannelVars(caller.channelId, ['KVORUM_ROLE', 'KVORUM_LEG'])).toEqual({
        KVORUM_ROLE: 'leader',
        KVORUM_LEG: null,
      });
      expect(await ari.resync.listBridges()).toContainEqual({
        bridgeId: 'br-resync',
        kind: 'mixing',
        name: 'resync',
        channelIds: [caller.channelId],
      });
      expect(await ari.resync.listAppChannelIds()).toContain(caller.channelId);
      expect(await ari.resync.listChannels()).toContainEqual({
        channelId: caller.channelId,
        state: expect.any(String),
        callerNumber: '4790000006',
      });
    });

    it('hanging a caller up ends the call', async () => {
      const { sim, recorder, telephony } = await connect();
      const caller = sim.dial(accessNumber, { callerId: '4790000007' });
      await recorder.waitForArrival(caller);

      await telephony.hangup(caller.channelId);

      await caller.waitForHangup();
      await recorder.waitFor((all) => all.some((e) => e.kind === 'callEnded' && e.channelId === caller.channelId), 'the call to end');
    });
  });

  describe('a recorded name', () => {
    const NAME = 'kvorum-names/kvorum/leg-1';

    it('is recorded after the beep until #, reported with its length, played back, listed and deleted', async () => {
      const { sim, recorder, telephony, ari } = await connect();
      const caller = sim.dial(accessNumber, { callerId: '4790000021' });
      await recorder.waitForArrival(caller);
      await telephony.answer(caller.channelId);
      await telephony.recordName(caller.channelId, NAME, { maxSeconds: 3 });
      await caller.waitUntil((c) => c.isBeingRecorded(), 'be recorded');
      expect(caller.heard().map((item) => item.media)).toEqual(['sound:beep']);
      await caller.press('#');
      await recorder.waitFor((all) => all.some((e) => e.kind === 'recordingEnded' && e.recording === NAME), 'the recording to end');
      expect(recorder.heard.find((e) => e.kind === 'recordingEnded')).toEqual({
        kind: 'recordingEnded',
        recording: NAME,
        seconds: expect.any(Number),
      });

      expect(await ari.resync.listStoredRecordings()).toEqual([NAME]);
      await telephony.play(caller.channelId, [`recording:${NAME}`], 'pb-name', 'en');
      await caller.waitForMedia(`recording:${NAME}`);
      await telephony.deleteRecording(NAME);
      expect(await ari.resync.listStoredRecordings()).toEqual([]);
      // Gone already: not an error.
      await telephony.deleteRecording(NAME);
      await telephony.cancelRecording(NAME);
    });

    it('stops at its maximum length; a recording refused by Asterisk is reported as failed', async () => {
      const { sim, recorder, telephony } = await connect();
      const caller = sim.dial(accessNumber, { callerId: '4790000022' });
      await recorder.waitForArrival(caller);
      await telephony.answer(caller.channelId);
      await telephony.recordName(caller.channelId, NAME, { maxSeconds: 3 });
      await recorder.waitFor((all) => all.some((e) => e.kind === 'recordingEnded' && e.seconds === 3), 'the maximum');

      await telephony.createBridge('br-1', 'mixing', 'kvorum-test');
      await telephony.addToBridge('br-1', caller.channelId, { muted: false });
      await telephony.recordName(caller.channelId, 'in-a-bridge', { maxSeconds: 3 });
      await recorder.waitFor(
        (all) => all.some((e) => e.kind === 'recordingEnded' && e.recording === 'in-a-bridge' && e.seconds === null),
        'the failure',
      );
    });
  });

  describe('faults', () => {
    it('a command for a caller who just hung up fails with ChannelGoneError', async () => {
      const { sim, recorder, telephony } = await connect();
      const caller = sim.dial(accessNumber, { callerId: '4790000008' });
      await recorder.waitForArrival(caller);

      sim.faults.goneOnNext({ path: /\/answer/ });
      const answering = telephony.answer(caller.channelId);

      await expect(answering).rejects.toBeInstanceOf(ChannelGoneError);
      await expect(answering).rejects.toMatchObject({ channelId: caller.channelId, code: 'not-found' });
      await recorder.waitFor((all) => all.some((e) => e.kind === 'callEnded' && e.channelId === caller.channelId), 'the call to end');
      await expect(telephony.play(caller.channelId, ['sound:beep'], 'pb-late', 'en')).rejects.toBeInstanceOf(ChannelGoneError);
    });

    it('a request Asterisk never answers fails with a timeout, and the next one works', async () => {
      const { sim, recorder, telephony } = await connect();
      const caller = sim.dial(accessNumber, { callerId: '4790000009' });
      await recorder.waitForArrival(caller);

      sim.faults.hangRequests({ path: /\/play/ }, 1);
      const playing = telephony.play(caller.channelId, ['sound:conf-getpin'], 'pb-stuck', 'en');

      await expect(playing).rejects.toBeInstanceOf(TelephonyError);
      await expect(playing).rejects.toMatchObject({ code: 'timeout' });
      await telephony.play(caller.channelId, ['sound:conf-getpin'], 'pb-next', 'en');
      await caller.waitForMedia('sound:conf-getpin');
    });

    it('asks Asterisk for only the event types it reads, again on every connection', async () => {
      const simulator = await startSimulator({ timeScale: 0.001 });
      const filters: unknown[] = [];
      simulator.onRequest(({ method, path }) => {
        if (method === 'PUT' && path === '/ari/applications/kvorum/eventFilter') filters.push(path);
      });
      const { sim, recorder } = await connect({ simulator });
      const allowedTypes = async () => {
        const response = await fetch(`${sim.url}/ari/applications/kvorum?api_key=${sim.username}:${sim.password}`);
        const application = (await response.json()) as { events_allowed: Array<{ type: string }> };
        return application.events_allowed.map((event) => event.type).sort();
      };
      await expect
        .poll(allowedTypes, { timeout: 3_000 })
        .toEqual([
          'ChannelDestroyed',
          'ChannelDtmfReceived',
          'ChannelHangupRequest',
          'PlaybackFinished',
          'RecordingFailed',
          'RecordingFinished',
          'StasisEnd',
          'StasisStart',
        ]);
      sim.faults.dropWebSockets();
      await recorder.waitForConnections(2);
      await expect.poll(() => filters.length, { timeout: 3_000 }).toBe(2);
    });

    it('after the event connection drops, it comes back and new callers arrive', async () => {
      const { sim, recorder, ari } = await connect();

      sim.faults.dropWebSockets();
      await recorder.waitFor((all) => all.some((e) => e.kind === 'connectionChanged' && !e.connected), 'the drop to be noticed');
      await recorder.waitForConnections(2);
      expect(ari.isConnected()).toBe(true);

      const caller = sim.dial(accessNumber, { callerId: '4790000010' });
      await recorder.waitForArrival(caller);
    });

    it('an outage longer than ari-client would wait out (10 tries) still ends in a reconnect', async () => {
      const { sim, recorder, logs } = await connect();

      sim.faults.refuseConnections(1_000);
      await recorder.waitFor((all) => all.some((e) => e.kind === 'connectionChanged' && !e.connected), 'the outage to be noticed');
      await recorder.waitForConnections(2);

      const attempts = logs.lines.filter((line) => line.msg === 'ARI events reconnect scheduled').length;
      expect(attempts).toBeGreaterThan(10);
      const caller = sim.dial(accessNumber, { callerId: '4790000011' });
      await recorder.waitForArrival(caller);
    });

    it('starting while Asterisk is unreachable connects once it is back', async () => {
      const unreachable = await startSimulator({ timeScale: 0.001 });
      sim = unreachable;
      unreachable.faults.refuseConnections(500);
      const { recorder, ari } = await connect({ simulator: unreachable });

      expect(ari.isConnected()).toBe(true);
      const caller = unreachable.dial(accessNumber, { callerId: '4790000012' });
      await recorder.waitForArrival(caller);
    });

    it('an event type ari-client does not know is ignored and later events still arrive', async () => {
      const { sim, recorder, logs } = await connect();

      sim.faults.sendUnknownEvent();
      const caller = sim.dial(accessNumber, { callerId: '4790000013' });

      await recorder.waitForArrival(caller);
      // It did reach the adapter (before the new caller, on the same socket).
      expect(logs.lines).toContainEqual(expect.objectContaining({ msg: 'ARI event ignored', type: UNDECLARED_EVENT_TYPE }));
    });

    it('a listener that throws does not stop events for this or any other caller', async () => {
      const { sim, recorder, telephony } = await connect({
        misbehave: {
          callArrived: () => {
            throw new Error('listener bug');
          },
          // A listener that rejects instead of returning: the adapter must survive that too.
          // eslint-disable-next-line @typescript-eslint/no-misused-promises
          digitPressed: async () => {
            throw new Error('async listener bug');
          },
        },
      });
      const first = sim.dial(accessNumber, { callerId: '4790000014' });
      await recorder.waitForArrival(first);
      await telephony.answer(first.channelId);
      await first.press('5');

      const second = sim.dial(accessNumber, { callerId: '4790000015' });
      await recorder.waitForArrival(second);
      await recorder.waitFor(
        (all) => all.some((e) => e.kind === 'digitPressed' && e.channelId === first.channelId),
        'the first caller’s key',
      );
    });
  });
});
