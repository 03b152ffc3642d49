import type { IncomingMessage } from 'node:http';

export type BodyProblem = 'too-large' | 'not-json';

/**
 * Reads a request body as JSON; an empty body is `undefined`. A body over
 * `maxBytes` or that is not JSON is refused with the error `refuse` makes,
 * so each API answers in its own words.
 */
export async function readJsonBody(
  request: IncomingMessage,
  refuse: (problem: BodyProblem) => Error,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw refuse('too-large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw refuse('not-json');
  }
}
