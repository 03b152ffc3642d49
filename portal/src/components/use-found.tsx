import { Alert, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { Problem } from './problem';

/**
 * One object of the API by its address (a room, a user): null while it
 * loads, 'not-found' when the server says it does not exist for the caller
 * (another organisation's, or gone), as the API answers 404 for both.
 */
export function useFound<T>(load: () => Promise<{ data?: T; response: Response }>, key: string) {
  const { t } = useI18n();
  const [value, setValue] = useState<T | null | 'not-found'>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void load().then(({ data, response }) => {
      if (!current) return;
      if (data) setValue(data);
      else if (response.status === 404 || response.status === 400) setValue('not-found');
      else setProblem(t('common.error', { message: String(response.status) }));
    });
    return () => {
      current = false;
    };
    // `key` names what is loaded; `load` is a new function on every render.
  }, [key, t]);
  return { value, setValue, problem, setProblem };
}

/** What a page shows instead of its object while it loads or when it is not found. */
export function NotYet({ value, problem }: { value: null | 'not-found'; problem: string | null }) {
  const { t } = useI18n();
  if (value === 'not-found')
    return (
      <Alert color="gray" role="alert">
        {t('common.notFound')}
      </Alert>
    );
  return problem === null ? <Text>{t('common.loading')}</Text> : <Problem text={problem} />;
}
