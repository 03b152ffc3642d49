import { describe, expect, it } from 'vitest';
import { assertNever } from '../../src/domain/assert-never';
import { CATALOGUE, PROMPT_KEYS } from '../../src/domain/prompts/catalogue';
import type { CatalogueEntry, Wording } from '../../src/domain/prompts/catalogue-entry';
import { PROMPT_LANGUAGES, promptLanguageOf, type PromptLanguage } from '../../src/domain/prompts/languages';
import { promptText, renderPrompts, type PromptRequest } from '../../src/domain/prompts/render';
import { countedForms, promptParts, soundUnits } from '../../src/domain/prompts/sound-units';

/** Every wording of an entry in one language, by form; tones have none. */
function wordingsOf(entry: CatalogueEntry, language: PromptLanguage): Record<string, Wording | undefined> {
  switch (entry.kind) {
    case 'phrase':
    case 'keyed':
    case 'named':
      return { text: entry[language] };
    case 'counted':
      return {
        one: entry[language].one,
        other: entry[language].other,
        ...('zero' in entry[language] ? { zero: entry[language].zero } : {}),
      };
    case 'tone':
      return {};
    default:
      return assertNever(entry);
  }
}

describe('the prompt catalogue', () => {
  it.each(PROMPT_KEYS)('%s has a text in every language Kvorum speaks', (key) => {
    const entry: CatalogueEntry = CATALOGUE[key];
    expect(entry.usedWhen).not.toBe('');
    for (const language of PROMPT_LANGUAGES) {
      for (const [form, wording] of Object.entries(wordingsOf(entry, language))) {
        expect(wording?.text.trim(), `${key} ${language} ${form}`).toMatch(/\p{L}/u);
      }
    }
  });

  it.each(PROMPT_KEYS.filter((key) => CATALOGUE[key].kind === 'counted'))(
    '%s says its number in its plural form in every language',
    (key) => {
      const entry = CATALOGUE[key] as Extract<CatalogueEntry, { kind: 'counted' }>;
      for (const language of PROMPT_LANGUAGES) expect(entry[language].other.text).toContain(`{${entry.parameter}}`);
    },
  );

  it.each(PROMPT_KEYS.filter((key) => CATALOGUE[key].kind === 'keyed' || CATALOGUE[key].kind === 'named'))(
    '%s says what its request carries (keys, a name) once in every language',
    (key) => {
      const entry = CATALOGUE[key] as Extract<CatalogueEntry, { kind: 'keyed' | 'named' }>;
      const placeholder = entry.kind === 'keyed' ? '{keys}' : '{name}';
      for (const language of PROMPT_LANGUAGES) expect(entry[language].text.split(placeholder), language).toHaveLength(2);
    },
  );

  it.each(PROMPT_LANGUAGES)('%s: every form of every prompt cuts into sound files (placeholders and core sounds agree)', (language) => {
    for (const key of PROMPT_KEYS) {
      for (const form of CATALOGUE[key].kind === 'counted' ? countedForms(key, language) : (['other'] as const)) {
        expect(() => promptParts(key, language, form), `${key} ${form}`).not.toThrow();
      }
    }
    const names = soundUnits(language).map((unit) => unit.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('phrases with a count', () => {
  const say = (language: PromptLanguage, ...requests: PromptRequest[]) => promptText(language, requests);

  it('count callers in bokmål with the singular, the plural and the gender of "deltaker"', () => {
    expect(say('nb', { key: 'meeting.count', count: 3 })).toBe('Det er tre deltakere i møtet.');
    expect(say('nb', { key: 'meeting.count', count: 1 })).toBe('Du er den eneste deltakeren i møtet.');
    expect(say('nb', { key: 'meeting.count', count: 21 })).toBe('Det er tjueen deltakere i møtet.');
    expect(say('nb', { key: 'meeting.count', count: 101 })).toBe('Det er hundre og én deltakere i møtet.');
    expect(say('nb', { key: 'meeting.others-present', count: 0 })).toBe('Du er den eneste i møtet.');
    expect(say('nb', { key: 'meeting.others-present', count: 1 })).toBe('Det er én annen deltaker i møtet.');
    expect(say('nb', { key: 'meeting.others-present', count: 4 })).toBe('Det er fire andre deltakere i møtet.');
  });

  it('count minutes in bokmål with the gender of "minutt"', () => {
    expect(say('nb', { key: 'meeting.minutes-left', minutes: 5 })).toBe('Du har fem minutter igjen.');
    expect(say('nb', { key: 'meeting.minutes-left', minutes: 1 })).toBe('Du har ett minutt igjen.');
    expect(say('nb', { key: 'meeting.minutes-left', minutes: 101 })).toBe('Du har hundre og ett minutter igjen.');
  });

  it('say the same in English as the core sounds did', () => {
    expect(say('en', { key: 'meeting.count', count: 3 })).toBe('There are currently three participants in the conference.');
    expect(say('en', { key: 'meeting.count', count: 1 })).toBe('You are currently the only participant in the conference.');
    expect(say('en', { key: 'meeting.others-present', count: 0 })).toBe('You are currently the only person in this conference.');
    expect(say('en', { key: 'meeting.others-present', count: 1 })).toBe('There is currently one other participant in the conference.');
    expect(say('en', { key: 'meeting.others-present', count: 21 })).toBe(
      'There are currently twenty-one other participants in the conference.',
    );
    expect(say('en', { key: 'meeting.minutes-left', minutes: 1 })).toBe('You have one minute.');
    expect(say('en', { key: 'meeting.minutes-left', minutes: 5 })).toBe('You have five minutes.');
  });
});

describe('rendering a prompt as ARI media', () => {
  it('plays every prompt from Kvorum’s folder, the number from its words', () => {
    expect(renderPrompts('nb', [{ key: 'meeting.count', count: 21 }])).toEqual([
      'sound:kvorum/meeting-count-other-1',
      'sound:kvorum/numbers/21',
      'sound:kvorum/meeting-count-other-2',
    ]);
    expect(renderPrompts('en', [{ key: 'meeting.count', count: 21 }])).toEqual([
      'sound:kvorum/meeting-count-other-1',
      'sound:kvorum/numbers/20',
      'sound:kvorum/numbers/1',
      'sound:kvorum/meeting-count-other-2',
    ]);
  });

  it('plays several prompts in order as one list (one playback)', () => {
    expect(renderPrompts('nb', [{ key: 'tone.beep' }, { key: 'meeting.minutes-left', minutes: 1 }, { key: 'call.goodbye' }])).toEqual([
      'sound:kvorum/tone-beep',
      'sound:kvorum/meeting-minutes-left-one',
      'sound:kvorum/call-goodbye',
    ]);
    expect(renderPrompts('en', [{ key: 'code.invalid' }, { key: 'code.enter' }])).toEqual([
      'sound:kvorum/code-invalid',
      'sound:kvorum/code-enter',
    ]);
  });

  it('renders only requests that exist, with their numbers (checked by the compiler)', () => {
    // @ts-expect-error: no such key
    expect(() => renderPrompts('nb', [{ key: 'meeting.nonsense' }])).toThrow();
    // @ts-expect-error: a counted prompt needs its number
    expect(() => renderPrompts('nb', [{ key: 'meeting.count' }])).toThrow(TypeError);
    // @ts-expect-error: and only its own number
    expect(() => renderPrompts('nb', [{ key: 'meeting.count', minutes: 3 }])).toThrow(TypeError);
  });
});

describe('phrases with keys and names', () => {
  it('say keypad keys in words, each key one sound file', () => {
    expect(promptText('en', [{ key: 'keypad.press', keys: '*6' }, { key: 'keypad.toggle-own-mute' }])).toBe(
      'Press star six to mute or unmute yourself.',
    );
    expect(promptText('nb', [{ key: 'keypad.press', keys: '##' }, { key: 'keypad.end-meeting' }])).toBe(
      'Trykk firkant firkant for å avslutte møtet for alle.',
    );
    expect(renderPrompts('nb', [{ key: 'keypad.press', keys: '#0' }])).toEqual([
      'sound:kvorum/keypad-press',
      'sound:kvorum/keys/pound',
      'sound:kvorum/keys/0',
    ]);
  });

  it('play a recorded name from the recording, never as text', () => {
    expect(renderPrompts('en', [{ key: 'names.joined', name: 'kvorum-names/kvorum/leg-1' }])).toEqual([
      'recording:kvorum-names/kvorum/leg-1',
      'sound:kvorum/names-joined',
    ]);
    expect(promptText('nb', [{ key: 'names.left', name: 'kvorum-names/kvorum/leg-1' }])).toBe('‹name› har forlatt møtet.');
  });

  // On Asterisk 22 a `recording:` item whose recording is gone is skipped without an end event: as the last
  // item of a playback, nothing would ever say the prompt had ended (test/e2e/support/real-asterisk-config.test.ts).
  it.each(PROMPT_KEYS.filter((key) => CATALOGUE[key].kind === 'named'))('%s never ends with the recorded name', (key) => {
    for (const language of PROMPT_LANGUAGES) {
      const media = renderPrompts(language, [{ key, name: 'kvorum-names/kvorum/leg-1' } as PromptRequest]);
      expect(media, language).toContain('recording:kvorum-names/kvorum/leg-1');
      expect(media.at(-1), language).toMatch(/^sound:/);
    }
  });

  it('refuse what cannot be said', () => {
    expect(() => renderPrompts('en', [{ key: 'keypad.press', keys: '*X' }])).toThrow(RangeError);
    // @ts-expect-error: a keyed prompt needs its keys
    expect(() => renderPrompts('en', [{ key: 'keypad.press' }])).toThrow(TypeError);
    // @ts-expect-error: a named prompt needs its recording
    expect(() => renderPrompts('en', [{ key: 'names.joined' }])).toThrow(TypeError);
  });
});

describe('the offer of English', () => {
  it('is in English in every language, spoken with the English voice in the bokmål folder', () => {
    expect(promptText('nb', [{ key: 'code.english-offer' }])).toBe('For English, press star.');
    expect(soundUnits('nb').find((unit) => unit.name === 'code-english-offer')).toEqual({
      name: 'code-english-offer',
      text: 'For English, press star.',
      spokenIn: 'en',
    });
    expect(
      soundUnits('nb')
        .filter((unit) => unit.spokenIn !== undefined)
        .map((unit) => unit.name),
    ).toEqual(['code-english-offer']);
  });
});

describe('language tags from elsewhere', () => {
  it.each([
    ['nb', 'nb'],
    ['nb_NO', 'nb'],
    ['no', 'nb'],
    ['nn-NO', 'nb'],
    ['NOB', 'nb'],
    ['en', 'en'],
    ['en_US', 'en'],
    ['en-GB', 'en'],
    ['eng', 'en'],
  ])('%s is spoken as %s', (tag, language) => {
    expect(promptLanguageOf(tag)).toBe(language);
  });

  it.each(['de', 'da_DK', 'sv', '', 'English please'])('%j is none of Kvorum’s languages: the caller picks a default', (tag) => {
    expect(promptLanguageOf(tag)).toBeNull();
  });
});
