import { CATALOGUE, type PromptKey } from './catalogue';
import type { CatalogueEntry, CountedForm, CountedParameter } from './catalogue-entry';
import type { PromptLanguage } from './languages';
import { spellNumber } from './number-words';
import { numberSoundName, promptParts, soundUri, type PromptPart } from './sound-units';

type Catalogue = typeof CATALOGUE;

type RequestOf<K extends PromptKey> = Catalogue[K] extends { kind: 'counted'; parameter: infer P extends CountedParameter }
  ? { readonly key: K } & { readonly [Name in P]: number }
  : { readonly key: K };

/**
 * What the core asks to be said: a key of the catalogue, with its number for
 * a counted prompt. `{ key: 'code.enter' }`, `{ key: 'meeting.count', count: 3 }`,
 * `{ key: 'meeting.minutes-left', minutes: 5 }`; a key that does not exist, or
 * a missing number, does not compile.
 */
export type PromptRequest = { [K in PromptKey]: RequestOf<K> }[PromptKey];

/**
 * The ARI media URIs that say `requests` in `language`, in order, for one
 * playback whose `lang` is `language`:
 * `renderPrompts('nb', [{ key: 'meeting.count', count: 21 }])` is
 * `['sound:kvorum/meeting-count-other-1', 'sound:kvorum/numbers/21', 'sound:kvorum/meeting-count-other-2']`.
 */
export function renderPrompts(language: PromptLanguage, requests: readonly PromptRequest[]): string[] {
  return requests.flatMap((request) =>
    resolve(language, request).flatMap(({ part, value }) =>
      part.kind === 'sound'
        ? [soundUri(part.unit.name)]
        : spellNumber(language, value, part.gender).words.map((word) => soundUri(numberSoundName(word.sound))),
    ),
  );
}

/** The words `requests` say in `language`, as text: "Det er tjueen deltakere i møtet." (for logs, tests and the portal). */
export function promptText(language: PromptLanguage, requests: readonly PromptRequest[]): string {
  return requests
    .flatMap((request) =>
      resolve(language, request).map(({ part, value }) =>
        part.kind === 'sound' ? part.unit.text : spellNumber(language, value, part.gender).text,
      ),
    )
    .join(' ');
}

/** The parts of one request in the form its number asks for, each with that number. */
function resolve(language: PromptLanguage, request: PromptRequest): { part: PromptPart; value: number }[] {
  const entry: CatalogueEntry = CATALOGUE[request.key];
  if (entry.kind !== 'counted') return promptParts(request.key, language).map((part) => ({ part, value: 0 }));
  const value = numberOf(request, entry.parameter);
  return promptParts(request.key, language, formFor(value)).map((part) => ({ part, value }));
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
