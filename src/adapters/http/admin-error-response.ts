import { z } from 'zod';
import type { AdminError } from '../../app/admin/admin-error';
import { assertNever } from '../../domain/assert-never';
import { ApiError, invalidRequest, type FieldProblem } from './api-error';
import type { Route } from './route';

/** The one mapping from the services' refusals to HTTP answers. */
export function adminErrorResponse(error: AdminError, route: Route): ApiError {
  switch (error.kind) {
    case 'not-found':
      return new ApiError(404, { error: 'not-found', message: error.message });
    case 'forbidden':
      return new ApiError(403, { error: 'forbidden', message: error.message });
    case 'conflict':
      return new ApiError(409, { error: 'conflict', message: error.message });
    case 'invalid': {
      const field = error.field ?? '';
      return invalidRequest([{ location: locationOf(field, route), field, message: error.message, ...error.reason }]);
    }
    default:
      return assertNever(error.kind);
  }
}

/** Services name a field; the route's schemas say where the caller puts it. */
function locationOf(field: string, route: Route): FieldProblem['location'] {
  const declares = (schema: z.ZodType | undefined) => schema instanceof z.ZodObject && field in schema.shape;
  if (declares(route.params)) return 'path';
  if (declares(route.query)) return 'query';
  return 'body';
}
