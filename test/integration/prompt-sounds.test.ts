import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { readManifest } from '../../scripts/prompts/generator';
import { CATALOGUE, PROMPT_KEYS, type PromptKey } from '../../src/domain/prompts/catalogue';
import type { CatalogueEntry, EnglishWording } from '../../src/domain/prompts/catalogue-entry';
import { PROMPT_LANGUAGES } from '../../src/domain/prompts/languages';
import { keyVocabulary } from '../../src/domain/prompts/key-words';
import { numberVocabulary } from '../../src/domain/prompts/number-words';
import { renderPrompts, type PromptRequest } from '../../src/domain/prompts/render';
import { soundUnits } from '../../src/domain/prompts/sound-units';

// The sound files test/support/generated-sounds.ts made from the catalogue for this run.
const generated = inject('generatedSounds');
const TRANSCRIPT = '/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz';

/** Every request the core could make of `key`: each count up to 1,000 and some far beyond, every key of the keypad, a name. */
function requestsFor(key: PromptKey): PromptRequest[] {
  const entry: CatalogueEntry = CATALOGUE[key];
  if (entry.kind === 'keyed') return [{ key, keys: '*#0123456789' } as PromptRequest];
  if (entry.kind === 'named') return [{ key, name: 'kvorum-names/kvorum/leg-1' } as PromptRequest];
  if (entry.kind !== 'counted') return [{ key } as PromptRequest];
  const counts = [...Array.from({ length: 1001 }, (_, n) => n), 1001, 2050, 21_000, 101_000, 1_000_000, 2_000_001, 999_999_999];
  return counts.map((n) => ({ key, [entry.parameter]: n }) as PromptRequest);
}

function wavFormat(file: string): { format: number; channels: number; rate: number; bits: number } {
  const header = readFileSync(file).subarray(0, 44);
  expect(header.toString('latin1', 0, 4) + header.toString('latin1', 8, 16), file).toBe('RIFFWAVEfmt ');
  return {
    format: header.readUInt16LE(20),
    channels: header.readUInt16LE(22),
    rate: header.readUInt32LE(24),
    bits: header.readUInt16LE(34),
  };
}

describe('the generated sound files', () => {
  it.each(PROMPT_LANGUAGES)(
    '%s: every sound of the catalogue is there as 8 kHz WAV and 16 kHz sln16, with its duration in the manifest',
    async (language) => {
      const folder = join(generated, language, 'kvorum');
      const manifest = await readManifest(folder);
      const units = soundUnits(language);
      expect(Object.keys(manifest?.sounds ?? {}).sort()).toEqual(units.map((unit) => unit.name).sort());
      for (const unit of units) {
        const entry = manifest!.sounds[unit.name]!;
        expect(entry.text).toBe(unit.text);
        expect(wavFormat(join(folder, `${unit.name}.wav`)), unit.name).toEqual({ format: 1, channels: 1, rate: 8000, bits: 16 });
        const sln16Ms = statSync(join(folder, `${unit.name}.sln16`)).size / 32;
        expect(Math.abs(sln16Ms - entry.durationMs), unit.name).toBeLessThanOrEqual(1);
        expect(entry.durationMs, unit.name).toBeGreaterThan(100);
      }
      const files = readdirSync(folder, { recursive: true, withFileTypes: true })
        .filter((file) => file.isFile())
        .map((file) => relative(folder, join(file.parentPath, file.name)));
      expect(files.sort()).toEqual(['manifest.json', ...units.flatMap((unit) => [`${unit.name}.sln16`, `${unit.name}.wav`])].sort());
    },
  );

  it.each(PROMPT_LANGUAGES)('%s: every media item the core can be given for any key has its file', (language) => {
    const missing = new Set<string>();
    for (const key of PROMPT_KEYS) {
      // A recorded name is the caller's own recording, made during the call.
      for (const uri of renderPrompts(language, requestsFor(key)).filter((media) => media.startsWith('sound:'))) {
        const name = uri.replace(/^sound:/, '');
        if (!existsSync(join(generated, language, `${name}.wav`))) missing.add(`${key}: ${uri}`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});

describe('English from Asterisk core sounds', () => {
  const transcript = new Map(
    gunzipSync(readFileSync(TRANSCRIPT))
      .toString('utf8')
      .split('\n')
      .map((line) => /^([\w/-]+): (.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1]!, match[2]!]),
  );
  const words = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9#]+/g, ' ')
      .trim();

  it('says exactly the catalogue’s text (as Debian’s transcript of the core sounds has it)', () => {
    const said: string[] = [];
    const written: string[] = [];
    for (const key of PROMPT_KEYS) {
      const entry: CatalogueEntry = CATALOGUE[key];
      const wordings: EnglishWording[] =
        entry.kind === 'counted' ? Object.values(entry.en).filter((w) => typeof w === 'object') : entry.kind === 'tone' ? [] : [entry.en];
      for (const wording of wordings.filter((w) => w.core)) {
        said.push(
          `${key}: ${words(wording.core!.map((sound) => (sound.startsWith('{') ? '#' : (transcript.get(sound) ?? `(no ${sound})`))).join(' '))}`,
        );
        written.push(`${key}: ${words(wording.text.replace(/\{\w+\}/g, '#'))}`);
      }
    }
    expect(said).toEqual(written);
    expect(said.length).toBeGreaterThan(20);
  });

  it('says the number words the English speller uses, and the keys of the keypad', () => {
    for (const word of [...numberVocabulary('en'), ...keyVocabulary('en')]) expect(transcript.get(word.core!), word.core).toBe(word.text);
  });
});
