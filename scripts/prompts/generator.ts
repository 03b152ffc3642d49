import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { assertNever } from '../../src/domain/assert-never';
import { PROMPT_LANGUAGES, type PromptLanguage } from '../../src/domain/prompts/languages';
import { SOUND_FOLDER, soundUnits, type SoundUnit } from '../../src/domain/prompts/sound-units';
import { forEspeak } from './espeak-lexicon';

/**
 * Makes the sound files of the catalogue in Asterisk's layout:
 * `<out>/<language>/kvorum/<name>.wav` (8 kHz, 16-bit mono PCM) and
 * `.sln16` (16 kHz raw signed linear, little-endian), with
 * `<out>/<language>/kvorum/manifest.json` listing each file's text, source
 * and duration. Each file comes from, in this order:
 *   1. a studio recording `<overrides>/<language>/<name>.<any format sox reads>`,
 *   2. the Asterisk core sounds the catalogue names (English),
 *   3. espeak-ng speaking the text (bokmål voice `nb`, English voice `en-us`;
 *      a text written in another language than its folder's, such as the
 *      English offer in a bokmål prompt, with that language's voice).
 * A file whose inputs have not changed since the manifest was written is
 * kept; files that no longer belong to the catalogue are removed.
 */

const run = promisify(execFile);

/** Raise when the format or the treatment of the files changes, so every file is made again. */
const FORMAT_VERSION = 1;

const ESPEAK_VOICES: Record<PromptLanguage, string> = { en: 'en-us', nb: 'nb' };
/** Words per minute: a little slower than espeak's 175, for the telephone. */
const ESPEAK_SPEED = 150;
/** Trim the synthesiser's leading and trailing silence, then leave a short, even pause around each file. */
const SYNTHESISED_EFFECTS = ['silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse', 'pad', '0.03', '0.08'];
const WAV_FORMAT = ['-t', 'wav', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer'];
const SLN16_FORMAT = ['-t', 'raw', '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-L'];
/** Bytes per millisecond of .sln16: 16,000 samples of 2 bytes per second. */
const SLN16_BYTES_PER_MS = 32;

const MANIFEST_FILE = 'manifest.json';

export interface GenerateOptions {
  /** The sounds directory: files go to `<out>/<language>/kvorum/`. */
  out: string;
  /** Studio recordings: `<overrides>/<language>/<name>.<ext>`. A missing folder means none. */
  overrides: string;
  /** Where the English core sounds are (`conf-getpin.wav`, `digits/1.wav`). */
  coreSounds: string;
  languages?: readonly PromptLanguage[];
  /** The files to make per language; the catalogue's by default. */
  units?: (language: PromptLanguage) => readonly SoundUnit[];
  concurrency?: number;
  log?: (line: string) => void;
}

export interface ManifestEntry {
  text: string;
  /** `espeak-ng nb`, `core conf-thereare`, `recording nb/code-enter.flac`. */
  source: string;
  durationMs: number;
  /** Hash of everything the file was made from. */
  fingerprint: string;
}

export interface Manifest {
  language: PromptLanguage;
  sounds: Record<string, ManifestEntry>;
}

export interface GenerateReport {
  /** Sounds made (each a .wav and a .sln16). */
  made: number;
  /** Sounds whose inputs had not changed. */
  kept: number;
  /** Files removed: no longer in the catalogue. */
  removed: number;
}

type Source =
  | { kind: 'recording'; file: string }
  | { kind: 'core'; files: string[]; names: readonly string[] }
  | { kind: 'espeak'; voice: string; spoken: string };

export async function generateSounds(options: GenerateOptions): Promise<GenerateReport> {
  const log = options.log ?? (() => {});
  const languages = options.languages ?? PROMPT_LANGUAGES;
  const unitsOf = options.units ?? soundUnits;
  const tools = await toolVersions(languages.some((language) => unitsOf(language).some((unit) => !unit.core)));
  const scratch = await mkdtemp(join(tmpdir(), 'kvorum-prompts-'));
  const report: GenerateReport = { made: 0, kept: 0, removed: 0 };
  try {
    for (const language of languages) {
      const folder = join(options.out, language, SOUND_FOLDER);
      const recordings = await findRecordings(join(options.overrides, language));
      const units = unitsOf(language);
      const unknown = [...recordings.keys()].filter((name) => !units.some((unit) => unit.name === name));
      if (unknown.length > 0) {
        throw new Error(
          `recordings in ${join(options.overrides, language)} match no sound of the catalogue: ${unknown.join(', ')} ` +
            '(npm run prompts:generate -- --list shows the names)',
        );
      }
      const previous = await readManifest(folder);
      const sounds: Record<string, ManifestEntry> = {};
      await inParallel(units, options.concurrency ?? Math.min(4, availableParallelism()), async (unit) => {
        const source = sourceOf(language, unit, recordings, options);
        const fingerprint = await fingerprintOf(source, tools);
        const target = join(folder, unit.name);
        const old = previous?.sounds[unit.name];
        if (old?.fingerprint === fingerprint && existsSync(`${target}.wav`) && existsSync(`${target}.sln16`)) {
          sounds[unit.name] = { ...old, text: unit.text };
          report.kept += 1;
          return;
        }
        await mkdir(dirname(target), { recursive: true });
        await make(source, target, scratch);
        const durationMs = Math.round((await stat(`${target}.sln16`)).size / SLN16_BYTES_PER_MS);
        sounds[unit.name] = { text: unit.text, source: describe(source, options.overrides), durationMs, fingerprint };
        report.made += 1;
        log(`${language}/${SOUND_FOLDER}/${unit.name} (${describe(source, options.overrides)}, ${durationMs} ms)`);
      });
      report.removed += await removeStale(folder, new Set(units.map((unit) => unit.name)));
      await writeManifest(folder, { language, sounds: sortedByName(sounds) });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return report;
}

export async function readManifest(folder: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(join(folder, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function sourceOf(language: PromptLanguage, unit: SoundUnit, recordings: Map<string, string>, options: GenerateOptions): Source {
  const recording = recordings.get(unit.name);
  if (recording) return { kind: 'recording', file: recording };
  if (unit.core) {
    const files = unit.core.map((name) => join(options.coreSounds, `${name}.wav`));
    const missing = files.filter((file) => !existsSync(file));
    if (missing.length > 0) {
      throw new Error(`core sound ${missing.join(', ')} not found: install asterisk-core-sounds-en-wav or pass --core-sounds DIR`);
    }
    return { kind: 'core', files, names: unit.core };
  }
  const spokenIn = unit.spokenIn ?? language;
  return { kind: 'espeak', voice: ESPEAK_VOICES[spokenIn], spoken: forEspeak(spokenIn, unit.text) };
}

function describe(source: Source, overrides: string): string {
  switch (source.kind) {
    case 'recording':
      return `recording ${relative(overrides, source.file)}`;
    case 'core':
      return `core ${source.names.join(' + ')}`;
    case 'espeak':
      return `espeak-ng ${source.voice}`;
    default:
      return assertNever(source);
  }
}

async function fingerprintOf(source: Source, tools: { sox: string; espeak: string }): Promise<string> {
  const inputs: unknown[] = [FORMAT_VERSION, tools.sox];
  switch (source.kind) {
    case 'recording':
      inputs.push('recording', await fileHash(source.file));
      break;
    case 'core':
      inputs.push('core', await Promise.all(source.files.map(fileHash)));
      break;
    case 'espeak':
      inputs.push('espeak', tools.espeak, source.voice, ESPEAK_SPEED, SYNTHESISED_EFFECTS, source.spoken);
      break;
    default:
      return assertNever(source);
  }
  return sha256(JSON.stringify(inputs));
}

async function make(source: Source, target: string, scratch: string): Promise<void> {
  let inputs: string[];
  let effects: string[] = [];
  switch (source.kind) {
    case 'recording':
      inputs = [source.file];
      break;
    case 'core':
      // Several core sounds are one sentence: sox plays its inputs one after the other.
      inputs = source.files;
      break;
    case 'espeak': {
      const spoken = join(scratch, `${sha256(target)}.wav`);
      await tool('espeak-ng', ['-v', source.voice, '-s', String(ESPEAK_SPEED), '-w', spoken, '--', source.spoken]);
      inputs = [spoken];
      effects = SYNTHESISED_EFFECTS;
      break;
    }
    default:
      return assertNever(source);
  }
  // Written beside the target and renamed, so a half-made file is never played.
  await tool('sox', ['-D', ...inputs, ...WAV_FORMAT, `${target}.wav.part`, ...effects]);
  await tool('sox', ['-D', ...inputs, ...SLN16_FORMAT, `${target}.sln16.part`, ...effects]);
  await rename(`${target}.wav.part`, `${target}.wav`);
  await rename(`${target}.sln16.part`, `${target}.sln16`);
}

async function tool(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { maxBuffer: 1 << 20 });
    return stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new Error(`${command} is not installed (Debian: apt-get install ${command})`, { cause: error });
    throw new Error(`${command} ${args.join(' ')} failed: ${failure.stderr?.trim() || failure.message}`, { cause: error });
  }
}

async function toolVersions(needsEspeak: boolean): Promise<{ sox: string; espeak: string }> {
  const sox = (await tool('sox', ['--version'])).trim();
  const espeak = needsEspeak ? (await tool('espeak-ng', ['--version'])).split('Data at')[0]!.trim() : '';
  return { sox, espeak };
}

/** The recordings of one language by sound name (`numbers/21` for `numbers/21.flac`). */
async function findRecordings(folder: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const file of await filesUnder(folder)) {
    const name = relative(folder, file).replace(/\.[^./]+$/, '');
    const other = found.get(name);
    if (other) throw new Error(`two recordings for ${name}: ${other} and ${file}`);
    found.set(name, file);
  }
  return found;
}

async function filesUnder(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => join(entry.parentPath, entry.name));
}

/** Removes sound files in Kvorum's folder that are no longer in the catalogue (nothing else lives there). */
async function removeStale(folder: string, names: Set<string>): Promise<number> {
  let removed = 0;
  for (const file of await filesUnder(folder)) {
    const name = relative(folder, file).replace(/\.(wav|sln16)(\.part)?$/, '');
    if (file.endsWith(MANIFEST_FILE) || (names.has(name) && !file.endsWith('.part'))) continue;
    await rm(file);
    removed += 1;
  }
  return removed;
}

async function writeManifest(folder: string, manifest: Manifest): Promise<void> {
  await mkdir(folder, { recursive: true });
  const file = join(folder, MANIFEST_FILE);
  await writeFile(`${file}.part`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${file}.part`, file);
}

function sortedByName<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

async function fileHash(file: string): Promise<string> {
  return sha256(await readFile(file));
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
