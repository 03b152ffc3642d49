import { spellEnglish, ENGLISH_NUMBER_VOCABULARY } from './number-words-en';
import { spellBokmal, BOKMAL_NUMBER_VOCABULARY } from './number-words-nb';
import type { PromptLanguage } from './languages';
import type { Gender, SpelledNumber, VocabularyWord } from './spelled-number';

/** The largest number Kvorum says in words. */
export const MAX_SPOKEN_NUMBER = 999_999_999;

const SPELLERS: Record<PromptLanguage, (n: number, gender: Gender) => SpelledNumber> = {
  en: spellEnglish,
  nb: spellBokmal,
};

const VOCABULARIES: Record<PromptLanguage, readonly VocabularyWord[]> = {
  en: ENGLISH_NUMBER_VOCABULARY,
  nb: BOKMAL_NUMBER_VOCABULARY,
};

/**
 * `n` in words in `language`, counting a noun of `gender`. The rules of each
 * language are in its module (number-words-nb.ts, number-words-en.ts).
 * A number that is not a whole number from 0 to MAX_SPOKEN_NUMBER is a fault
 * of the caller of this function.
 */
export function spellNumber(language: PromptLanguage, n: number, gender: Gender): SpelledNumber {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_SPOKEN_NUMBER) {
    throw new RangeError(`cannot say ${n}: only whole numbers from 0 to ${MAX_SPOKEN_NUMBER}`);
  }
  return SPELLERS[language](n, gender);
}

/** Every word the speller of `language` can use: the number sound files that language needs. */
export function numberVocabulary(language: PromptLanguage): readonly VocabularyWord[] {
  return VOCABULARIES[language];
}
