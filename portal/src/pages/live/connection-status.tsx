import { Text } from '@mantine/core';
import { useI18n } from '../../i18n/i18n';

/** Whether the push is up: announced politely to screen readers when it changes. */
export function ConnectionStatus({ connected }: { connected: boolean }) {
  const { t } = useI18n();
  return (
    <Text role="status" fw={500} size="sm">
      {connected ? `● ${t('live.connected')}` : `○ ${t('live.reconnecting')}`}
    </Text>
  );
}
