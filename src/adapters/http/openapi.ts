import { z } from 'zod';
import { errorResponse } from './response-schemas';
import type { Route } from './route';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const errorContent = (description: string) => ({
  description,
  content: { 'application/json': { schema: toSchema(errorResponse, 'output') } },
});

/**
 * The OpenAPI 3.1 document of the admin API, generated from the same route
 * declarations and zod schemas that validate the requests.
 */
export function buildOpenApiDocument(routes: readonly Route[], basePath: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = basePath + route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kvorum admin API',
      version: '1',
      description:
        'Provision and steer dial-in conferences. Machines authenticate with `Authorization: Bearer <token>`; people ' +
        'signed in to the portal (`POST /session`) with the `kvorum_session` cookie, and then send `X-CSRF-Token` on ' +
        'every POST, PUT, PATCH and DELETE (403 `csrf` without). ' +
        "Objects of another organisation answer 404. Each operation's `x-roles` lists the roles allowed to call it; " +
        'operations without credentials have `security: []`.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'kvorum_session' },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}

function operation(route: Route): Record<string, unknown> {
  const responses: Record<string, unknown> = {
    [route.response.status]: {
      description: route.response.description,
      ...((route.response.schema || route.response.otherContentTypes) && {
        content: {
          ...(route.response.schema && { 'application/json': { schema: toSchema(route.response.schema, 'output') } }),
          ...Object.fromEntries((route.response.otherContentTypes ?? []).map((type) => [type, { schema: { type: 'string' } }])),
        },
      }),
    },
    400: errorContent('invalid request: each wrong field is named'),
    401: errorContent('missing or unknown bearer token or session'),
    403: errorContent('the caller’s role may not do this, or `csrf`: X-CSRF-Token missing or wrong with the session cookie'),
    404: errorContent('not found, or outside the caller’s organisations'),
    429: errorContent('too many failed authentications from the client’s address (or, signing in, for the account): see Retry-After'),
  };
  const isPublic = route.roles === 'public';
  return {
    tags: [route.tag],
    summary: route.summary,
    ...(route.description && { description: route.description }),
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    ...(isPublic ? { security: [] } : { 'x-roles': route.roles }),
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body && {
      requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } },
    }),
    responses,
  };
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
