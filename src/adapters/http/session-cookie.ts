import type { Request, Response } from 'express';

/** The portal's session cookie: an opaque random id, of which the server keeps only a hash. */
export const SESSION_COOKIE = 'kvorum_session';

/** What a reply does with the session cookie: set it to a new session's secret, or clear it. */
export type CookieChange = { set: string } | 'clear';

/** The session cookie's value in the request's Cookie header (RFC 6265 `name=value; …`), or undefined. */
export function sessionCookieOf(req: Request): string | undefined {
  const header = req.get('cookie');
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator === -1 || pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = pair
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    return value === '' ? undefined : value;
  }
  return undefined;
}

/**
 * HttpOnly: no script reads it, so an injected one cannot carry it away.
 * SameSite=Strict: the browser sends it on requests from Kvorum's own pages
 * only, never on another site's link or form. Secure over https, so it never
 * travels in the clear. No Max-Age: it ends with the browser, and the server
 * ends the session before that by its own rules.
 */
export function changeSessionCookie(req: Request, res: Response, change: CookieChange): void {
  const value = change === 'clear' ? '' : change.set;
  const attributes = [
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(req.secure ? ['Secure'] : []),
    ...(change === 'clear' ? ['Max-Age=0'] : []),
  ];
  res.append('Set-Cookie', [`${SESSION_COOKIE}=${value}`, ...attributes].join('; '));
}
