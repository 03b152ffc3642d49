import type { PromptLanguage } from './languages';
import type { VocabularyWord } from './spelled-number';

/**
 * The keys of a telephone keypad in words, as the spoken keypad help says
 * them ("Press star six", "Trykk stjerne seks"): one sound file per key and
 * language, named after the key (`keys/star`, `keys/6`). The English ones are
 * Asterisk's core sounds of the digits.
 */
const KEYS = ['*', '#', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

type Key = (typeof KEYS)[number];

const WORDS: Record<PromptLanguage, Record<Key, string>> = {
  en: {
    '*': 'star',
    '#': 'pound',
    '0': 'zero',
    '1': 'one',
    '2': 'two',
    '3': 'three',
    '4': 'four',
    '5': 'five',
    '6': 'six',
    '7': 'seven',
    '8': 'eight',
    '9': 'nine',
  },
  nb: {
    '*': 'stjerne',
    '#': 'firkant',
    '0': 'null',
    '1': 'en',
    '2': 'to',
    '3': 'tre',
    '4': 'fire',
    '5': 'fem',
    '6': 'seks',
    '7': 'sju',
    '8': 'åtte',
    '9': 'ni',
  },
};

/** A key's sound file name: `star`, `pound`, or the digit. */
function soundOf(key: Key): string {
  switch (key) {
    case '*':
      return 'star';
    case '#':
      return 'pound';
    default:
      return key;
  }
}

function isKey(value: string): value is Key {
  return (KEYS as readonly string[]).includes(value);
}

function wordOf(language: PromptLanguage, key: Key): VocabularyWord {
  const sound = soundOf(key);
  return { text: WORDS[language][key], sound, ...(language === 'en' ? { core: `digits/${sound}` } : {}) };
}

/** `keys` (`'*6'`, `'##'`) in words in `language`, one word per key. A character that is no key is a fault of the caller. */
export function spellKeys(language: PromptLanguage, keys: string): VocabularyWord[] {
  return [...keys].map((key) => {
    if (!isKey(key)) throw new RangeError(`cannot say the key ${JSON.stringify(key)}`);
    return wordOf(language, key);
  });
}

/** Every key word of `language`: the key sound files that language needs. */
export function keyVocabulary(language: PromptLanguage): VocabularyWord[] {
  return KEYS.map((key) => wordOf(language, key));
}
