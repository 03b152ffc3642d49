import type { PromptLanguage } from '../../src/domain/prompts/languages';

/**
 * Words espeak-ng says wrongly, and what to give it instead: a respelling,
 * or its own phoneme notation in [[ ]]. Applied to whole words of a text
 * before it is spoken; the catalogue keeps the correct spelling.
 * Check a word with `espeak-ng -v nb -q -x "word"`.
 */
export const ESPEAK_LEXICON: Record<PromptLanguage, Readonly<Record<string, string>>> = {
  en: {},
  nb: {
    // "og" is said "å"; espeak reads the letters.
    og: 'å',
    // espeak stresses the first syllable of these loan words; bokmål stresses the last.
    minutt: "[[mi'nut:]]",
    minutter: "[[mi'nut:@R]]",
    million: "[[mIli'u:n]]",
    millioner: "[[mIli'u:n@R]]",
    mikrofonen: "[[mIkRu:f'u:n@n]]",
    aktivert: "[[Akti:v'aRt]]",
    deaktivert: "[[de:Akti:v'aRt]]",
    imot: "[[i:m'u:t]]",
  },
};

/** `text` as espeak-ng should be given it in `language`. */
export function forEspeak(language: PromptLanguage, text: string): string {
  const lexicon = ESPEAK_LEXICON[language];
  return text.replace(/\p{L}+/gu, (word) => lexicon[word.toLowerCase()] ?? word);
}
