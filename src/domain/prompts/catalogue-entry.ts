import type { PromptLanguage } from './languages';
import type { Gender } from './spelled-number';

/**
 * The shapes of the prompt catalogue's entries (the data is in catalogue.ts).
 *
 * A text may hold its entry's parameter as a placeholder: `{count}` or
 * `{minutes}`, where the number is said in words; `{keys}`, where keypad keys
 * are said ("star six"); `{name}`, where a caller's recorded name is played.
 * Every other stretch of a text is one sound file.
 */

/** A text in Norwegian bokmål: spoken by the bokmål synthesiser unless a studio recording replaces it. */
export interface Wording {
  readonly text: string;
  /**
   * The language the text is written in when it is not the entry's own: it
   * is then spoken with that language's voice into this language's folder
   * ("For English, press star." inside a bokmål prompt).
   */
  readonly spokenIn?: PromptLanguage;
}

/**
 * A text in English. `core` names the Asterisk core sounds (Debian's
 * asterisk-core-sounds-en) that say exactly this text, in order, with the
 * placeholder where the number goes; without it the English is synthesised
 * like the Norwegian.
 */
export interface EnglishWording extends Wording {
  readonly core?: readonly string[];
}

/** A prompt without parameters. */
export interface PhraseEntry {
  readonly kind: 'phrase';
  /** When a caller hears it. */
  readonly usedWhen: string;
  readonly en: EnglishWording;
  readonly nb: Wording;
}

/**
 * The forms of a counted prompt in one language: `zero` and `one` for a count
 * of exactly 0 and 1 (both languages have only singular and plural, and
 * singular is exactly one), `other` for the rest. A form without `zero`
 * says 0 with `other`. `gender` is the gender of the counted noun, for the
 * number words ("hundre og én deltakere", "hundre og ett minutter").
 */
export interface CountedWordings<W extends Wording> {
  readonly gender: Gender;
  readonly zero?: W;
  readonly one: W;
  readonly other: W;
}

/** What a counted prompt counts: callers, or minutes. */
export type CountedParameter = 'count' | 'minutes';

/** A prompt that says a number: how many callers, how many minutes. */
export interface CountedEntry {
  readonly kind: 'counted';
  readonly usedWhen: string;
  /** The name of the number in a request (`{ key: 'meeting.count', count: 3 }`) and in the texts' placeholder. */
  readonly parameter: CountedParameter;
  readonly en: CountedWordings<EnglishWording>;
  readonly nb: CountedWordings<Wording>;
}

/** A prompt that says keypad keys where its text has `{keys}`: "Press {keys}" (`{ key: 'keypad.press', keys: '*6' }`). */
export interface KeyedEntry {
  readonly kind: 'keyed';
  readonly usedWhen: string;
  readonly en: EnglishWording;
  readonly nb: Wording;
}

/**
 * A prompt around a caller's own recorded name, played where its text has
 * `{name}` from the recording the request names (`{ key: 'names.joined',
 * name: '<recording>' }`): "{name} has joined the conference."
 */
export interface NamedEntry {
  readonly kind: 'named';
  readonly usedWhen: string;
  readonly en: EnglishWording;
  readonly nb: Wording;
}

/** A tone without words: the same Asterisk core sound in every language. */
export interface ToneEntry {
  readonly kind: 'tone';
  readonly usedWhen: string;
  /** What it sounds like. */
  readonly sounds: string;
  readonly core: string;
}

export type CatalogueEntry = PhraseEntry | CountedEntry | KeyedEntry | NamedEntry | ToneEntry;

export type CountedForm = 'zero' | 'one' | 'other';
