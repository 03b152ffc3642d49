import { Group, TextInput } from '@mantine/core';
import { useI18n } from '../../i18n/i18n';
import type { PeriodValue } from './period';

/** Two calendar days, both inclusive (the API says what is wrong with them: too long, backwards). */
export function PeriodPicker({ value, onChange }: { value: PeriodValue; onChange: (next: PeriodValue) => void }) {
  const { t } = useI18n();
  return (
    <Group align="end">
      <TextInput
        type="date"
        label={t('usage.period.from')}
        value={value.from}
        required
        onChange={(event) => onChange({ ...value, from: event.currentTarget.value })}
      />
      <TextInput
        type="date"
        label={t('usage.period.to')}
        value={value.to}
        required
        onChange={(event) => onChange({ ...value, to: event.currentTarget.value })}
      />
    </Group>
  );
}
