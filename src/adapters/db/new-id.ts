import { randomUUID } from 'node:crypto';

/** A unique row id with a readable prefix, e.g. `conf-3f2a…`. */
export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
