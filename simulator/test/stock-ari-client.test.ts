import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimCaller, type Simulator } from '../index';
import { connectStockClient, rejectionBody, type ConnectedClient } from './stock-client';

describe('the stock ari-client against the simulator', () => {
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

  it('connects, registers the app and receives StasisStart with the access number for a dialled caller', async () => {
    expect(sim.connectedApps()).toEqual(['kvorum']);
    const caller = sim.dial('22334455', { callerId: '4791234567' });

    const start = await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    expect(start).toMatchObject({
      application: 'kvorum',
      args: ['22334455'],
      channel: { id: caller.channelId, state: 'Ring', caller: { number: '4791234567' }, dialplan: { exten: '22334455' } },
    });
    expect(start.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(caller.state).toBe('ring');
  });

  it('answers, and plays several media as one playback whose items the caller hears in order', async () => {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    await ari.client.channels.answer!({ channelId: caller.channelId });
    expect(caller.state).toBe('up');

    const playback = (await ari.client.channels.play!({
      channelId: caller.channelId,
      media: ['sound:conf-getpin', 'digits:42'],
      playbackId: 'pb-1',
    })) as { id: string; state: string };
    expect(playback).toMatchObject({ id: 'pb-1', state: 'queued' });
    await ari.waitForEvent((e) => e.type === 'PlaybackFinished', 'PlaybackFinished');

    expect(caller.heard()).toEqual([
      { media: 'sound:conf-getpin', language: 'en' },
      { media: 'digits:42', language: 'en' },
    ]);
    expect(ari.typesFor(caller.channelId)).toEqual([
      'StasisStart',
      'ChannelStateChange',
      'PlaybackStarted',
      'PlaybackContinuing',
      'PlaybackStarted',
      'PlaybackFinished',
    ]);
    await expect(ari.client.playbacks.get!({ playbackId: 'pb-1' })).rejects.toThrow('Playback not found');
  });

  it('queues a second play behind the first, and stopping a playback ends it early', async () => {
    const slow = await startSimulator({ timeScale: 1, mediaDurationMs: () => 60_000 });
    const slowAri = await connectStockClient(slow);
    try {
      const caller = slow.dial('22334455');
      await slowAri.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
      await slowAri.client.channels.play!({ channelId: caller.channelId, media: 'sound:conf-getpin', playbackId: 'first' });
      await slowAri.client.channels.play!({ channelId: caller.channelId, media: 'sound:conf-onlyperson', playbackId: 'second' });
      await caller.waitForMedia('sound:conf-getpin');
      expect(await slowAri.client.playbacks.get!({ playbackId: 'second' })).toMatchObject({ state: 'queued' });

      await slowAri.client.playbacks.stop!({ playbackId: 'first' });
      await caller.waitForMedia('sound:conf-onlyperson');
      const finished = slowAri.events.filter((e) => e.type === 'PlaybackFinished').map((e) => (e.playback as { id: string }).id);
      expect(finished).toEqual(['first']);
    } finally {
      slowAri.client.stop();
      await slow.close();
    }
  });

  it('sends each DTMF digit at its end with its duration', async () => {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    await caller.press('12*#');
    await ari.waitForEvent((e) => e.type === 'ChannelDtmfReceived' && e.digit === '#', 'the # key');

    const digits = ari.events.filter((e) => e.type === 'ChannelDtmfReceived');
    expect(digits.map((e) => e.digit)).toEqual(['1', '2', '*', '#']);
    expect(digits[0]).toMatchObject({ duration_ms: 100, channel: { id: caller.channelId } });
  });

  it('holds a caller in a holding bridge, silent until the app starts music there, then moves it into a mixing conference where callers hear each other', async () => {
    const alice = sim.dial('22334455', { callerId: '4790000001' });
    const bob = sim.dial('22334455', { callerId: '4790000002' });
    await ari.waitForEvent((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === bob.channelId, 'both calls');
    await ari.client.channels.answer!({ channelId: alice.channelId });
    await ari.client.channels.answer!({ channelId: bob.channelId });

    const waiting = (await ari.client.bridges.create!({ type: 'holding', name: 'waiting' })) as { id: string; bridge_type: string };
    expect(waiting.bridge_type).toBe('holding');
    await ari.client.bridges.addChannel!({ bridgeId: waiting.id, channel: alice.channelId, role: 'participant' });
    expect(alice.bridgeType()).toBe('holding');
    expect(alice.hasMusicOnHold()).toBe(false);
    await ari.client.bridges.startMoh!({ bridgeId: waiting.id });
    expect(alice.hasMusicOnHold()).toBe(true);

    await ari.client.bridges.createWithId!({ bridgeId: 'conf-1', type: 'mixing,dtmf_events' });
    await ari.client.bridges.addChannel!({ bridgeId: 'conf-1', channel: [alice.channelId, bob.channelId], absorbDTMF: true });
    expect(alice.bridgeId()).toBe('conf-1');
    expect(alice.hasMusicOnHold()).toBe(false);
    expect(sim.canHear(alice, bob)).toBe(true);
    expect(sim.canHear(bob, alice)).toBe(true);
    expect(sim.bridges()).toEqual([
      { id: waiting.id, type: 'holding', channelIds: [] },
      { id: 'conf-1', type: 'mixing', channelIds: [alice.channelId, bob.channelId] },
    ]);
    expect(ari.typesFor(alice.channelId).filter((t) => t.includes('Bridge'))).toEqual([
      'ChannelEnteredBridge',
      'ChannelLeftBridge',
      'ChannelEnteredBridge',
    ]);

    await ari.client.bridges.play!({ bridgeId: 'conf-1', media: 'sound:confbridge-join' });
    await bob.waitForMedia('sound:confbridge-join');
    await alice.waitForMedia('sound:confbridge-join');
  });

  it('mutes a caller towards the conference (direction in) until unmuted; a caller joined muted stays muted', async () => {
    const alice = sim.dial('22334455');
    const bob = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === bob.channelId, 'both calls');
    for (const caller of [alice, bob]) await ari.client.channels.answer!({ channelId: caller.channelId });
    const conference = (await ari.client.bridges.create!({ type: 'mixing' })) as { id: string };
    await ari.client.bridges.addChannel!({ bridgeId: conference.id, channel: alice.channelId });
    await ari.client.bridges.addChannel!({ bridgeId: conference.id, channel: bob.channelId, mute: true });

    expect(bob.isMuted()).toBe(true);
    expect(sim.canHear(alice, bob)).toBe(false);

    await ari.client.channels.mute!({ channelId: alice.channelId, direction: 'in' });
    expect(alice.isMuted()).toBe(true);
    expect(sim.canHear(bob, alice)).toBe(false);
    await ari.client.channels.unmute!({ channelId: alice.channelId, direction: 'in' });
    expect(sim.canHear(bob, alice)).toBe(true);

    // Bridge mute is a bridge feature: the channel unmute does not lift it (as on Asterisk).
    await ari.client.channels.unmute!({ channelId: bob.channelId, direction: 'both' });
    expect(sim.canHear(alice, bob)).toBe(false);
  });

  it("hangs up in Asterisk's event order and answers 404 with a JSON body for the gone channel", async () => {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    const conference = (await ari.client.bridges.create!({ type: 'mixing' })) as { id: string };
    await ari.client.bridges.addChannel!({ bridgeId: conference.id, channel: caller.channelId });
    await ari.client.channels.play!({ channelId: caller.channelId, media: 'sound:conf-waitforleader' });
    await ari.waitForEvent((e) => e.type === 'PlaybackStarted', 'the prompt to start');

    await caller.hangUp();
    await ari.waitForEvent((e) => e.type === 'ChannelDestroyed', 'ChannelDestroyed');
    expect(ari.typesFor(caller.channelId).slice(-5)).toEqual([
      'ChannelHangupRequest',
      'PlaybackFinished',
      'ChannelLeftBridge',
      'StasisEnd',
      'ChannelDestroyed',
    ]);
    expect(await rejectionBody(ari.client.channels.answer!({ channelId: caller.channelId }))).toEqual({ message: 'Channel not found' });
    expect(caller.state).toBe('hungup');
  });

  it('hangs up a caller on request with a soft hangup request', async () => {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    await ari.client.channels.hangup!({ channelId: caller.channelId, reason: 'normal' });
    await caller.waitForHangup();
    expect(ari.events.find((e) => e.type === 'ChannelHangupRequest')).toMatchObject({ soft: true, cause: 16 });
    expect(ari.events.find((e) => e.type === 'ChannelDestroyed')).toMatchObject({ cause: 16, cause_txt: 'Normal Clearing' });
    expect(caller.hangupCause()).toBe(16);
  });

  it('refuses a caller not answered yet with congestion: cause 34, which the caller sees as a refusal before any answer', async () => {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    expect(caller.hangupCause()).toBeNull();
    await ari.client.channels.hangup!({ channelId: caller.channelId, reason: 'congestion' });
    await caller.waitForHangup();
    await ari.waitForEvent((e) => e.type === 'ChannelDestroyed', 'ChannelDestroyed');
    // Asterisk's text for cause 34 (main/causes.c).
    expect(ari.events.find((e) => e.type === 'ChannelHangupRequest')).toMatchObject({ soft: true, cause: 34 });
    expect(ari.events.find((e) => e.type === 'ChannelDestroyed')).toMatchObject({ cause: 34, cause_txt: 'Circuit/channel congestion' });
    expect(caller).toMatchObject({ state: 'hungup' });
    expect(caller.hangupCause()).toBe(34);
    expect(caller.wasAnswered()).toBe(false);
    expect(caller.heard()).toEqual([]);
  });

  it("keeps channel variables, reports them to the app, and lists the app's channels", async () => {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    await ari.client.channels.setChannelVar!({ channelId: caller.channelId, variable: 'KVORUM_ROLE', value: 'leader' });
    expect(await ari.client.channels.getChannelVar!({ channelId: caller.channelId, variable: 'KVORUM_ROLE' })).toEqual({ value: 'leader' });
    expect(caller.channelVar('KVORUM_ROLE')).toBe('leader');
    expect(ari.events.find((e) => e.type === 'ChannelVarset')).toMatchObject({ variable: 'KVORUM_ROLE', value: 'leader' });
    expect(await rejectionBody(ari.client.channels.getChannelVar!({ channelId: caller.channelId, variable: 'NOPE' }))).toEqual({
      message: 'Provided variable was not found',
    });
    expect(await ari.client.applications.get!({ applicationName: 'kvorum' })).toMatchObject({
      name: 'kvorum',
      channel_ids: [caller.channelId],
    });
    expect(await ari.client.asterisk.ping!()).toMatchObject({ ping: 'pong' });
  });

  it('destroys a bridge: its members leave it and stay in the application', async () => {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    const holding = (await ari.client.bridges.create!({ type: 'holding' })) as { id: string };
    await ari.client.bridges.addChannel!({ bridgeId: holding.id, channel: caller.channelId });
    await ari.client.bridges.destroy!({ bridgeId: holding.id });
    await ari.waitForEvent((e) => e.type === 'BridgeDestroyed', 'BridgeDestroyed');

    expect(caller.bridgeId()).toBeNull();
    expect(caller.hasMusicOnHold()).toBe(false);
    expect(caller.state).toBe('ring');
    expect(ari.events.map((e) => e.type).filter((t) => t.startsWith('Bridge') || t.includes('Bridge'))).toEqual([
      'BridgeCreated',
      'ChannelEnteredBridge',
      'ChannelLeftBridge',
      'BridgeDestroyed',
    ]);
  });

  it('sends an app only the event types its filter allows, as Asterisk does, until the filter is cleared', async () => {
    const allowed = [{ type: 'StasisStart' }, { type: 'PlaybackFinished' }];
    const application = await ari.client.applications.filter!({ applicationName: 'kvorum', filter: { allowed } });
    expect(application).toMatchObject({ name: 'kvorum', events_allowed: allowed, events_disallowed: [] });
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
    await ari.client.channels.answer!({ channelId: caller.channelId });
    await ari.client.channels.play!({ channelId: caller.channelId, media: 'sound:beep', playbackId: 'pb-f' });
    await ari.waitForEvent((e) => e.type === 'PlaybackFinished', 'PlaybackFinished');
    expect(ari.typesFor(caller.channelId)).toEqual(['StasisStart', 'PlaybackFinished']);

    await expect(ari.client.applications.filter!({ applicationName: 'kvorum', filter: { allowed: [{}] } })).rejects.toThrow(
      'Invalid format definition',
    );
    await ari.client.applications.filter!({ applicationName: 'kvorum', filter: { disallowed: [{ type: 'PlaybackFinished' }] } });
    expect(await ari.client.applications.get!({ applicationName: 'kvorum' })).toMatchObject({
      events_allowed: allowed,
      events_disallowed: [{ type: 'PlaybackFinished' }],
    });
    await ari.client.applications.filter!({ applicationName: 'kvorum' });
    await ari.client.channels.setChannelVar!({ channelId: caller.channelId, variable: 'X', value: '1' });
    await ari.waitForEvent((e) => e.type === 'ChannelVarset', 'ChannelVarset');
    await expect(ari.client.applications.filter!({ applicationName: 'nobody' })).rejects.toThrow('Application not found');
  });

  /** Recording a channel as Asterisk 22 does it (res_stasis_recording.c, app.c). */
  describe('channel recordings', () => {
    const recordings = () => (ari.client as unknown as { recordings: Record<string, (p?: object) => PromiseLike<unknown>> }).recordings;
    /** The stored recordings as plain JSON (ari-client wraps them in model objects). */
    const stored = async () =>
      ((await recordings().listStored!()) as Array<{ name: string; format: string }>).map(({ name, format }) => ({ name, format }));

    async function answeredCaller(): Promise<SimCaller> {
      const caller = sim.dial('22334455');
      await ari.waitForEvent((e) => e.type === 'StasisStart', 'StasisStart');
      await ari.client.channels.answer!({ channelId: caller.channelId });
      return caller;
    }

    const recordingEvents = (name: string) =>
      ari.events.filter((e) => e.type.startsWith('Recording') && (e.recording as { name: string }).name === name);

    it('records after a prompt and a beep until #, stores it, and plays it back as recording:<name>', async () => {
      const caller = await answeredCaller();
      await ari.client.channels.play!({ channelId: caller.channelId, media: 'sound:conf-getpin' });
      const live = await ari.client.channels.record!({
        channelId: caller.channelId,
        name: 'names/kvorum/leg-1',
        format: 'wav',
        beep: true,
        terminateOn: '#',
      });
      // ari-client keeps the object it returned up to date with the recording's events: its state may have moved on.
      expect(live).toMatchObject({ name: 'names/kvorum/leg-1', format: 'wav', target_uri: `channel:${caller.channelId}` });
      // The prompt first, then the beep; the recording runs once the beep has sounded.
      await caller.waitUntil((c) => c.isBeingRecorded(), 'be recorded');
      expect(caller.heard().map((item) => item.media)).toEqual(['sound:conf-getpin', 'sound:beep']);
      expect(caller.recordings()).toEqual(['names/kvorum/leg-1']);
      await caller.say(3_400);
      await caller.press('#');
      const finished = await ari.waitForEvent((e) => e.type === 'RecordingFinished', 'RecordingFinished');
      expect(finished.recording).toMatchObject({ name: 'names/kvorum/leg-1', state: 'done', duration: expect.any(Number) });
      // Whole seconds of what was said, as Asterisk counts them.
      expect((finished.recording as { duration: number }).duration).toBe(3);
      // The key still reaches the app.
      expect(ari.events.map((e) => e.type)).toContain('ChannelDtmfReceived');
      expect(recordingEvents('names/kvorum/leg-1').map((e) => e.type)).toEqual(['RecordingStarted', 'RecordingFinished']);

      expect(await stored()).toEqual([{ name: 'names/kvorum/leg-1', format: 'wav' }]);
      await ari.client.channels.play!({ channelId: caller.channelId, media: 'recording:names/kvorum/leg-1' });
      await caller.waitForMedia('recording:names/kvorum/leg-1');
      await recordings().deleteStored!({ recordingName: 'names/kvorum/leg-1' });
      expect(await stored()).toEqual([]);
      await expect(recordings().deleteStored!({ recordingName: 'names/kvorum/leg-1' })).rejects.toThrow('Recording not found');
    });

    it('stops at its maximum length, and a hang-up keeps what was said so far', async () => {
      const caller = await answeredCaller();
      await ari.client.channels.record!({ channelId: caller.channelId, name: 'short', format: 'wav', maxDurationSeconds: 3 });
      const done = await ari.waitForEvent((e) => e.type === 'RecordingFinished', 'RecordingFinished');
      expect((done.recording as { duration: number }).duration).toBe(3);

      const leaving = await answeredCaller();
      await ari.client.channels.record!({ channelId: leaving.channelId, name: 'cut', format: 'wav', terminateOn: '#' });
      await leaving.waitUntil((c) => c.isBeingRecorded(), 'be recorded');
      await leaving.hangUp();
      await ari.waitForEvent((e) => e.type === 'RecordingFinished' && (e.recording as { name: string }).name === 'cut', 'cut finished');
      const types = ari.typesFor(leaving.channelId);
      expect(types.indexOf('StasisEnd')).toBeGreaterThan(-1);
      expect(await stored()).toContainEqual({ name: 'cut', format: 'wav' });
    });

    it('a cancelled recording is not stored; a stopped one is', async () => {
      const caller = await answeredCaller();
      await ari.client.channels.record!({ channelId: caller.channelId, name: 'dropped', format: 'wav' });
      await caller.waitUntil((c) => c.isBeingRecorded(), 'be recorded');
      await recordings().cancel!({ recordingName: 'dropped' });
      await ari.waitForEvent((e) => e.type === 'RecordingFinished', 'RecordingFinished');
      await ari.client.channels.record!({ channelId: caller.channelId, name: 'kept', format: 'wav' });
      await caller.waitUntil((c) => c.isBeingRecorded(), 'be recorded again');
      await recordings().stop!({ recordingName: 'kept' });
      await ari.waitForEvent((e) => e.type === 'RecordingFinished' && (e.recording as { name: string }).name === 'kept', 'kept');
      expect(await stored()).toEqual([{ name: 'kept', format: 'wav' }]);
      await expect(recordings().getLive!({ recordingName: 'kept' })).rejects.toThrow('Recording not found');
    });

    it("answers Asterisk's errors, refuses a bridge to a channel being recorded, and cannot record a bridged one", async () => {
      const caller = await answeredCaller();
      const record = (params: object) => ari.client.channels.record!({ channelId: caller.channelId, name: 'x', format: 'wav', ...params });
      await expect(record({ format: 'mp9' })).rejects.toThrow('specified format is unknown on this system');
      await expect(record({ terminateOn: 'pound' })).rejects.toThrow('terminateOn invalid');
      await expect(record({ ifExists: 'maybe' })).rejects.toThrow('ifExists invalid');

      await record({ terminateOn: '#' });
      await expect(record({ ifExists: 'overwrite' })).rejects.toThrow("Recording 'x' already exists");
      const bridge = (await ari.client.bridges.create!({ type: 'mixing' })) as { id: string };
      await expect(ari.client.bridges.addChannel!({ bridgeId: bridge.id, channel: caller.channelId })).rejects.toThrow(
        'currently recording',
      );
      await caller.waitUntil((c) => c.isBeingRecorded(), 'be recorded');
      await caller.press('#');
      await ari.waitForEvent((e) => e.type === 'RecordingFinished', 'RecordingFinished');
      await expect(record({})).rejects.toThrow("Recording 'x' already exists");

      await ari.client.bridges.addChannel!({ bridgeId: bridge.id, channel: caller.channelId });
      await record({ name: 'bridged' });
      const failed = await ari.waitForEvent((e) => e.type === 'RecordingFailed', 'RecordingFailed');
      expect(failed.recording).toMatchObject({ name: 'bridged', state: 'failed', cause: 'Cannot record channel while in bridge' });
    });

    // As a real Asterisk 22.10.1 was seen to (test/e2e/support/real-asterisk-config.test.ts pins it there).
    it('a recording that does not exist is skipped: the next item starts; as the last item the playback never finishes', async () => {
      const caller = await answeredCaller();
      await ari.client.channels.play!({ channelId: caller.channelId, media: ['recording:nobody', 'sound:beep'], playbackId: 'pb-skip' });
      await ari.waitForEvent((e) => e.type === 'PlaybackFinished', 'PlaybackFinished');
      const ofPlayback = (id: string) =>
        ari.events
          .filter((e) => (e.playback as { id?: string } | undefined)?.id === id)
          .map((e) => [e.type, (e.playback as { media_uri: string; state: string }).media_uri, (e.playback as { state: string }).state]);
      expect(ofPlayback('pb-skip')).toEqual([
        ['PlaybackStarted', 'recording:nobody', 'playing'],
        ['PlaybackStarted', 'sound:beep', 'playing'],
        ['PlaybackFinished', 'sound:beep', 'done'],
      ]);

      await ari.client.channels.play!({ channelId: caller.channelId, media: 'recording:nobody', playbackId: 'pb-lost' });
      await ari.client.channels.play!({ channelId: caller.channelId, media: 'sound:beep', playbackId: 'pb-next' });
      // The playback behind it still gets its turn, and the lost one is gone.
      await ari.waitForEvent((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'pb-next', 'pb-next');
      expect(ofPlayback('pb-lost')).toEqual([['PlaybackStarted', 'recording:nobody', 'playing']]);
      await expect(ari.client.playbacks.get!({ playbackId: 'pb-lost' })).rejects.toThrow('Playback not found');
    });

    it('refuses a name whose folder lies just outside the recordings folder as Asterisk does', async () => {
      const caller = await answeredCaller();
      expect(await rejectionBody(ari.client.channels.record!({ channelId: caller.channelId, name: '../x', format: 'wav' }))).toEqual({
        message: 'Error parsing request',
      });
    });
  });
});
