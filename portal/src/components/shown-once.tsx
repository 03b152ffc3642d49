import { ActionIcon, Alert, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useI18n } from '../i18n/i18n';

export interface Secret {
  label: string;
  value: string;
}

/** Codes, tokens and reset codes the server shows once: each with its copy button. */
export function ShownOnce({ secrets, title }: { secrets: readonly Secret[]; title: string }) {
  const { t } = useI18n();
  return (
    <Alert color="yellow" title={title} role="status" styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}>
      <Stack gap="xs">
        <Text size="sm">{t('common.shownOnce')}</Text>
        {secrets.map((secret) => (
          <Group key={secret.label} gap="sm">
            <Text fw={600}>{secret.label}:</Text>
            <Text className="code" data-secret={secret.label}>
              {secret.value}
            </Text>
            <CopyButton value={secret.value}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
                  <ActionIcon variant="light" onClick={copy} aria-label={t('rooms.code.copy', { label: secret.label })}>
                    {copied ? '✓' : '⧉'}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
