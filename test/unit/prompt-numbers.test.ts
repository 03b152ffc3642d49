import { describe, expect, it } from 'vitest';
import { type Gender } from '../../src/domain/prompts/spelled-number';
import { MAX_SPOKEN_NUMBER, numberVocabulary, spellNumber } from '../../src/domain/prompts/number-words';
import { PROMPT_LANGUAGES } from '../../src/domain/prompts/languages';

const GENDERS: Gender[] = ['common', 'neuter'];
const upTo = (last: number) => Array.from({ length: last + 1 }, (_, n) => n);

// The rules of docs/design-notes.md written a second time, digit by digit
// and for 0..1000 only, to check the speller against.
const NB_ONES = ['', 'en', 'to', 'tre', 'fire', 'fem', 'seks', 'sju', 'åtte', 'ni'];
const NB_TEENS = ['ti', 'elleve', 'tolv', 'tretten', 'fjorten', 'femten', 'seksten', 'sytten', 'atten', 'nitten'];
const NB_TENS = ['', '', 'tjue', 'tretti', 'førti', 'femti', 'seksti', 'sytti', 'åtti', 'nitti'];

function referenceBokmal(n: number, gender: Gender): string {
  if (n === 0) return 'null';
  if (n === 1000) return 'tusen';
  const [h, t, u] = [...String(n).padStart(3, '0')].map(Number) as [number, number, number];
  const last = t * 10 + u;
  let lastWords: string;
  if (last === 1) lastWords = gender === 'neuter' ? 'ett' : 'én';
  else if (t === 0) lastWords = NB_ONES[u]!;
  else if (t === 1) lastWords = NB_TEENS[u]!;
  else lastWords = NB_TENS[t]! + NB_ONES[u]!;
  if (h === 0) return lastWords;
  const hundreds = h === 1 ? 'hundre' : `${NB_ONES[h]} hundre`;
  return last === 0 ? hundreds : `${hundreds} og ${lastWords}`;
}

const EN_ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const EN_TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function referenceEnglish(n: number): string {
  if (n === 0) return 'zero';
  if (n === 1000) return 'one thousand';
  const [h, t, u] = [...String(n).padStart(3, '0')].map(Number) as [number, number, number];
  let last: string;
  if (t === 0) last = EN_ONES[u]!;
  else if (t === 1) last = EN_TEENS[u]!;
  else last = EN_TENS[t]! + (u === 0 ? '' : `-${EN_ONES[u]}`);
  return [h === 0 ? '' : `${EN_ONES[h]} hundred`, last].filter((part) => part !== '').join(' ');
}

describe('numbers in bokmål', () => {
  it.each(GENDERS)('says 0 to 1,000 by the rules, counting a %s noun', (gender) => {
    for (const n of upTo(1000)) expect(spellNumber('nb', n, gender).text, String(n)).toBe(referenceBokmal(n, gender));
  });

  // Hand-checked against Språkrådet's and Norsk referansegrammatikk's examples (see docs/design-notes.md).
  it.each([
    [0, 'null', 'null'],
    [1, 'én', 'ett'],
    [2, 'to', 'to'],
    [7, 'sju', 'sju'],
    [11, 'elleve', 'elleve'],
    [20, 'tjue', 'tjue'],
    [21, 'tjueen', 'tjueen'],
    [27, 'tjuesju', 'tjuesju'],
    [30, 'tretti', 'tretti'],
    [31, 'trettien', 'trettien'],
    [40, 'førti', 'førti'],
    [88, 'åttiåtte', 'åttiåtte'],
    [99, 'nittini', 'nittini'],
    [100, 'hundre', 'hundre'],
    [101, 'hundre og én', 'hundre og ett'],
    [103, 'hundre og tre', 'hundre og tre'],
    [110, 'hundre og ti', 'hundre og ti'],
    [121, 'hundre og tjueen', 'hundre og tjueen'],
    [200, 'to hundre', 'to hundre'],
    [201, 'to hundre og én', 'to hundre og ett'],
    [999, 'ni hundre og nittini', 'ni hundre og nittini'],
    [1000, 'tusen', 'tusen'],
    [1001, 'tusen og én', 'tusen og ett'],
    [1100, 'tusen ett hundre', 'tusen ett hundre'],
    [1103, 'tusen ett hundre og tre', 'tusen ett hundre og tre'],
    [1234, 'tusen to hundre og trettifire', 'tusen to hundre og trettifire'],
    [2000, 'to tusen', 'to tusen'],
    [2050, 'to tusen og femti', 'to tusen og femti'],
    [2100, 'to tusen ett hundre', 'to tusen ett hundre'],
    [21_000, 'tjueen tusen', 'tjueen tusen'],
    [100_000, 'hundre tusen', 'hundre tusen'],
    [101_000, 'hundre og ett tusen', 'hundre og ett tusen'],
    [103_003, 'hundre og tre tusen og tre', 'hundre og tre tusen og tre'],
    [999_999, 'ni hundre og nittini tusen ni hundre og nittini', 'ni hundre og nittini tusen ni hundre og nittini'],
    [1_000_000, 'én million', 'én million'],
    [1_000_001, 'én million og én', 'én million og ett'],
    [1_001_000, 'én million ett tusen', 'én million ett tusen'],
    [1_003_000, 'én million tre tusen', 'én million tre tusen'],
    [2_000_000, 'to millioner', 'to millioner'],
    [2_000_100, 'to millioner ett hundre', 'to millioner ett hundre'],
    [100_000_000, 'hundre millioner', 'hundre millioner'],
  ])('%i is "%s" (common) and "%s" (neuter)', (n, common, neuter) => {
    expect(spellNumber('nb', n, 'common').text).toBe(common);
    expect(spellNumber('nb', n, 'neuter').text).toBe(neuter);
  });

  it('plays each word from its own file: tjueen is one file, ett has its own', () => {
    expect(spellNumber('nb', 21, 'common').words.map((word) => word.sound)).toEqual(['21']);
    expect(spellNumber('nb', 1103, 'neuter').words.map((word) => word.sound)).toEqual(['thousand', '1-neuter', 'hundred', 'and', '3']);
    expect(spellNumber('nb', 101, 'common').words.map((word) => word.sound)).toEqual(['hundred', 'and', '1']);
  });
});

describe('numbers in English', () => {
  it('says 0 to 1,000 as Asterisk says them in US English', () => {
    for (const n of upTo(1000)) expect(spellNumber('en', n, 'common').text, String(n)).toBe(referenceEnglish(n));
  });

  it.each([
    [0, 'zero'],
    [1, 'one'],
    [15, 'fifteen'],
    [21, 'twenty-one'],
    [40, 'forty'],
    [100, 'one hundred'],
    [101, 'one hundred one'],
    [999, 'nine hundred ninety-nine'],
    [1001, 'one thousand one'],
    [1100, 'one thousand one hundred'],
    [21_000, 'twenty-one thousand'],
    [1_000_000, 'one million'],
    [2_000_005, 'two million five'],
  ])('%i is "%s", whatever the gender', (n, text) => {
    expect(spellNumber('en', n, 'common').text).toBe(text);
    expect(spellNumber('en', n, 'neuter').text).toBe(text);
  });

  it('says twenty-one as the core sounds twenty and one', () => {
    expect(spellNumber('en', 21, 'common').words.map((word) => word.sound)).toEqual(['20', '1']);
    expect(spellNumber('en', 305, 'common').words.map((word) => word.sound)).toEqual(['3', 'hundred', '5']);
  });
});

describe('number vocabulary', () => {
  // Every number up to 20,000, then every 101st (all shapes of the thousands group), then the millions.
  const numbers = [...upTo(20_000), ...upTo(10_000).map((n) => 20_000 + n * 101), 12_345_678, 100_000_000, 201_001_021, MAX_SPOKEN_NUMBER];

  it.each(PROMPT_LANGUAGES)('%s: numbers are said with words its vocabulary has, in the order it writes them', (language) => {
    const vocabulary = new Map(numberVocabulary(language).map((word) => [word.sound, word.text]));
    const wrong: string[] = [];
    for (const n of numbers) {
      for (const gender of GENDERS) {
        const spelled = spellNumber(language, n, gender);
        const unknown = spelled.words.filter((word) => vocabulary.get(word.sound) !== word.text);
        const said = spelled.words.map((word) => word.text).join(' ');
        if (unknown.length > 0 || said !== spelled.text.replaceAll('-', ' ')) wrong.push(`${n} ${gender}: ${said}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses what it cannot say', () => {
    expect(() => spellNumber('nb', -1, 'common')).toThrow(RangeError);
    expect(() => spellNumber('nb', 2.5, 'common')).toThrow(RangeError);
    expect(() => spellNumber('en', MAX_SPOKEN_NUMBER + 1, 'common')).toThrow(RangeError);
  });
});
