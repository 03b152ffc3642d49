import type { Request } from 'express';

/** Six digits or more: a conference code (6–12 digits) or a phone number, which must never reach a log. */
const LONG_DIGIT_RUN = /\d{6,}/g;

/**
 * The path of a request as the logs show it: the route's pattern when a route
 * matched (`/conferences/:conferenceId`), else the path itself with every run
 * of six or more digits replaced: someone may put a code in a URL.
 */
export function loggedPath(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? pattern : req.path.replace(LONG_DIGIT_RUN, '[digits]');
}
