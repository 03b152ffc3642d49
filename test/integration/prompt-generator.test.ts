import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSounds, readManifest, type GenerateOptions } from '../../scripts/prompts/generator';
import { ESPEAK_LEXICON } from '../../scripts/prompts/espeak-lexicon';
import { PROMPT_LANGUAGES, type PromptLanguage } from '../../src/domain/prompts/languages';
import { soundUnits, type SoundUnit } from '../../src/domain/prompts/sound-units';

const CORE_SOUNDS = '/usr/share/asterisk/sounds/en';

/** A studio recording as sox makes one: a tone of `seconds`, 48 kHz stereo, in any format sox reads. */
function record(file: string, seconds: number): void {
  execFileSync('sox', ['-n', '-r', '48000', '-c', '2', file, 'synth', String(seconds), 'sine', '440']);
}

describe('npm run prompts:generate', () => {
  let work: string;
  let options: GenerateOptions;
  let units: Record<PromptLanguage, SoundUnit[]>;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'kvorum-generate-'));
    units = {
      en: [
        { name: 'welcome', text: 'Welcome to the meeting.' },
        {
          name: 'busy',
          text: 'All circuits are busy now. Please try your call again later.',
          core: ['all-circuits-busy-now', 'please-try-call-later'],
        },
      ],
      nb: [
        { name: 'velkommen', text: 'Velkommen til møtet.' },
        { name: 'numbers/21', text: 'tjueen' },
      ],
    };
    options = {
      out: join(work, 'sounds'),
      overrides: join(work, 'recordings'),
      coreSounds: CORE_SOUNDS,
      units: (language) => units[language],
    };
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const manifest = async (language: PromptLanguage) => (await readManifest(join(options.out, language, 'kvorum')))!.sounds;

  it('synthesises bokmål and English, copies core sounds, and lets a studio recording replace any of them by name', async () => {
    mkdirSync(join(work, 'recordings', 'nb'), { recursive: true });
    record(join(work, 'recordings', 'nb', 'velkommen.flac'), 0.5);

    expect(await generateSounds(options)).toEqual({ made: 4, kept: 0, removed: 0 });

    const en = await manifest('en');
    expect(en.welcome).toMatchObject({ source: 'espeak-ng en-us', text: 'Welcome to the meeting.' });
    expect(en.busy).toMatchObject({ source: 'core all-circuits-busy-now + please-try-call-later' });
    // The two core sounds one after the other: 1,801 + 2,166 ms.
    expect(en.busy!.durationMs).toBeGreaterThanOrEqual(3966);
    expect(en.busy!.durationMs).toBeLessThanOrEqual(3968);
    const nb = await manifest('nb');
    expect(nb.velkommen).toMatchObject({ source: 'recording nb/velkommen.flac', durationMs: 500 });
    expect(nb['numbers/21']).toMatchObject({ source: 'espeak-ng nb', text: 'tjueen' });
    const header = readFileSync(join(options.out, 'nb', 'kvorum', 'velkommen.wav'));
    expect([header.readUInt16LE(22), header.readUInt32LE(24), header.readUInt16LE(34)]).toEqual([1, 8000, 16]);
    expect(existsSync(join(options.out, 'nb', 'kvorum', 'numbers', '21.sln16'))).toBe(true);
  });

  it('makes again only what changed, and removes what left the catalogue', async () => {
    await generateSounds(options);
    expect(await generateSounds(options)).toEqual({ made: 0, kept: 4, removed: 0 });

    mkdirSync(join(work, 'recordings', 'en'), { recursive: true });
    record(join(work, 'recordings', 'en', 'welcome.wav'), 0.8);
    units.nb = units.nb.filter((unit) => unit.name !== 'numbers/21');
    expect(await generateSounds(options)).toEqual({ made: 1, kept: 2, removed: 2 });
    expect((await manifest('en')).welcome).toMatchObject({ source: 'recording en/welcome.wav', durationMs: 800 });
    expect(existsSync(join(options.out, 'nb', 'kvorum', 'numbers', '21.wav'))).toBe(false);
  });

  it('refuses a recording whose name is no sound of the catalogue, so a misnamed file is not silently ignored', async () => {
    mkdirSync(join(work, 'recordings', 'nb'), { recursive: true });
    record(join(work, 'recordings', 'nb', 'velkomen.wav'), 0.2);
    await expect(generateSounds(options)).rejects.toThrow(/velkomen.*--list/);
  });

  it.each(PROMPT_LANGUAGES)('%s: every pronunciation fix is for a word the catalogue says', (language) => {
    const said = new Set(soundUnits(language).flatMap((unit) => unit.text.toLowerCase().match(/\p{L}+/gu) ?? []));
    expect(Object.keys(ESPEAK_LEXICON[language]).filter((word) => !said.has(word))).toEqual([]);
  });
});
