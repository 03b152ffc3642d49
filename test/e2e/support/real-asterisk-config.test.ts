import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROMPT_LANGUAGES } from '../../../src/domain/prompts/languages';
import { soundUnits, soundUri } from '../../../src/domain/prompts/sound-units';
import { connectRealAri, realAsteriskFromEnv, type RealAriConnection } from './real-asterisk-ari';
import { createRealCallers, type RealCaller, type RealCallers } from './real-asterisk-callers';

/**
 * The project's asterisk-config/ on a real Asterisk 22, and the way the e2e
 * suite drives callers there. Runs only when KVORUM_E2E_ARI_URL (with
 * KVORUM_E2E_ARI_USER / KVORUM_E2E_ARI_PASSWORD) names an Asterisk started
 * with that configuration; CI has none, so it is skipped there.
 *
 * Calls are steered to a stand-in application of this test instead of the
 * real bridge by setting KVORUM_APP on the call (a channel variable wins over
 * the dialplan's global of the same name), so a Kvorum connected to the same
 * Asterisk is never disturbed and never disturbs these tests.
 */

const target = realAsteriskFromEnv(process.env);

/** What the dialplan plays when the bridge is not connected (asterisk-config/extensions.conf). */
const SERVICE_UNAVAILABLE = ['sound:all-circuits-busy-now', 'sound:please-try-call-later'];

describe.skipIf(!target)('asterisk-config on a real Asterisk 22', () => {
  let callerSide: RealAriConnection;
  let bridgeSide: RealAriConnection;
  let callers: RealCallers;
  const bridgesToDestroy: string[] = [];

  /** Routes a call to `app` instead of the Kvorum application. */
  const steeredTo = (app: string) => ({ variables: { __KVORUM_APP: app } });

  beforeAll(async () => {
    if (!target) return;
    callerSide = await connectRealAri(target, `kvorum-e2e-${randomUUID()}`, { subscribeAll: true });
    bridgeSide = await connectRealAri(target, `kvorum-stand-in-${randomUUID()}`);
    callers = createRealCallers(callerSide);
  });

  afterEach(async () => {
    await callers.hangUpAll();
    for (const bridgeId of bridgesToDestroy.splice(0)) {
      await bridgeSide.request('DELETE', `/bridges/${bridgeId}`).catch(() => {
        // Already gone with its last caller.
      });
    }
  });

  afterAll(async () => {
    await callerSide?.close();
    await bridgeSide?.close();
  });

  /** Dials and lets the stand-in bridge answer, as Kvorum does. */
  async function answeredCall(name: string): Promise<RealCaller> {
    const caller = await callers.dial('22222222', { callerId: `${name} <4790000000>`, ...steeredTo(bridgeSide.app) });
    await bridgeSide.waitForEvent((e) => e.type === 'StasisStart' && e.channel?.id === caller.channelId, 'call');
    await bridgeSide.request('POST', `/channels/${caller.channelId}/answer`);
    await caller.waitUntil((c) => c.state === 'up', 'be answered');
    return caller;
  }

  async function bridgeOf(type: 'holding' | 'mixing,dtmf_events'): Promise<string> {
    const bridge = (await bridgeSide.request('POST', '/bridges', { type })) as { id: string };
    bridgesToDestroy.push(bridge.id);
    return bridge.id;
  }

  it('every sound of the prompt catalogue is installed in every language Kvorum speaks, and the fallback in English', async () => {
    const wanted = [
      ...PROMPT_LANGUAGES.flatMap((language) => soundUnits(language).map((unit) => ({ uri: soundUri(unit.name), language }))),
      ...SERVICE_UNAVAILABLE.map((uri) => ({ uri, language: 'en' })),
    ];
    const missing: string[] = [];
    for (const { uri, language } of wanted) {
      const soundId = uri.replace(/^sound:/, '');
      const sound = (await bridgeSide.request('GET', `/sounds/${encodeURIComponent(soundId)}`).catch(() => null)) as {
        formats: { language: string }[];
      } | null;
      if (!sound?.formats.some((format) => format.language === language)) missing.push(`${language} ${soundId}`);
    }
    expect(missing).toEqual([]);
  });

  it.each([
    ['the main access number', '22222222', 'kvorum-access'],
    ['a freephone access number', '80012345', 'kvorum-access'],
    ['the main number in E.164 from a carrier', '+4722222222', 'from-callers'],
    ['the main number with the 0047 prefix', '004722222222', 'from-callers'],
  ])('a call to %s reaches the bridge with the access number as its only argument', async (_, dialled, context) => {
    const caller = await callers.dial(dialled, { context, ...steeredTo(bridgeSide.app) });
    const arrival = await bridgeSide.waitForEvent((e) => e.type === 'StasisStart' && e.channel?.id === caller.channelId, 'the call');
    expect(arrival.args).toEqual([dialled.replace(/^(\+47|0047)/, '')]);
  });

  it('a number that is not an access number never reaches the bridge, and the caller is hung up', async () => {
    const caller = await callers.dial('12345678', steeredTo(bridgeSide.app));
    await caller.waitForHangup();
    expect(bridgeSide.events.some((e) => e.channel?.id === caller.channelId)).toBe(false);
  });

  it('while the bridge is not connected, a caller hears that all circuits are busy and is hung up with cause 34', async () => {
    const caller = await callers.dial('22222222', steeredTo(`kvorum-not-connected-${randomUUID()}`));
    await caller.waitUntil((c) => c.state === 'up', 'be answered by the fallback');
    expect(await caller.hearsAudioWithin(3_000)).toBe(true);
    await caller.waitForHangup(15_000);
    expect(caller.heard()).toEqual(SERVICE_UNAVAILABLE.map((media) => ({ media, language: 'en' })));
    expect(caller.hangupCause()).toBe(34);
  });

  it('keys pressed by a caller reach the bridge one by one, in order', async () => {
    const caller = await answeredCall('Keys');
    await caller.press('1234#');
    await bridgeSide.waitForEvent(
      (e) => e.type === 'ChannelDtmfReceived' && e.channel?.id === caller.channelId && e.digit === '#',
      'the closing #',
    );
    const digits = bridgeSide.events
      .filter((e) => e.type === 'ChannelDtmfReceived' && e.channel?.id === caller.channelId)
      .map((e) => e.digit);
    expect(digits.join('')).toBe('1234#');
  });

  it('a caller waiting in a holding bridge hears nothing until the bridge starts music on hold, then music', async () => {
    const caller = await answeredCall('Waiting');
    const holding = await bridgeOf('holding');
    await bridgeSide.request('POST', `/bridges/${holding}/addChannel`, { channel: caller.channelId });
    await caller.waitUntil((c) => c.bridgeType() === 'holding', 'enter the holding bridge');
    expect(await caller.hearsAudioWithin(2_000)).toBe(false);
    await bridgeSide.request('POST', `/bridges/${holding}/moh`);
    expect(await caller.hearsAudioWithin(3_000)).toBe(true);
  });

  it('callers in a mixing bridge hear each other, a caller muted in direction "in" is heard by nobody, and a bridge prompt reaches all', async () => {
    const alice = await answeredCall('Alice');
    const bob = await answeredCall('Bob');
    const meeting = await bridgeOf('mixing,dtmf_events');
    for (const caller of [alice, bob]) {
      await bridgeSide.request('POST', `/bridges/${meeting}/addChannel`, { channel: caller.channelId, absorbDTMF: 'true' });
      await caller.waitUntil((c) => c.bridgeId() === meeting, 'enter the meeting');
    }

    expect(await bob.hears(alice)).toBe(true);
    expect(await alice.hears(bob)).toBe(true);

    await bridgeSide.request('POST', `/channels/${alice.channelId}/mute`, { direction: 'in' });
    expect(await bob.hears(alice)).toBe(false);
    expect(await alice.hears(bob)).toBe(true);

    const bobHeardWithin = await bob.startListening();
    await bridgeSide.request('POST', `/bridges/${meeting}/play`, { media: 'sound:confbridge-join' });
    expect(await bobHeardWithin(3_000)).toBe(true);
    await bob.waitForMedia('sound:confbridge-join');
    await alice.waitForMedia('sound:confbridge-join');
  });

  it('a playback speaks its lang, else the channel’s language (CHANNEL(language)); a bridge’s, Asterisk’s default', async () => {
    const alice = await answeredCall('Alice');
    const bob = await answeredCall('Bob');
    await bridgeSide.request('POST', `/channels/${alice.channelId}/variable`, { variable: 'CHANNEL(language)', value: 'nb' });
    expect(((await bridgeSide.request('GET', `/channels/${alice.channelId}`)) as { language: string }).language).toBe('nb');
    const playAndWait = async (target: string, query: Record<string, string>) => {
      const playbackId = `language-${randomUUID()}`;
      await bridgeSide.request('POST', `/${target}/play/${playbackId}`, query);
      await callerSide.waitForEvent((e) => e.type === 'PlaybackFinished' && e.playback?.id === playbackId, 'the playback to end');
    };
    await playAndWait(`channels/${alice.channelId}`, { media: 'sound:kvorum/code-enter' });
    await playAndWait(`channels/${alice.channelId}`, { media: 'sound:kvorum/call-goodbye', lang: 'en' });
    const meeting = await bridgeOf('mixing,dtmf_events');
    for (const caller of [alice, bob]) {
      await bridgeSide.request('POST', `/bridges/${meeting}/addChannel`, { channel: caller.channelId });
      await caller.waitUntil((c) => c.bridgeId() === meeting, 'enter the meeting');
    }
    await playAndWait(`bridges/${meeting}`, { media: 'sound:kvorum/tone-join' });
    expect(alice.heard()).toEqual([
      { media: 'sound:kvorum/code-enter', language: 'nb' },
      { media: 'sound:kvorum/call-goodbye', language: 'en' },
      { media: 'sound:kvorum/tone-join', language: 'en' },
    ]);
    // A function written is not a variable set: no ChannelVarset for it.
    expect(bridgeSide.events.some((e) => e.type === 'ChannelVarset' && e.variable === 'CHANNEL(language)')).toBe(false);
  });

  it('a caller in a meeting who is played a prompt is out of the mix until it ends: nobody hears them meanwhile', async () => {
    const alice = await answeredCall('Alice');
    const bob = await answeredCall('Bob');
    const meeting = await bridgeOf('mixing,dtmf_events');
    for (const caller of [alice, bob]) {
      await bridgeSide.request('POST', `/bridges/${meeting}/addChannel`, { channel: caller.channelId });
      await caller.waitUntil((c) => c.bridgeId() === meeting, 'enter the meeting');
    }
    const playbackId = `prompt-${randomUUID()}`;
    await bridgeSide.request('POST', `/channels/${alice.channelId}/play/${playbackId}`, { media: 'sound:conf-getpin' });
    await alice.waitForMedia('sound:conf-getpin');

    expect(await bob.hears(alice, 1_500)).toBe(false);
    await callerSide.waitForEvent((e) => e.type === 'PlaybackFinished' && e.playback?.id === playbackId, 'the prompt to end');
    expect(await bob.hears(alice)).toBe(true);
  });

  it('a caller moved into a bridge while a prompt plays to it enters only when the prompt has ended', async () => {
    const caller = await answeredCall('Prompted');
    const meeting = await bridgeOf('mixing,dtmf_events');
    const playbackId = `prompt-${randomUUID()}`;
    await bridgeSide.request('POST', `/channels/${caller.channelId}/play/${playbackId}`, { media: 'sound:conf-getpin' });
    await bridgeSide.request('POST', `/bridges/${meeting}/addChannel`, { channel: caller.channelId });
    await caller.waitUntil((c) => c.bridgeId() === meeting, 'enter the meeting');

    const order = callerSide.events
      .filter(
        (e) =>
          (e.type === 'PlaybackFinished' && e.playback?.id === playbackId) ||
          (e.type === 'ChannelEnteredBridge' && e.channel?.id === caller.channelId),
      )
      .map((e) => e.type);
    expect(order).toEqual(['PlaybackFinished', 'ChannelEnteredBridge']);
  });

  it('a name recorded into a folder: its events reach an app subscribed to all, it is stored, played, and deleted by its %2F name', async () => {
    const caller = await answeredCall('Named');
    const name = `kvorum-names/config-test-${randomUUID()}/leg-1`;
    const path = `/recordings/stored/${encodeURIComponent(name)}`;
    await bridgeSide.request('POST', `/channels/${caller.channelId}/record`, {
      name,
      format: 'wav',
      beep: 'true',
      terminateOn: '#',
      ifExists: 'overwrite',
      maxDurationSeconds: '10',
    });
    // The caller's own application sees the events of a channel another application owns (subscribeAll).
    await callerSide.waitForEvent((e) => e.type === 'RecordingStarted' && e.recording?.name === name, 'RecordingStarted');
    const stopSpeaking = await caller.speak();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await stopSpeaking();
    await caller.press('#');
    const finished = await callerSide.waitForEvent(
      (e) => e.type === 'RecordingFinished' && e.recording?.name === name,
      'RecordingFinished',
    );
    expect(finished.recording).toMatchObject({ state: 'done', target_uri: `channel:${caller.channelId}`, duration: expect.any(Number) });
    expect(((await bridgeSide.request('GET', '/recordings/stored')) as Array<{ name: string }>).map((r) => r.name)).toContain(name);
    expect(await bridgeSide.request('GET', path)).toEqual({ name, format: 'wav' });

    const play = async (media: string) => {
      const playbackId = `name-${randomUUID()}`;
      await bridgeSide.request('POST', `/channels/${caller.channelId}/play/${playbackId}`, { media });
      return playbackId;
    };
    const eventsOf = (playbackId: string) =>
      callerSide.events.filter((e) => e.playback?.id === playbackId).map((e) => [e.type, e.playback?.media_uri, e.playback?.state]);
    const played = await play(`recording:${name}`);
    await callerSide.waitForEvent((e) => e.type === 'PlaybackFinished' && e.playback?.id === played, 'the name to be played');
    expect(eventsOf(played)).toEqual([
      ['PlaybackStarted', `recording:${name}`, 'playing'],
      ['PlaybackFinished', `recording:${name}`, 'done'],
    ]);

    await bridgeSide.request('DELETE', path);
    await expect(bridgeSide.request('DELETE', path)).rejects.toThrow('Recording not found');
    // A name that is gone is skipped without an end of its own: the next item starts; as the last item, nothing ends the playback.
    const skipped = await play(`recording:${name},sound:beep`);
    await callerSide.waitForEvent((e) => e.type === 'PlaybackFinished' && e.playback?.id === skipped, 'the beep after the name');
    expect(eventsOf(skipped)).toEqual([
      ['PlaybackStarted', `recording:${name}`, 'playing'],
      ['PlaybackStarted', 'sound:beep', 'playing'],
      ['PlaybackFinished', 'sound:beep', 'done'],
    ]);
    const lost = await play(`recording:${name}`);
    const next = await play('sound:beep');
    await callerSide.waitForEvent((e) => e.type === 'PlaybackFinished' && e.playback?.id === next, 'the playback behind it');
    expect(eventsOf(lost)).toEqual([['PlaybackStarted', `recording:${name}`, 'playing']]);
    await expect(bridgeSide.request('GET', `/playbacks/${lost}`)).rejects.toThrow('Playback not found');
  });

  it('refuses a recording name whose folder lies just outside the recordings folder', async () => {
    const caller = await answeredCall('Escaping');
    await expect(bridgeSide.request('POST', `/channels/${caller.channelId}/record`, { name: '../x', format: 'wav' })).rejects.toThrow(
      'Error parsing request',
    );
  });
});
