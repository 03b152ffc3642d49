import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimCaller, type Simulator } from '../index';
import { SimAsterisk, type EventSink } from '../sim-asterisk';
import { createTimers } from '../timers';
import { connectStockClient, type ConnectedClient } from './stock-client';

/**
 * What a real Asterisk 22 was seen doing (test/e2e/support/real-asterisk-config.test.ts
 * pins the same on one), and the simulator must do alike.
 */
describe('the simulator behaves as a real Asterisk 22 was seen to', () => {
  let sim: Simulator;
  let ari: ConnectedClient;

  beforeEach(async () => {
    // A prompt lasts 20 ms: long enough to act while it plays.
    sim = await startSimulator({ timeScale: 0.01 });
    ari = await connectStockClient(sim);
  });
  afterEach(async () => {
    ari.client.stop();
    await sim.close();
  });

  async function answeredCaller(): Promise<SimCaller> {
    const caller = sim.dial('22334455');
    await ari.waitForEvent((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === caller.channelId, 'the call');
    await ari.client.channels.answer!({ channelId: caller.channelId });
    return caller;
  }

  async function mixingBridgeWith(callers: SimCaller[], absorbDTMF = true): Promise<string> {
    const bridge = (await ari.client.bridges.create!({ type: 'mixing,dtmf_events' })) as { id: string };
    for (const caller of callers) await ari.client.bridges.addChannel!({ bridgeId: bridge.id, channel: caller.channelId, absorbDTMF });
    return bridge.id;
  }

  function playbackEvents(playbackId: string): { type: string; state: string }[] {
    return ari.events
      .filter((e) => (e.playback as { id?: string } | undefined)?.id === playbackId)
      .map((e) => ({ type: e.type, state: (e.playback as { state: string }).state }));
  }

  it('a caller in a holding bridge hears nothing until the app starts music on the bridge; channel music works on its own', async () => {
    const waiting = await answeredCaller();
    const holding = (await ari.client.bridges.create!({ type: 'holding' })) as { id: string };
    await ari.client.bridges.addChannel!({ bridgeId: holding.id, channel: waiting.channelId });
    expect(waiting.bridgeType()).toBe('holding');
    expect(waiting.hasMusicOnHold()).toBe(false);

    await ari.client.bridges.startMoh!({ bridgeId: holding.id });
    expect(waiting.hasMusicOnHold()).toBe(true);
    await ari.client.bridges.stopMoh!({ bridgeId: holding.id });
    expect(waiting.hasMusicOnHold()).toBe(false);

    const alone = await answeredCaller();
    await ari.client.channels.startMoh!({ channelId: alone.channelId });
    expect(alone.hasMusicOnHold()).toBe(true);
  });

  it('addChannel for a caller hearing a prompt answers only when the prompt has ended; the caller enters then', async () => {
    const caller = await answeredCaller();
    const bridgeId = await mixingBridgeWith([]);
    await ari.client.channels.play!({ channelId: caller.channelId, media: 'sound:conf-getpin', playbackId: 'prompt' });
    await caller.waitUntil((c) => c.isBeingPlayedTo(), 'be played the prompt');

    await ari.client.bridges.addChannel!({ bridgeId, channel: caller.channelId });
    expect(caller.isBeingPlayedTo()).toBe(false);
    expect(caller.bridgeId()).toBe(bridgeId);
    const order = ari.events
      .filter((e) => e.type === 'ChannelEnteredBridge' || (e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'prompt'))
      .map((e) => e.type);
    expect(order).toEqual(['PlaybackFinished', 'ChannelEnteredBridge']);
  });

  it('setting a variable waits for the prompt too, while a mute answers at once and takes hold when the prompt ends', async () => {
    const caller = await answeredCaller();
    await ari.client.channels.play!({ channelId: caller.channelId, media: 'sound:conf-getpin', playbackId: 'prompt' });
    await caller.waitUntil((c) => c.isBeingPlayedTo(), 'be played the prompt');

    await ari.client.channels.mute!({ channelId: caller.channelId, direction: 'in' });
    expect(caller.isBeingPlayedTo()).toBe(true);
    expect(caller.isMuted()).toBe(false);

    await ari.client.channels.setChannelVar!({ channelId: caller.channelId, variable: 'ROLE', value: 'leader' });
    expect(playbackEvents('prompt').map((e) => e.type)).toEqual(['PlaybackStarted', 'PlaybackFinished']);
    expect(caller.channelVar('ROLE')).toBe('leader');
    expect(caller.isMuted()).toBe(true);
  });

  it('a caller in a meeting who is played a prompt is out of the mix until it ends, and misses a tone played to the meeting meanwhile', async () => {
    const alice = await answeredCaller();
    const bob = await answeredCaller();
    const bridgeId = await mixingBridgeWith([alice, bob]);
    expect(sim.canHear(bob, alice)).toBe(true);

    await ari.client.channels.play!({ channelId: alice.channelId, media: ['sound:conf-onlyperson', 'sound:conf-getpin'] });
    await alice.waitUntil((c) => c.isBeingPlayedTo(), 'be played the prompt');
    expect(sim.canHear(bob, alice)).toBe(false);
    expect(sim.canHear(alice, bob)).toBe(false);
    await ari.client.bridges.play!({ bridgeId, media: 'sound:beep' });
    await bob.waitForMedia('sound:beep');

    // Measured as on a real Asterisk: once the prompt has ended.
    expect(await sim.canHearOnceQuiet(bob, alice)).toBe(true);
    expect(alice.isBeingPlayedTo()).toBe(false);
    expect(sim.canHear(alice, bob)).toBe(true);
    expect(alice.heard()).toEqual([
      { media: 'sound:conf-onlyperson', language: 'en' },
      { media: 'sound:conf-getpin', language: 'en' },
    ]);
  });

  it('a playback speaks its lang, else the channel’s language (CHANNEL(language)); a bridge’s, Asterisk’s default', async () => {
    const [alice, bob] = [await answeredCaller(), await answeredCaller()];
    await ari.client.channels.setChannelVar!({ channelId: alice.channelId, variable: 'CHANNEL(language)', value: 'nb' });
    expect(((await ari.client.channels.get!({ channelId: alice.channelId })) as { language: string }).language).toBe('nb');
    await ari.client.channels.play!({ channelId: alice.channelId, media: 'sound:kvorum/code-enter', playbackId: 'own' });
    await ari.client.channels.play!({ channelId: alice.channelId, media: 'sound:kvorum/call-goodbye', lang: 'en', playbackId: 'asked' });
    await ari.waitForEvent((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'asked', 'the second prompt');
    const bridgeId = await mixingBridgeWith([alice, bob]);
    await ari.client.bridges.play!({ bridgeId, media: 'sound:kvorum/tone-join', playbackId: 'tone' });
    await ari.waitForEvent((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'tone', 'the tone');

    const started = ari.events.filter((e) => e.type === 'PlaybackStarted').map((e) => (e.playback as { language: string }).language);
    expect(started).toEqual(['nb', 'en', 'en']);
    expect(alice.heard()).toEqual([
      { media: 'sound:kvorum/code-enter', language: 'nb' },
      { media: 'sound:kvorum/call-goodbye', language: 'en' },
      { media: 'sound:kvorum/tone-join', language: 'en' },
    ]);
    // A function written is not a variable set: no ChannelVarset, nothing to read back as a variable but the language.
    expect(ari.events.some((e) => e.type === 'ChannelVarset')).toBe(false);
  });

  it('playing to a bridge with music on hold fails at once and nobody hears it', async () => {
    const waiting = await answeredCaller();
    const holding = (await ari.client.bridges.create!({ type: 'holding' })) as { id: string };
    await ari.client.bridges.addChannel!({ bridgeId: holding.id, channel: waiting.channelId });
    await ari.client.bridges.startMoh!({ bridgeId: holding.id });

    const playback = (await ari.client.bridges.play!({ bridgeId: holding.id, media: 'sound:beep', playbackId: 'tone' })) as {
      state: string;
    };
    expect(playback.state).toBe('queued');
    await ari.waitForEvent((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'tone', 'the end of the tone');
    expect(playbackEvents('tone')).toEqual([
      { type: 'PlaybackStarted', state: 'playing' },
      { type: 'PlaybackFinished', state: 'failed' },
    ]);
    expect(waiting.heard()).toEqual([]);
    expect(waiting.hasMusicOnHold()).toBe(true);
  });

  it("a caller's keypad tones are heard by the others in a mixing bridge unless the caller was added with absorbDTMF", async () => {
    const [alice, bob, carol] = [await answeredCaller(), await answeredCaller(), await answeredCaller()];
    const bridgeId = await mixingBridgeWith([alice, bob], false);
    await ari.client.bridges.addChannel!({ bridgeId, channel: carol.channelId, absorbDTMF: true });

    await alice.press('12');
    await carol.press('9');
    await ari.waitForEvent((e) => e.type === 'ChannelDtmfReceived' && e.digit === '9', "carol's key");
    expect(bob.keysReceived()).toEqual(['1', '2']);
    expect(carol.keysReceived()).toEqual(['1', '2']);
    expect(alice.keysReceived()).toEqual([]);
    expect(ari.events.filter((e) => e.type === 'ChannelDtmfReceived').map((e) => e.digit)).toEqual(['1', '2', '9']);
  });

  it('keypad tones do not pass through a holding bridge', async () => {
    const [alice, bob] = [await answeredCaller(), await answeredCaller()];
    const holding = (await ari.client.bridges.create!({ type: 'holding' })) as { id: string };
    for (const caller of [alice, bob]) await ari.client.bridges.addChannel!({ bridgeId: holding.id, channel: caller.channelId });
    await alice.press('5');
    expect(bob.keysReceived()).toEqual([]);
  });

  it('says when an app connects and when it disconnects', async () => {
    await sim.waitForApp('kvorum', true);
    const other = connectStockClient(sim, 'other-app');
    await sim.waitForApp('other-app', true);
    (await other).client.stop();
    await sim.waitForApp('other-app', false);
    await expect(sim.waitForApp('never-app', true, 50)).rejects.toThrow('app never-app did not connect within 50 ms');
  });
});

describe('the simulated Asterisk, driven directly', () => {
  it('a caller who hangs up while waiting behind a prompt to enter a bridge is not added, and the request still answers', async () => {
    const events: string[] = [];
    const sink: EventSink = { send: (_apps, type) => void events.push(type), connectedApps: () => ['kvorum'] };
    const timers = createTimers(1);
    // A prompt that outlasts the test: only the hang-up ends it.
    const asterisk = new SimAsterisk(timers, () => 60_000, sink);
    const channel = asterisk.dial('22334455', null, 'kvorum');
    await asterisk.answer(channel.id);
    const { id: bridgeId } = asterisk.createBridge('mixing', undefined, undefined, false) as { id: string };
    asterisk.play({ kind: 'channel', id: channel.id }, ['sound:conf-getpin'], undefined, 'prompt');
    await new Promise<void>((resolve) => {
      const stop = asterisk.onChange(() => {
        if (!asterisk.isHearingPrompt(channel)) return;
        stop();
        resolve();
      });
    });

    const adding = asterisk.addChannels(bridgeId, [channel.id], { role: 'participant', absorbDtmf: true, mute: false });
    asterisk.callerHungUp(channel);
    await expect(adding).resolves.toBeUndefined();
    expect(asterisk.findBridge(bridgeId)?.channelIds).toEqual([]);
    expect(events).not.toContain('ChannelEnteredBridge');
    expect(events.slice(-4)).toEqual(['ChannelHangupRequest', 'PlaybackFinished', 'StasisEnd', 'ChannelDestroyed']);
    timers.clearAll();
  });
});
