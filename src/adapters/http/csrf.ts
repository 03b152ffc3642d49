import { timingSafeEqual } from 'node:crypto';
import { ApiError } from './api-error';

/** Methods that change nothing: a cross-site request can make them, but gains nothing it could read. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request made with the session cookie that changes something must carry
 * the session's CSRF token in X-CSRF-Token: another site can make a browser
 * send the cookie (SameSite aside), but cannot read the token to send it too.
 */
export function refuseWithoutCsrfToken(method: string, header: string | undefined, expected: string): void {
  if (SAFE_METHODS.has(method.toUpperCase())) return;
  if (header !== undefined && tokensEqual(header, expected)) return;
  throw new ApiError(403, {
    error: 'csrf',
    message: header === undefined ? 'X-CSRF-Token is required with the session cookie' : 'X-CSRF-Token does not match the session',
  });
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
