import type { Gender, NumberWord, SpelledNumber, VocabularyWord } from './spelled-number';

/**
 * Numbers in Norwegian bokmål, as Kvorum says them (the rules and their
 * sources are in docs/design-notes.md, "Numbers in bokmål"):
 * - the tens come first, written and spoken as one word under 100 (the
 *   counting introduced in 1951 and taught in school): tjueen, trettito,
 *   førtifem; `tjue`, `tretti`, `sju` (not tyve, tredve, syv);
 * - a lone one agrees with the noun counted: én deltaker, ett minutt; inside
 *   a compound it is always `en`: tjueen deltakere, tjueen minutter;
 * - hundre and tusen are neuter: ett hundre, ett tusen, and a number that
 *   begins with one hundred or one thousand drops the `ett`: hundre, tusen,
 *   hundre og tre, tusen og én; inside a number it stays: tusen ett hundre,
 *   to tusen ett hundre; million is masculine and counted: én million,
 *   to millioner;
 * - `og` comes before the last part of the number when that part is under
 *   100 and something bigger comes before it: hundre og tre, tusen og én,
 *   to tusen og femti, tusen ett hundre og tre, én million og tolv; and
 *   inside a group of thousands or millions with hundreds: hundre og tre tusen.
 */

const ONES = ['null', 'én', 'to', 'tre', 'fire', 'fem', 'seks', 'sju', 'åtte', 'ni'];
const TEENS = ['ti', 'elleve', 'tolv', 'tretten', 'fjorten', 'femten', 'seksten', 'sytten', 'atten', 'nitten'];
const TENS = ['', '', 'tjue', 'tretti', 'førti', 'femti', 'seksti', 'sytti', 'åtti', 'nitti'];

const ETT: NumberWord = { text: 'ett', sound: '1-neuter' };
const HUNDRE: NumberWord = { text: 'hundre', sound: 'hundred' };
const TUSEN: NumberWord = { text: 'tusen', sound: 'thousand' };
const MILLION: NumberWord = { text: 'million', sound: 'million' };
const MILLIONER: NumberWord = { text: 'millioner', sound: 'millions' };
const OG: NumberWord = { text: 'og', sound: 'and' };

/** 0..99 as one word; the sound file is named by the value (`21`), `ett` by `1-neuter`. */
function below100(n: number, gender: Gender): NumberWord {
  if (n === 1 && gender === 'neuter') return ETT;
  return { text: below100Text(n), sound: String(n) };
}

function below100Text(n: number): string {
  if (n < 10) return ONES[n]!;
  if (n < 20) return TEENS[n - 10]!;
  const ones = n % 10;
  // In a compound the one is "en" whatever the gender: tjueen.
  return TENS[Math.floor(n / 10)]! + (ones === 0 ? '' : ones === 1 ? 'en' : ONES[ones]!);
}

/** A group of three digits (1..999) counting a noun of `gender`; `og` before its tens when it has hundreds or `afterBigger`. */
function group(n: number, gender: Gender, leading: boolean, afterBigger: boolean): NumberWord[] {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const words: NumberWord[] = [];
  if (hundreds > 0) {
    if (!(hundreds === 1 && leading)) words.push(below100(hundreds, 'neuter'));
    words.push(HUNDRE);
  }
  if (rest > 0) {
    if (hundreds > 0 || afterBigger) words.push(OG);
    words.push(below100(rest, gender));
  }
  return words;
}

export function spellBokmal(n: number, gender: Gender): SpelledNumber {
  if (n === 0) return spelled([below100(0, gender)]);
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor(n / 1000) % 1000;
  const rest = n % 1000;
  const words: NumberWord[] = [];
  if (millions > 0) words.push(...group(millions, 'common', true, false), millions === 1 ? MILLION : MILLIONER);
  if (thousands === 1 && words.length === 0) words.push(TUSEN);
  else if (thousands > 0) words.push(...group(thousands, 'neuter', words.length === 0, false), TUSEN);
  if (rest > 0) words.push(...group(rest, gender, words.length === 0, words.length > 0));
  return spelled(words);
}

function spelled(words: NumberWord[]): SpelledNumber {
  return { text: words.map((word) => word.text).join(' '), words };
}

export const BOKMAL_NUMBER_VOCABULARY: readonly VocabularyWord[] = [
  ...Array.from({ length: 100 }, (_, n) => below100(n, 'common')),
  ETT,
  HUNDRE,
  TUSEN,
  MILLION,
  MILLIONER,
  OG,
];
