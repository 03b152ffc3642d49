import { assertNever } from '../assert-never';
import { CATALOGUE, PROMPT_KEYS, type PromptKey } from './catalogue';
import type { CatalogueEntry, CountedForm, CountedParameter, EnglishWording, Wording } from './catalogue-entry';
import type { PromptLanguage } from './languages';
import { type Gender } from './spelled-number';
import { numberVocabulary } from './number-words';
import { keyVocabulary } from './key-words';

/**
 * How the catalogue becomes sound files, and a prompt a sequence of them.
 *
 * Every sound Kvorum plays lives in the folder `kvorum` of its language's
 * sounds directory (`sounds/nb/kvorum/code-enter.wav`) and is played as
 * `sound:kvorum/code-enter` with the playback's `lang` set to the caller's
 * language. A text is cut at its placeholder: each stretch of words is one
 * file (`meeting-count-other-1`, `meeting-count-other-2`), the number between
 * them is played from the number words (`numbers/21`).
 */

export const SOUND_FOLDER = 'kvorum';

/** One sound file of a language. */
export interface SoundUnit {
  /**
   * Its path under `<language>/kvorum/`, without extension: `code-enter`,
   * `meeting-count-other-1`, `numbers/21`. A studio recording with this name
   * replaces it.
   */
  readonly name: string;
  /** What it says (for a tone, what it sounds like). */
  readonly text: string;
  /** Made from these Asterisk core sounds, in order; otherwise synthesised from `text`. */
  readonly core?: readonly string[];
  /** Synthesised with this language's voice rather than the folder's (the text is in that language). */
  readonly spokenIn?: PromptLanguage;
}

/**
 * A piece of a prompt: a sound file, or what the request carries: its
 * number said in words, its keypad keys said in words, its recorded name.
 */
export type PromptPart =
  | { readonly kind: 'sound'; readonly unit: SoundUnit }
  | { readonly kind: 'number'; readonly parameter: CountedParameter; readonly gender: Gender }
  | { readonly kind: 'keys' }
  | { readonly kind: 'recording' };

/** The part a placeholder stands for, and how it is written in a text. */
type Slot = { readonly placeholder: string; readonly part: Exclude<PromptPart, { kind: 'sound' }> };

export function soundUri(name: string): string {
  return `sound:${SOUND_FOLDER}/${name}`;
}

export function numberSoundName(sound: string): string {
  return `numbers/${sound}`;
}

export function keySoundName(sound: string): string {
  return `keys/${sound}`;
}

/** A stored recording (a caller's name) as ARI plays it. */
export function recordingUri(name: string): string {
  return `recording:${name}`;
}

/** The forms of a counted prompt that exist in `language` (`zero` is optional). */
export function countedForms(key: PromptKey, language: PromptLanguage): CountedForm[] {
  const entry: CatalogueEntry = CATALOGUE[key];
  if (entry.kind !== 'counted') return [];
  return (['zero', 'one', 'other'] as const).filter((form) => entry[language][form] !== undefined);
}

const partsCache = new Map<string, readonly PromptPart[]>();

/** The parts of `key` in `language`; `form` for a counted prompt (ignored otherwise). */
export function promptParts(key: PromptKey, language: PromptLanguage, form: CountedForm = 'other'): readonly PromptPart[] {
  const cacheKey = `${language} ${key} ${form}`;
  let parts = partsCache.get(cacheKey);
  if (!parts) {
    parts = buildParts(key, language, form);
    partsCache.set(cacheKey, parts);
  }
  return parts;
}

function buildParts(key: PromptKey, language: PromptLanguage, form: CountedForm): PromptPart[] {
  const entry: CatalogueEntry = CATALOGUE[key];
  const base = key.replaceAll('.', '-');
  switch (entry.kind) {
    case 'tone':
      return [{ kind: 'sound', unit: { name: base, text: `(${entry.sounds})`, core: [entry.core] } }];
    case 'phrase':
      return wordingParts(key, base, entry[language], null);
    case 'keyed':
      return wordingParts(key, base, entry[language], { placeholder: '{keys}', part: { kind: 'keys' } });
    case 'named':
      return wordingParts(key, base, entry[language], { placeholder: '{name}', part: { kind: 'recording' } });
    case 'counted': {
      const wordings = entry[language];
      const wording = wordings[form] ?? wordings.other;
      const name = `${base}-${wordings[form] ? form : 'other'}`;
      const part = { kind: 'number', parameter: entry.parameter, gender: wordings.gender } as const;
      return wordingParts(key, name, wording, { placeholder: `{${entry.parameter}}`, part });
    }
    default:
      return assertNever(entry);
  }
}

/**
 * Cuts a text at its placeholder; the core sounds are cut at the same
 * placeholder, so each stretch of text gets the core sounds that say it.
 */
function wordingParts(key: PromptKey, name: string, wording: Wording | EnglishWording, slot: Slot | null): PromptPart[] {
  const pieces = wording.text.split(/(\{[^}]*\})/);
  const stretches = pieces.filter((_, index) => index % 2 === 0).map((stretch) => stretch.trim());
  const placeholders = pieces.filter((_, index) => index % 2 === 1);
  const expected = slot?.placeholder ?? null;
  if (placeholders.some((placeholder) => placeholder !== expected) || placeholders.length > 1) {
    throw new Error(`prompt ${key}: "${wording.text}" may hold only ${expected ?? 'no placeholder'}, once`);
  }
  const core = 'core' in wording && wording.core ? coreByStretch(key, wording.core, expected, stretches) : null;
  const spoken = stretches.filter((stretch) => stretch !== '').length;
  const parts: PromptPart[] = [];
  let numbered = 0;
  stretches.forEach((stretch, index) => {
    if (index > 0 && slot) parts.push(slot.part);
    if (stretch === '') return;
    numbered += 1;
    const unitCore = core?.[index];
    const unit: SoundUnit = {
      name: spoken === 1 ? name : `${name}-${numbered}`,
      text: stretch,
      ...(unitCore ? { core: unitCore } : {}),
      ...(wording.spokenIn ? { spokenIn: wording.spokenIn } : {}),
    };
    parts.push({ kind: 'sound', unit });
  });
  return parts;
}

function coreByStretch(key: PromptKey, core: readonly string[], placeholder: string | null, stretches: string[]): string[][] {
  const groups: string[][] = [[]];
  for (const sound of core) {
    if (sound === placeholder) groups.push([]);
    else groups.at(-1)!.push(sound);
  }
  if (groups.length !== stretches.length || groups.some((group, index) => (group.length === 0) !== (stretches[index] === ''))) {
    throw new Error(`prompt ${key}: its core sounds [${core.join(', ')}] do not follow its text's placeholder`);
  }
  return groups;
}

/**
 * Every sound file `language` needs: each stretch of every prompt in every
 * form, the number words and the key words. What `npm run prompts:generate` makes, and
 * what the checks compare the generated folders against.
 */
export function soundUnits(language: PromptLanguage): SoundUnit[] {
  const units = new Map<string, SoundUnit>();
  for (const key of PROMPT_KEYS) {
    const forms = CATALOGUE[key].kind === 'counted' ? countedForms(key, language) : (['other'] as const);
    for (const form of forms) {
      for (const part of promptParts(key, language, form)) {
        if (part.kind === 'sound') units.set(part.unit.name, part.unit);
      }
    }
  }
  const words = [
    ...numberVocabulary(language).map((word) => ({ word, name: numberSoundName(word.sound) })),
    ...keyVocabulary(language).map((word) => ({ word, name: keySoundName(word.sound) })),
  ];
  for (const { word, name } of words) units.set(name, { name, text: word.text, ...(word.core ? { core: [word.core] } : {}) });
  return [...units.values()];
}
