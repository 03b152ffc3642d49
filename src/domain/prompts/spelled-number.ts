/** The words of a spoken number, shared by the language spellers (number-words-en.ts, number-words-nb.ts) and number-words.ts. */

/**
 * The grammatical gender of the noun a number counts, which decides how a
 * number ending in a lone one is said in bokmål: `common` "én deltaker",
 * `neuter` "ett minutt". Feminine nouns count like common ones ("én hånd";
 * "ei" is not used for the number). English ignores it.
 */
export type Gender = 'common' | 'neuter';

/** One spoken word of a number: as written, and the sound file that says it (a name under `kvorum/numbers/`). */
export interface NumberWord {
  readonly text: string;
  readonly sound: string;
}

/** A number in words: the written form ("tusen ett hundre og tre", "twenty-one") and the words to play, in order. */
export interface SpelledNumber {
  readonly text: string;
  readonly words: readonly NumberWord[];
}

/** A word the speller of a language can use; `core` names the Asterisk core sound it is made from, if any. */
export interface VocabularyWord extends NumberWord {
  readonly core?: string;
}
