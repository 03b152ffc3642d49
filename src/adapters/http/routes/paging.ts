import type { PageRequest } from '../../../app/ports/admin-stores';

/** A search without a limit answers at most this many (the largest page). */
const MAX_PAGE = 500;

/**
 * The page a listing's query asks for (pageQuery in request-schemas.ts), or
 * null when it asks for everything: neither `limit` nor `q`, as clients
 * asked before listings had pages.
 */
export function requestedPage(query: { q?: string | undefined; limit?: number | undefined; offset: number }): PageRequest | null {
  const search = query.q === undefined || query.q === '' ? null : query.q;
  if (query.limit === undefined && search === null) return null;
  return { search, limit: query.limit ?? MAX_PAGE, offset: query.offset };
}
