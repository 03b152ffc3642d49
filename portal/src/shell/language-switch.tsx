import { NativeSelect } from '@mantine/core';
import { LANGUAGES, type Language } from '../i18n/catalogue';
import { useI18n } from '../i18n/i18n';

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <NativeSelect
      label={t('shell.language')}
      value={language}
      data={LANGUAGES.map((value) => ({ value, label: t(`language.${value}`) }))}
      onChange={(event) => setLanguage(event.currentTarget.value as Language)}
    />
  );
}
