import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/**
 * Finds the file Asterisk would play for `sound:<name>` in a language, and
 * measures how long it lasts, so a simulated prompt takes as long as the real
 * one. The search is Asterisk's (main/file.c, fileexists_core, with
 * `languageprefix = yes`): `<lang>/<name>`, then the language with each
 * `_suffix` stripped (nb_NO, nb), then `<name>` without a language, then the
 * default language `en`; each in every directory given, like
 * `<astdatadir>/sounds`. An absolute name is played as it is.
 */

const DEFAULT_LANGUAGE = 'en';

/** The formats measured, with how long one byte of audio lasts; WAV from its header. */
const FORMATS: readonly { ext: string; msPerByte: number | 'wav-header' }[] = [
  { ext: 'wav', msPerByte: 'wav-header' },
  { ext: 'sln16', msPerByte: 1 / 32 },
  { ext: 'sln', msPerByte: 1 / 16 },
  { ext: 'ulaw', msPerByte: 1 / 8 },
  { ext: 'alaw', msPerByte: 1 / 8 },
];

export class SoundFiles {
  private readonly measured = new Map<string, number | null>();

  constructor(private readonly directories: readonly string[]) {}

  /** Milliseconds, or null when Asterisk would find no file (the item fails and nothing is heard). */
  durationMs(name: string, language: string): number | null {
    const key = `${language}\u0000${name}`;
    let duration = this.measured.get(key);
    if (duration === undefined) {
      duration = this.measure(name, language);
      this.measured.set(key, duration);
    }
    return duration;
  }

  private measure(name: string, language: string): number | null {
    const paths = isAbsolute(name) ? [name] : candidates(name, language).flatMap((path) => this.directories.map((dir) => join(dir, path)));
    for (const path of paths) {
      for (const format of FORMATS) {
        const ms = fileDurationMs(`${path}.${format.ext}`, format.msPerByte);
        if (ms !== null) return ms;
      }
    }
    return null;
  }
}

function candidates(name: string, language: string): string[] {
  const found: string[] = [];
  let lang = language;
  while (lang !== '') {
    found.push(`${lang}/${name}`);
    const underscore = lang.lastIndexOf('_');
    lang = underscore < 0 ? '' : lang.slice(0, underscore);
  }
  found.push(name);
  if (language !== DEFAULT_LANGUAGE && !language.startsWith(`${DEFAULT_LANGUAGE}_`)) found.push(`${DEFAULT_LANGUAGE}/${name}`);
  return found;
}

function fileDurationMs(path: string, msPerByte: number | 'wav-header'): number | null {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return null;
    size = stats.size;
  } catch {
    return null;
  }
  return msPerByte === 'wav-header' ? wavDurationMs(path, size) : size * msPerByte;
}

/**
 * A RIFF/WAVE file's length from its `fmt ` chunk (bytes per second) and its
 * `data` chunk (bytes of audio); a data size past the end of the file (a
 * stream written without knowing its length) counts to the end of the file.
 */
function wavDurationMs(path: string, size: number): number {
  const header = readStart(path, 4096);
  if (header.toString('latin1', 0, 4) !== 'RIFF' || header.toString('latin1', 8, 12) !== 'WAVE') {
    throw new Error(`${path} is not a WAV file`);
  }
  let bytesPerSecond = 0;
  for (let offset = 12; offset + 8 <= header.length;) {
    const id = header.toString('latin1', offset, offset + 4);
    const length = header.readUInt32LE(offset + 4);
    if (id === 'fmt ') bytesPerSecond = header.readUInt32LE(offset + 16);
    if (id === 'data') {
      if (bytesPerSecond === 0) break;
      const audio = Math.min(length, size - offset - 8);
      return (audio / bytesPerSecond) * 1000;
    }
    offset += 8 + length + (length % 2);
  }
  throw new Error(`${path}: no fmt and data chunks in its first ${header.length} bytes`);
}

function readStart(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
