import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { defaultMediaDurationMs, startSimulator, type Simulator } from '../index';
import { SoundFiles } from '../sound-files';
import { connectStockClient, type ConnectedClient } from './stock-client';

/** A WAV file of 8 kHz 16-bit mono silence lasting `ms`, optionally with a LIST chunk before its audio. */
function writeWav(file: string, ms: number, withList = false): void {
  const audio = Buffer.alloc((8000 * 2 * ms) / 1000);
  const list = withList ? Buffer.concat([Buffer.from('LIST'), uint32(4), Buffer.from('INFO')]) : Buffer.alloc(0);
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8); // PCM
  fmt.writeUInt16LE(1, 10); // mono
  fmt.writeUInt32LE(8000, 12);
  fmt.writeUInt32LE(16000, 16); // bytes per second
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  const body = Buffer.concat([Buffer.from('WAVE'), fmt, list, Buffer.from('data'), uint32(audio.length), audio]);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([Buffer.from('RIFF'), uint32(body.length), body]));
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}

describe('sound durations come from the files Asterisk would play', () => {
  let sounds: string;

  beforeEach(() => {
    sounds = mkdtempSync(join(tmpdir(), 'kvorum-sim-sounds-'));
  });
  afterEach(() => rmSync(sounds, { recursive: true, force: true }));

  it('measures a WAV file by its header, in the caller’s language folder first', () => {
    writeWav(join(sounds, 'nb', 'kvorum', 'code-enter.wav'), 1500);
    writeWav(join(sounds, 'en', 'kvorum', 'code-enter.wav'), 2250, true);
    const files = new SoundFiles([sounds]);
    expect(files.durationMs('kvorum/code-enter', 'nb')).toBe(1500);
    expect(files.durationMs('kvorum/code-enter', 'en')).toBe(2250);
  });

  it('searches as Asterisk does: the language, without its dialect, no language, then English', () => {
    writeWav(join(sounds, 'nb', 'only-bokmal.wav'), 100);
    writeWav(join(sounds, 'no-language.wav'), 200);
    writeWav(join(sounds, 'en', 'only-english.wav'), 300);
    const files = new SoundFiles([join(sounds, 'elsewhere'), sounds]);
    expect(files.durationMs('only-bokmal', 'nb_NO')).toBe(100);
    expect(files.durationMs('no-language', 'nb')).toBe(200);
    // A missing bokmål file is played in English: the completeness checks in test/integration/prompt-sounds.test.ts guard against it.
    expect(files.durationMs('only-english', 'nb')).toBe(300);
    expect(files.durationMs('only-bokmal', 'en')).toBeNull();
  });

  it('measures 16 kHz signed linear by its size, and plays an absolute name as it is', () => {
    mkdirSync(join(sounds, 'nb'));
    writeFileSync(join(sounds, 'nb', 'wide.sln16'), Buffer.alloc(32_000));
    writeWav(join(sounds, 'absolute.wav'), 400);
    const files = new SoundFiles([sounds]);
    expect(files.durationMs('wide', 'nb')).toBe(1000);
    expect(files.durationMs(join(sounds, 'absolute'), 'nb')).toBe(400);
  });

  it('takes the generated prompts’ durations from the files the generator made, and the core sounds’ from Debian’s', () => {
    const manifest = JSON.parse(readFileSync(join(inject('generatedSounds'), 'nb', 'kvorum', 'manifest.json'), 'utf8')) as {
      sounds: Record<string, { durationMs: number }>;
    };
    expect(Math.abs(defaultMediaDurationMs('sound:kvorum/code-enter', 'nb')! - manifest.sounds['code-enter']!.durationMs)).toBeLessThan(1);
    expect(defaultMediaDurationMs('sound:conf-getpin', 'en')).toBeCloseTo(2387.75, 1);
  });

  describe('over ARI', () => {
    let sim: Simulator;
    let ari: ConnectedClient;

    beforeEach(async () => {
      writeWav(join(sounds, 'nb', 'kvorum', 'long.wav'), 60_000);
      sim = await startSimulator({ timeScale: 1, soundDirectories: [sounds] });
      ari = await connectStockClient(sim);
    });
    afterEach(async () => {
      ari.client.stop();
      await sim.close();
    });

    it('a prompt plays as long as its file; one without a file fails at once, unheard', async () => {
      const caller = sim.dial('22334455');
      await ari.waitForEvent((e) => e.type === 'StasisStart', 'the call');
      await ari.client.channels.play!({ channelId: caller.channelId, media: 'sound:kvorum/long', lang: 'nb', playbackId: 'long' });
      await ari.waitForEvent((e) => e.type === 'PlaybackStarted', 'the long prompt starts');
      expect(caller.isBeingPlayedTo()).toBe(true);
      await ari.client.playbacks.stop!({ playbackId: 'long' });

      await ari.client.channels.play!({ channelId: caller.channelId, media: 'sound:kvorum/long', lang: 'en', playbackId: 'missing' });
      const finished = await ari.waitForEvent(
        (e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'missing',
        'the prompt without an English file ends',
      );
      expect((finished.playback as { state: string }).state).toBe('failed');
      expect(caller.isBeingPlayedTo()).toBe(false);
    });
  });
});
