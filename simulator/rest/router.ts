import { AriError } from '../ari-error';
import type { AriParams } from './params';

export interface AriRequest {
  pathParams: Record<string, string>;
  params: AriParams;
  /** The JSON body as sent (undefined when empty), for the parameters that are a body of their own. */
  body: unknown;
  /** 'http://host:port' as the client addressed us (for the api-docs basePath). */
  baseUrl: string;
}

export type AriResult = { status: 200; body: unknown } | { status: 201; body: unknown; location: string } | { status: 204 };

export interface AriRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below /ari, e.g. '/channels/{channelId}/play'. */
  pattern: string;
  /** A promise when Asterisk answers only once the command has run on the channel (addChannel behind a prompt). */
  handle(request: AriRequest): AriResult | Promise<AriResult>;
}

export type RouteLookup =
  { kind: 'found'; route: AriRoute; pathParams: Record<string, string> } | { kind: 'wrong-method' } | { kind: 'not-found' };

/** Finds the route for a path below /ari. */
export function lookupRoute(routes: AriRoute[], method: string, path: string): RouteLookup {
  const segments = path.split('/').filter((segment) => segment !== '');
  let pathMatched = false;
  for (const route of routes) {
    const pathParams = matchPattern(route.pattern, segments);
    if (!pathParams) continue;
    pathMatched = true;
    if (route.method === method) return { kind: 'found', route, pathParams };
  }
  return pathMatched ? { kind: 'wrong-method' } : { kind: 'not-found' };
}

/** Each pattern's parts, split once: every request is matched against every route. */
const patternParts = new Map<string, string[]>();

function partsOf(pattern: string): string[] {
  let parts = patternParts.get(pattern);
  if (parts === undefined) {
    parts = pattern.split('/').filter((part) => part !== '');
    patternParts.set(pattern, parts);
  }
  return parts;
}

function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = partsOf(pattern);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      params[part.slice(1, -1)] = safeDecode(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AriError(400, 'Invalid URI encoding');
  }
}

export const ok = (body: unknown): AriResult => ({ status: 200, body });
export const noContent = (): AriResult => ({ status: 204 });
