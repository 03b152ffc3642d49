import { PROMPT_LANGUAGES, type PromptLanguage } from '../../src/domain/prompts/languages';
import { renderPrompts, type PromptRequest } from '../../src/domain/prompts/render';
import { soundUnits, soundUri } from '../../src/domain/prompts/sound-units';

/**
 * What a caller heard, as every world of the tests records it (the in-memory
 * telephony, the simulator, a real Asterisk's playback events): each media
 * item, and the language it was played in. Kvorum's URIs are the same in
 * every language, so only the language tells Norwegian from English.
 */
export interface Heard {
  media: string;
  language: string;
}

/** What a caller hears of `requests` said in `language`: one item per sound file, in order. */
export function said(language: PromptLanguage, ...requests: PromptRequest[]): Heard[] {
  return renderPrompts(language, requests).map((media) => ({ media, language }));
}

/**
 * How many times the caller heard all of `request`, its items one after the
 * other: in `language`, or (left out) in any language, by the media alone.
 */
export function timesHeard(heard: readonly Heard[], request: PromptRequest, language?: PromptLanguage): number {
  const renderings = (language === undefined ? PROMPT_LANGUAGES : [language]).map((spoken) => said(spoken, request));
  const matchesAt = (start: number, expected: Heard[]) =>
    expected.every((item, offset) => {
      const actual = heard[start + offset];
      return actual?.media === item.media && (language === undefined || actual.language === item.language);
    });
  return heard.filter((_, start) => renderings.some((expected) => matchesAt(start, expected))).length;
}

const TEXTS = new Map<string, string>(
  PROMPT_LANGUAGES.flatMap((language) => soundUnits(language).map((unit) => [`${language} ${soundUri(unit.name)}`, unit.text] as const)),
);

/**
 * The words the caller heard, as the catalogue writes them: "Det er tre
 * deltakere i møtet." Items that are not Kvorum's are shown as they are.
 */
export function heardText(heard: readonly Heard[]): string {
  return heard.map((item) => TEXTS.get(`${item.language} ${item.media}`) ?? `[${item.media}]`).join(' ');
}

/** The one media URI of a prompt that is a single sound file (most are), said in `language`. */
export function soundOf(request: PromptRequest, language: PromptLanguage = 'en'): string {
  const [media, ...more] = renderPrompts(language, [request]);
  if (media === undefined || more.length > 0) throw new Error(`${request.key} is not one sound file: use said()`);
  return media;
}

/** What a caller hears of a prompt that is a single sound file, said in `language`. */
export function heardItem(request: PromptRequest, language: PromptLanguage = 'en'): Heard {
  return { media: soundOf(request, language), language };
}
