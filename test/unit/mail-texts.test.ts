import { describe, expect, it } from 'vitest';
import { MAIL_TEXTS } from '../../src/app/mail/mail-texts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the e-mail catalogue', () => {
  it('every language has every key of the English catalogue, not empty, with the same placeholders', () => {
    const reference = MAIL_TEXTS.en;
    for (const [language, texts] of Object.entries(MAIL_TEXTS)) {
      expect(Object.keys(texts).sort(), language).toEqual(Object.keys(reference).sort());
      for (const [key, text] of Object.entries(reference)) {
        const translated = (texts as Record<string, string>)[key];
        expect(translated?.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(translated ?? ''), `${language} ${key}`).toEqual(placeholders(text));
      }
    }
  });
});
