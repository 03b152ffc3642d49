import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** A destructive action (delete, deactivate) that asks once more, naming what it does, before it is done. */
export function ConfirmedAction(props: { label: string; confirmLabel: string; onConfirm: () => Promise<void> }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  return (
    <Group>
      {confirming ? (
        <>
          <Button color="red" onClick={() => void props.onConfirm().finally(() => setConfirming(false))}>
            {props.confirmLabel}
          </Button>
          <Button variant="default" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </Button>
        </>
      ) : (
        <Button color="red" variant="outline" onClick={() => setConfirming(true)}>
          {props.label}
        </Button>
      )}
    </Group>
  );
}
