import { Button, Group, Text } from '@mantine/core';
import { useCallback, useState, type ReactNode } from 'react';
import { problemText, type ApiProblem } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

/** A one-line form that adds a row, saying "saved" once the server took it. */
export function AddForm({
  submitLabel,
  saved,
  onSubmit,
  children,
}: {
  submitLabel: string;
  saved: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <Group align="end">
        {children}
        <Button type="submit">{submitLabel}</Button>
      </Group>
      {saved && (
        <Text role="status" c="green.9" mt="xs">
          {t('billing.form.saved')}
        </Text>
      )}
    </form>
  );
}

/**
 * Reading a list and adding to it: the problem to show, whether the last
 * addition was saved, `failed` for a read that failed, and `add`, which sends
 * the request (none: the form found it wrong) and reads the list again once
 * the server took it.
 */
export function useListAndAdd() {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const failed = useCallback((error: ApiProblem | undefined) => setProblem(t('common.error', { message: problemText(error) })), [t]);
  const add = async (request: (() => Promise<{ error?: ApiProblem | undefined }>) | null, reload: () => void) => {
    setSaved(false);
    setProblem(null);
    if (request === null) return false;
    const { error } = await request();
    if (error) {
      setProblem(t('common.refused', { message: problemText(error) }));
      return false;
    }
    setSaved(true);
    reload();
    return true;
  };
  return { problem, saved, failed, add };
}
