import { searchForm } from '../../domain/text-search';
import type { PageRequest } from '../../app/ports/admin-stores';
import type { Database } from './database';

/** The SQL name of searchForm on a connection a listing has been prepared on. */
const SEARCH_FORM_FUNCTION = 'kvorum_search_form';

const registered = new WeakSet<Database>();

/**
 * A listing answered a page at a time (the portal's rooms and users): the
 * rows `where` selects whose `searched` columns contain the search in the
 * core's search form (searchForm: Unicode case folding, which SQLite's
 * lower() and LIKE lack beyond ASCII; `%` and `_` are plain text), ordered
 * by `orderBy`, and how many match in all, read in one transaction. The
 * function is registered on the connection once; a NULL column matches
 * nothing. 10,000 names are folded and scanned in milliseconds.
 */
export function pagedSearch<Filter extends Record<string, unknown>, Row>(
  db: Database,
  sql: { columns: string; from: string; where: string; searched: readonly string[]; orderBy: string },
): (filter: Filter, request: PageRequest) => { rows: Row[]; total: number } {
  if (!registered.has(db)) {
    db.function(SEARCH_FORM_FUNCTION, { deterministic: true }, (text: unknown) => (typeof text === 'string' ? searchForm(text) : null));
    registered.add(db);
  }
  const matches = sql.searched.map((column) => `instr(${SEARCH_FORM_FUNCTION}(${column}), @needle) > 0`).join(' OR ');
  const where = `WHERE ${sql.where} AND (@needle IS NULL OR ${matches})`;
  type Bound = Filter & { needle: string | null };
  const select = db.prepare<[Bound & { limit: number; offset: number }], Row>(
    `SELECT ${sql.columns} FROM ${sql.from} ${where} ORDER BY ${sql.orderBy} LIMIT @limit OFFSET @offset`,
  );
  const count = db.prepare<[Bound], { total: number }>(`SELECT count(*) AS total FROM ${sql.from} ${where}`);
  return db.transaction((filter: Filter, request: PageRequest) => {
    const bound: Bound = { ...filter, needle: request.search === null ? null : searchForm(request.search) };
    return {
      rows: select.all({ ...bound, limit: request.limit, offset: request.offset }),
      total: count.get(bound)?.total ?? 0,
    };
  });
}
