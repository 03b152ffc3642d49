import type { z } from 'zod';
import { invalidRequest, type FieldProblem } from './api-error';

type Location = FieldProblem['location'];

/**
 * Parses one part of the request, naming each wrong field. Problems of all
 * parts are collected before answering, so the caller sees them all at once.
 */
export function parsePart(schema: z.ZodType | undefined, value: unknown, location: Location, problems: FieldProblem[]): unknown {
  if (!schema) return {};
  const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const report = (field: string, message: string) => {
    // One problem per field is enough to fix it; a value can break several rules at once.
    if (!problems.some((p) => p.location === location && p.field === field)) problems.push({ location, field, message });
  };
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) report(path ? `${path}.${key}` : key, 'unknown field');
    } else {
      report(path, issue.message);
    }
  }
  return undefined;
}

/**
 * A route without a schema for its body or query takes none: anything sent is
 * a mistake worth reporting (a `DELETE …?confirm=no` must not delete).
 */
export function rejectUnexpected(value: unknown, location: 'body' | 'query', problems: FieldProblem[]): void {
  const empty = value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  if (!empty) problems.push({ location, field: '', message: `this request takes no ${location}` });
}

export function throwIfInvalid(problems: FieldProblem[]): void {
  if (problems.length > 0) throw invalidRequest(problems);
}
