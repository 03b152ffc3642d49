import type { z } from 'zod';
import type { errorResponse } from './response-schemas';

export type ErrorBody = z.output<typeof errorResponse>;
export type FieldProblem = NonNullable<ErrorBody['fields']>[number];

/**
 * An error the HTTP layer answers with as it is: status and JSON body. Thrown
 * by the request pipeline (authentication, roles, validation) and turned into
 * the response by the one error middleware.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** Headers the answer carries besides (Retry-After, WWW-Authenticate). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

export const invalidRequest = (fields: FieldProblem[]): ApiError =>
  new ApiError(400, { error: 'invalid-request', message: 'the request is not valid', fields });
