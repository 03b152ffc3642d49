import type { z } from 'zod';
import type { Principal, Role } from '../../app/admin/roles';
import type { ReportChunks } from '../../app/ports/report-runner';
import type { CookieChange } from './session-cookie';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

/**
 * What a handler answers: JSON, no content, or a document streamed as it is
 * made, at the pace the client reads (a CSV report, the live events stream),
 * with headers of its own.
 */
export type Reply =
  | { status: 200 | 201; json: unknown }
  | { status: 204 }
  | { status: 200; contentType: string; fileName?: string; headers?: Record<string, string>; body: ReportChunks };

export interface RouteInput<P, Q, B> {
  principal: Principal;
  params: P;
  query: Q;
  body: B;
}

/** What a route taking no credentials (signing in, setting a password with a code) learns of its request. */
export interface PublicRouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  client: RequestClient;
}

export interface RequestClient {
  /** The portal's session cookie, when the request carries one. */
  sessionCookie: string | undefined;
  /** The X-CSRF-Token header, when sent. */
  csrfToken: string | undefined;
  /** Answers 429 with Retry-After (throws) while the client's address must wait after failed authentications. */
  refuseWhileLimited(): void;
  /** Counts a failed authentication (a wrong password or reset code) from the client's address. */
  failed(): void;
  /** Sets or clears the session cookie on the answer, whatever it is (an error too). */
  changeCookie(change: CookieChange): void;
}

/**
 * One API operation, declared once: the router validates requests with these
 * schemas and checks the roles, and the OpenAPI document is generated from
 * the same declaration, so the two cannot drift apart.
 */
export interface Route {
  method: HttpMethod;
  /** Express-style path below `/api/v1`, e.g. `/conferences/:conferenceId`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Roles allowed to call it; any other role is refused with 403. `public`: anyone, without credentials. */
  roles: readonly Role[] | 'public';
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: {
    status: 200 | 201 | 204;
    description: string;
    schema?: z.ZodType;
    /** Media types other than JSON that the route may answer with (then described, not schematised). */
    otherContentTypes?: readonly string[];
  };
  /** Synchronous for the stores that are; a route over a Promise-returning store answers with a Promise. */
  handle(input: HandlerInput): Reply | Promise<Reply>;
}

/** What the router hands a handler: the principal to the routes with roles, the client to the public ones. */
export interface HandlerInput {
  params: unknown;
  query: unknown;
  body: unknown;
  principal?: Principal;
  client?: RequestClient;
}

type NoInput = z.ZodType<Record<string, never>>;

/** Declares a route with handler inputs typed by its schemas. */
export function defineRoute<P extends z.ZodType = NoInput, Q extends z.ZodType = NoInput, B extends z.ZodType = NoInput>(
  route: Omit<Route, 'params' | 'query' | 'body' | 'handle' | 'roles'> & {
    roles: readonly Role[];
    params?: P;
    query?: Q;
    body?: B;
    handle(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>): Reply | Promise<Reply>;
  },
): Route {
  return route;
}

/** Declares a route anyone may call without credentials, with handler inputs typed by its schemas. */
export function definePublicRoute<P extends z.ZodType = NoInput, Q extends z.ZodType = NoInput, B extends z.ZodType = NoInput>(
  route: Omit<Route, 'params' | 'query' | 'body' | 'handle' | 'roles'> & {
    params?: P;
    query?: Q;
    body?: B;
    handle(input: PublicRouteInput<z.output<P>, z.output<Q>, z.output<B>>): Reply | Promise<Reply>;
  },
): Route {
  return { ...route, roles: 'public' };
}
