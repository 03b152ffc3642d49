import { Alert, Center, Paper, Stack, TextInput, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from './language-switch';

/**
 * The frame of the pages a person sees signed out (sign in, a new password
 * with a reset code): a card with its heading, the problem if there is one,
 * its fields (a form when `onSubmit` is given) and the language switch.
 */
export function SignedOutCard(props: {
  title: string;
  problem: string | null;
  onSubmit?: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const content = (
    <Stack>
      <Title order={1} size="h2">
        {props.title}
      </Title>
      {props.problem !== null && (
        <Alert color="red" role="alert">
          {props.problem}
        </Alert>
      )}
      {props.children}
      <LanguageSwitch />
    </Stack>
  );
  return (
    <Center component="main" mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420}>
        {props.onSubmit === undefined ? (
          content
        ) : (
          <form onSubmit={props.onSubmit} noValidate>
            {content}
          </form>
        )}
      </Paper>
    </Center>
  );
}

/** The e-mail address a person signs in with, on the pages of the signed out. */
export function SignInEmail(props: { value: string; error: string | undefined; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <TextInput
      label={t('signIn.email')}
      type="email"
      autoComplete="username"
      required
      value={props.value}
      error={props.error}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}
