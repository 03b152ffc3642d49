/**
 * The languages Kvorum speaks to callers. Each is also the name of its folder
 * under Asterisk's sounds directory (`sounds/nb/kvorum/...`) and the `lang`
 * of an ARI playback. Norwegian bokmål is `nb` (ISO 639-1); Asterisk's own
 * say.c knows Norwegian only as `no`, which Kvorum does not use.
 */
export const PROMPT_LANGUAGES = ['en', 'nb'] as const;

export type PromptLanguage = (typeof PROMPT_LANGUAGES)[number];

export function isPromptLanguage(value: string): value is PromptLanguage {
  return (PROMPT_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Language tags Kvorum meets that mean one of its languages, by their first
 * part: ISO 639-1 and 639-2 codes, and Norwegian as Asterisk (`no`) and the
 * macrolanguage name it, as well as nynorsk, whose readers are served best
 * by the bokmål voice.
 */
const TAGS: Readonly<Record<string, PromptLanguage>> = {
  en: 'en',
  eng: 'en',
  nb: 'nb',
  nob: 'nb',
  no: 'nb',
  nor: 'nb',
  nn: 'nb',
  nno: 'nb',
};

/**
 * The language Kvorum speaks for a language tag as stored or configured
 * elsewhere (`nb_NO`, `en-GB`, `no`): `nb`, `en`; null for a tag that is
 * none of Kvorum's languages, for the caller to choose a default.
 */
export function promptLanguageOf(tag: string): PromptLanguage | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/, 1)[0] ?? '';
  return Object.hasOwn(TAGS, primary) ? TAGS[primary]! : null;
}
