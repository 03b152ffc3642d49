import type { NumberWord, SpelledNumber, VocabularyWord } from './spelled-number';

/**
 * Numbers in US English, said as Asterisk's English `number:` playback
 * (say.c) says them with the US-English core sounds, so English callers hear
 * what they heard before: no "and" (one hundred three), "one" before hundred
 * and thousand (one thousand one), a hyphen between tens and ones in writing
 * (twenty-one), which is spoken as two words (digits/20, digits/1).
 * The sound files are the core sounds `digits/N`, copied into `kvorum/numbers/`.
 */

const BELOW_20 = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

const HUNDRED: NumberWord = { text: 'hundred', sound: 'hundred' };
const THOUSAND: NumberWord = { text: 'thousand', sound: 'thousand' };
const MILLION: NumberWord = { text: 'million', sound: 'million' };

interface Part {
  text: string;
  words: NumberWord[];
}

function word(n: number): NumberWord {
  return { text: n < 20 ? BELOW_20[n]! : TENS[n / 10]!, sound: String(n) };
}

function below100(n: number): Part {
  if (n < 20 || n % 10 === 0) return single(word(n));
  const tens = word(n - (n % 10));
  const ones = word(n % 10);
  return { text: `${tens.text}-${ones.text}`, words: [tens, ones] };
}

function single(numberWord: NumberWord): Part {
  return { text: numberWord.text, words: [numberWord] };
}

/** 1..999 */
function group(n: number): Part[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const parts: Part[] = [];
  if (hundreds > 0) parts.push(single(word(hundreds)), single(HUNDRED));
  if (rest > 0) parts.push(below100(rest));
  return parts;
}

export function spellEnglish(n: number): SpelledNumber {
  if (n === 0) return joined([single(word(0))]);
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor(n / 1000) % 1000;
  const rest = n % 1000;
  const parts: Part[] = [];
  if (millions > 0) parts.push(...group(millions), single(MILLION));
  if (thousands > 0) parts.push(...group(thousands), single(THOUSAND));
  if (rest > 0) parts.push(...group(rest));
  return joined(parts);
}

function joined(parts: Part[]): SpelledNumber {
  return { text: parts.map((part) => part.text).join(' '), words: parts.flatMap((part) => part.words) };
}

const CORE_WORDS: NumberWord[] = [...Array.from({ length: 20 }, (_, n) => word(n)), ...[2, 3, 4, 5, 6, 7, 8, 9].map((t) => word(t * 10))];

export const ENGLISH_NUMBER_VOCABULARY: readonly VocabularyWord[] = [...CORE_WORDS, HUNDRED, THOUSAND, MILLION].map((w) => ({
  ...w,
  core: `digits/${w.sound}`,
}));
