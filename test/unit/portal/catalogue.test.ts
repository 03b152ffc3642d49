import { describe, expect, it } from 'vitest';
import { CATALOGUES, LANGUAGES, translate } from '../../../portal/src/i18n/catalogue';

describe("the portal's catalogue", () => {
  it('has the same keys in bokmål and English, so no page shows a key instead of a text', () => {
    expect(Object.keys(CATALOGUES.nb).sort()).toEqual(Object.keys(CATALOGUES.en).sort());
  });

  it.each(LANGUAGES)('has a text for every key in %s, and the same {placeholders} as English', (language) => {
    for (const [key, english] of Object.entries(CATALOGUES.en)) {
      const text = CATALOGUES[language][key as keyof typeof CATALOGUES.en];
      expect(text.trim(), key).not.toBe('');
      const placeholders = (value: string) => [...value.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      expect(placeholders(text), key).toEqual(placeholders(english));
    }
  });

  it('fills in the values a text names', () => {
    expect(translate('nb', 'rooms.created.title', { name: 'Styremøte' })).toBe('Møterommet Styremøte er klart');
    expect(translate('en', 'common.pageOf', { page: 2, pages: 40 })).toBe('Page 2 of 40');
  });
});
