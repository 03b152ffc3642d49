import { en, type CatalogueKey } from './en';
import { nb } from './nb';

export const LANGUAGES = ['nb', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CATALOGUES = { nb, en } as const;

export type Values = Record<string, string | number>;

/** The text of `key` in `language`, with `{name}` replaced by `values.name`. */
export function translate(language: Language, key: CatalogueKey, values: Values = {}): string {
  return CATALOGUES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

export type { CatalogueKey };
