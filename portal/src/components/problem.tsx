import { Alert } from '@mantine/core';

/** A refusal or a fault, announced to screen readers as it appears. */
export function Problem({ text }: { text: string | null }) {
  if (text === null || text === '') return null;
  return (
    <Alert color="red" role="alert">
      {text}
    </Alert>
  );
}
