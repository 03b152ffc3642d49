import type { Request } from 'express';
import type { AdminError } from '../../app/admin/admin-error';
import { assertNever } from '../../domain/assert-never';
import { ApiError, invalidRequest, type FieldProblem } from './api-error';

/** The one mapping from the services' refusals to HTTP answers. */
export function adminErrorResponse(error: AdminError, req: Request): ApiError {
  switch (error.kind) {
    case 'not-found':
      return new ApiError(404, { error: 'not-found', message: error.message });
    case 'forbidden':
      return new ApiError(403, { error: 'forbidden', message: error.message });
    case 'conflict':
      return new ApiError(409, { error: 'conflict', message: error.message });
    case 'invalid': {
      const field = error.field ?? '';
      return invalidRequest([{ location: locationOf(field, req), field, message: error.message }]);
    }
    default:
      return assertNever(error.kind);
  }
}

/** Services name a field; where the caller put it follows from the request. */
function locationOf(field: string, req: Request): FieldProblem['location'] {
  if (field in req.params) return 'path';
  if (typeof req.query === 'object' && req.query !== null && field in req.query) return 'query';
  return 'body';
}
