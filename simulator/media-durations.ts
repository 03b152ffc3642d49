import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SoundFiles } from './sound-files';

/**
 * How long a media item plays, so that timing at time scale 1 is the real
 * one: an addChannel held behind a prompt, a key typed over it.
 *
 * `sound:` items are measured from the files Asterisk would play (see
 * sound-files.ts): Kvorum's generated prompts (`npm run prompts:generate`)
 * and Debian's core sounds. null: no such file; Asterisk fails the item at
 * once and nothing is heard. Items Asterisk composes itself (say.c's
 * `number:`, `digits:`, `characters:`) are estimated per spoken character.
 */

/**
 * Where the simulator looks for sounds, like `<astdatadir>/sounds`:
 * `$KVORUM_SIM_SOUNDS` (directories separated by `:`), else the generator's
 * default output `build/sounds` and Debian's `/usr/share/asterisk/sounds`.
 */
export function defaultSoundDirectories(): string[] {
  const fromEnvironment = process.env.KVORUM_SIM_SOUNDS;
  if (fromEnvironment) return fromEnvironment.split(delimiter).filter((dir) => dir !== '');
  return [fileURLToPath(new URL('../build/sounds', import.meta.url)), '/usr/share/asterisk/sounds'];
}

/** One spoken word of a number or digit string ("twenty", "five"). */
const SPOKEN_WORD_MS = 850;
const RECORDING_MS = 2000;
const TONE_MS = 500;
const OTHER_MS = 1000;

export type MediaDurations = (uri: string, language: string) => number | null;

export function mediaDurationsFrom(directories: readonly string[]): MediaDurations {
  const files = new SoundFiles(directories);
  return (uri, language) => {
    const [scheme, rest] = splitUri(uri);
    switch (scheme) {
      case 'sound':
        return files.durationMs(rest, language);
      case 'recording':
        return RECORDING_MS;
      case 'number':
      case 'digits':
      case 'characters':
        return SPOKEN_WORD_MS * Math.max(1, rest.length);
      case 'tone':
        return TONE_MS;
      default:
        return OTHER_MS;
    }
  };
}

let defaultDurations: MediaDurations | null = null;

/** Unscaled length of one media item, measured in the default sound directories (see above). */
export function defaultMediaDurationMs(uri: string, language = 'en'): number | null {
  defaultDurations ??= mediaDurationsFrom(defaultSoundDirectories());
  return defaultDurations(uri, language);
}

function splitUri(uri: string): [string, string] {
  const colon = uri.indexOf(':');
  return colon < 0 ? ['', uri] : [uri.slice(0, colon), uri.slice(colon + 1)];
}
