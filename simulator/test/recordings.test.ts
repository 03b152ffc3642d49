import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimCaller, type Simulator } from '../index';
import { connectStockClient, type ConnectedClient } from './stock-client';

/** Recording a channel as Asterisk 22 does it (res_stasis_recording.c, app.c), driven by the stock ari-client. */
describe('channel recordings', () => {
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
    await expect(ari.client.bridges.addChannel!({ bridgeId: bridge.id, channel: caller.channelId })).rejects.toThrow('currently recording');
    await caller.waitUntil((c) => c.isBeingRecorded(), 'be recorded');
    await caller.press('#');
    await ari.waitForEvent((e) => e.type === 'RecordingFinished', 'RecordingFinished');
    await expect(record({})).rejects.toThrow("Recording 'x' already exists");

    await ari.client.bridges.addChannel!({ bridgeId: bridge.id, channel: caller.channelId });
    await record({ name: 'bridged' });
    const failed = await ari.waitForEvent((e) => e.type === 'RecordingFailed', 'RecordingFailed');
    expect(failed.recording).toMatchObject({ name: 'bridged', state: 'failed', cause: 'Cannot record channel while in bridge' });
  });

  it('a recording that does not exist fails to play, as a missing file does', async () => {
    const caller = await answeredCaller();
    await ari.client.channels.play!({ channelId: caller.channelId, media: 'recording:nobody' });
    const finished = await ari.waitForEvent((e) => e.type === 'PlaybackFinished', 'PlaybackFinished');
    expect(finished.playback).toMatchObject({ state: 'failed' });
  });
});
