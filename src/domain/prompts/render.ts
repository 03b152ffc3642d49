import { assertNever } from '../assert-never';
import { CATALOGUE, type PromptKey } from './catalogue';
import type { CatalogueEntry, CountedForm, CountedParameter } from './catalogue-entry';
import { spellKeys } from './key-words';
import type { PromptLanguage } from './languages';
import { spellNumber } from './number-words';
import { keySoundName, numberSoundName, promptParts, recordingUri, soundUri, type PromptPart } from './sound-units';

type Catalogue = typeof CATALOGUE;

type RequestOf<K extends PromptKey> = Catalogue[K] extends { kind: 'counted'; parameter: infer P extends CountedParameter }
  ? { readonly key: K } & { readonly [Name in P]: number }
  : Catalogue[K] extends { kind: 'keyed' }
    ? { readonly key: K; readonly keys: string }
    : Catalogue[K] extends { kind: 'named' }
      ? { readonly key: K; readonly name: string }
      : { readonly key: K };

/**
 * What the core asks to be said: a key of the catalogue, with its number for
 * a counted prompt, its keypad keys for a keyed one, the name of a caller's
 * recording for a named one. `{ key: 'code.enter' }`, `{ key: 'meeting.count', count: 3 }`,
 * `{ key: 'keypad.press', keys: '*6' }`, `{ key: 'names.joined', name: 'kvorum-names/kvorum/leg-1' }`;
 * a key that does not exist, or a missing parameter, does not compile.
 */
export type PromptRequest = { [K in PromptKey]: RequestOf<K> }[PromptKey];

/**
 * The ARI media URIs that say `requests` in `language`, in order, for one
 * playback whose `lang` is `language`:
 * `renderPrompts('nb', [{ key: 'meeting.count', count: 21 }])` is
 * `['sound:kvorum/meeting-count-other-1', 'sound:kvorum/numbers/21', 'sound:kvorum/meeting-count-other-2']`.
 */
export function renderPrompts(language: PromptLanguage, requests: readonly PromptRequest[]): string[] {
  return requests.flatMap((request) => resolve(language, request).flatMap((part) => mediaOf(language, request, part)));
}

/**
 * The words `requests` say in `language`, as text: "Det er tjueen deltakere i møtet." (for tests and the portal).
 * A recorded name is shown as `‹name›`: what the caller said is never text.
 */
export function promptText(language: PromptLanguage, requests: readonly PromptRequest[]): string {
  return requests.flatMap((request) => resolve(language, request).map((part) => textOf(language, request, part))).join(' ');
}

function mediaOf(language: PromptLanguage, request: PromptRequest, part: PromptPart): string[] {
  switch (part.kind) {
    case 'sound':
      return [soundUri(part.unit.name)];
    case 'number':
      return spellNumber(language, numberOf(request, part.parameter), part.gender).words.map((word) =>
        soundUri(numberSoundName(word.sound)),
      );
    case 'keys':
      return spellKeys(language, stringOf(request, 'keys')).map((word) => soundUri(keySoundName(word.sound)));
    case 'recording':
      return [recordingUri(stringOf(request, 'name'))];
    default:
      return assertNever(part);
  }
}

function textOf(language: PromptLanguage, request: PromptRequest, part: PromptPart): string {
  switch (part.kind) {
    case 'sound':
      return part.unit.text;
    case 'number':
      return spellNumber(language, numberOf(request, part.parameter), part.gender).text;
    case 'keys':
      return spellKeys(language, stringOf(request, 'keys'))
        .map((word) => word.text)
        .join(' ');
    case 'recording':
      return '‹name›';
    default:
      return assertNever(part);
  }
}

/** The parts of one request, in the form its number asks for. */
function resolve(language: PromptLanguage, request: PromptRequest): readonly PromptPart[] {
  const entry: CatalogueEntry = CATALOGUE[request.key];
  if (entry.kind !== 'counted') return promptParts(request.key, language);
  return promptParts(request.key, language, formFor(numberOf(request, entry.parameter)));
}

function formFor(value: number): CountedForm {
  if (value === 0) return 'zero';
  return value === 1 ? 'one' : 'other';
}

function numberOf(request: PromptRequest, parameter: CountedParameter): number {
  const value: unknown = (request as Partial<Record<CountedParameter, unknown>>)[parameter];
  if (typeof value !== 'number') throw new TypeError(`prompt ${request.key} needs its ${parameter}`);
  return value;
}

function stringOf(request: PromptRequest, parameter: 'keys' | 'name'): string {
  const value: unknown = (request as Partial<Record<'keys' | 'name', unknown>>)[parameter];
  if (typeof value !== 'string' || value === '') throw new TypeError(`prompt ${request.key} needs its ${parameter}`);
  return value;
}
