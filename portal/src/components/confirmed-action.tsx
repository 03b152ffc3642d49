import { Button, Group } from '@mantine/core';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * A destructive action (delete, deactivate) that asks once more, naming what
 * it does, before it is done. The keyboard's focus follows: to the
 * confirmation when it is asked, back to the action when it is cancelled or
 * done (a refusal, say). `opener` is the action's button, for a caller that
 * puts the focus back on it after the action replaced this one.
 */
export function ConfirmedAction(props: {
  label: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  opener?: RefObject<HTMLButtonElement | null>;
}) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const own = useRef<HTMLButtonElement>(null);
  const opener = props.opener ?? own;
  const confirm = useRef<HTMLButtonElement>(null);
  // Focus moves only once the person has used the action, never when the page renders it.
  const used = useRef(false);
  useEffect(() => {
    if (used.current) (confirming ? confirm : opener).current?.focus();
  }, [confirming, opener]);
  const ask = (next: boolean) => {
    used.current = true;
    setConfirming(next);
  };
  return (
    <Group>
      {confirming ? (
        <>
          <Button ref={confirm} color="red" onClick={() => void props.onConfirm().finally(() => ask(false))}>
            {props.confirmLabel}
          </Button>
          <Button variant="default" onClick={() => ask(false)}>
            {t('common.cancel')}
          </Button>
        </>
      ) : (
        <Button ref={opener} color="red" variant="outline" onClick={() => ask(true)}>
          {props.label}
        </Button>
      )}
    </Group>
  );
}
