import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The portal's one way to the server: the same /api/v1 that machines use,
 * typed from its OpenAPI document (schema.ts, `npm run portal:api`). People
 * are signed in by the session cookie (sent by the browser, same origin);
 * every state change carries the session's CSRF token.
 */
let csrfToken: string | null = null;
let onSessionLost: () => void = () => undefined;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401: the session expired or was revoked. */
export function whenSessionLost(callback: () => void): void {
  onSessionLost = callback;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const session: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method) && csrfToken !== null) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/session')) onSessionLost();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(session);

/** The error body every /api/v1 refusal has. */
export interface ApiProblem {
  error: string;
  message: string;
  fields?: Array<{ location: string; field: string; message: string; reason?: string; limit?: number }>;
}

/** The server's reason, with the fields it names: what the form shows. */
export function problemText(problem: ApiProblem | undefined): string {
  if (problem === undefined) return '';
  const fields = (problem.fields ?? []).map((field) => `${field.field}: ${field.message}`);
  return fields.length > 0 ? fields.join('; ') : problem.message;
}
