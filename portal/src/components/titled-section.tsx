import { Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Problem } from './problem';

/**
 * A titled part of a page: a bordered section named by its heading (`id` is
 * the heading's, for aria-labelledby), with what its actions do
 * (`explain`) and its refusal or fault (`problem`) above its content.
 */
export function TitledSection({
  id,
  title,
  explain,
  problem = null,
  children,
}: {
  id: string;
  title: string;
  explain?: string;
  problem?: string | null;
  children: ReactNode;
}) {
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Stack>
        <Title order={2} id={id}>
          {title}
        </Title>
        {explain !== undefined && <Text size="sm">{explain}</Text>}
        <Problem text={problem} />
        {children}
      </Stack>
    </Card>
  );
}
