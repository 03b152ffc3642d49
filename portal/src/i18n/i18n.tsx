import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGES, translate, type CatalogueKey, type Language, type Values } from './catalogue';

const STORAGE_KEY = 'kvorum.language';

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: CatalogueKey, values?: Values) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (stored !== null && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'nb';
}

/** The chosen language (kept in the browser), and `t` for every text of the portal. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({ language, setLanguage, t: (key, values) => translate(language, key, values) }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === null) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
