import { searchForm } from '../../domain/text-search';
import type { PageRequest } from '../../app/ports/admin-stores';
import type { SqlDatabase, SqlValue } from './sql/sql-database';

/** A WHERE condition and the values of its `$1 … $n`. */
export interface SqlCondition {
  sql: string;
  params: SqlValue[];
}

/**
 * A listing answered a page at a time (the portal's rooms and users): the
 * rows `where` selects whose `searched` columns contain the search in the
 * core's search form (searchForm: Unicode case folding, which neither
 * store's lower() and LIKE share beyond ASCII; `%` and `_` are plain text),
 * ordered by `orderBy`, and how many match in all. A NULL column matches
 * nothing.
 *
 * Without a search one statement answers the page and, with a window
 * count, the total. With one, the searched columns of every row `where`
 * selects are read and compared here, in the core's form (no SQL function
 * of Kvorum's exists on PostgreSQL), and the page's rows are read by id.
 * 10,000 names are read and folded in milliseconds.
 */
export function pagedSearch<Row extends { id: string }>(
  db: SqlDatabase,
  sql: { columns: string; from: string; searched: readonly string[]; orderBy: string },
): (where: SqlCondition, request: PageRequest) => Promise<{ rows: Row[]; total: number }> {
  async function unsearched(where: SqlCondition, request: PageRequest): Promise<{ rows: Row[]; total: number }> {
    const n = where.params.length;
    const rows = await db.all<Row & { total_matching: number }>(
      `SELECT ${sql.columns}, count(*) OVER () AS total_matching FROM ${sql.from} WHERE ${where.sql}
       ORDER BY ${sql.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...where.params, request.limit, request.offset],
    );
    const first = rows[0];
    const total =
      first !== undefined
        ? first.total_matching
        : ((await db.get<{ total: number }>(`SELECT count(*) AS total FROM ${sql.from} WHERE ${where.sql}`, where.params))?.total ?? 0);
    return { rows: rows.map(({ total_matching: _, ...row }) => row as unknown as Row), total };
  }

  async function searched(where: SqlCondition, needle: string, request: PageRequest): Promise<{ rows: Row[]; total: number }> {
    const candidates = await db.all<Record<string, string | null> & { id: string }>(
      `SELECT id, ${sql.searched.join(', ')} FROM ${sql.from} WHERE ${where.sql} ORDER BY ${sql.orderBy}`,
      where.params,
    );
    const matching = candidates.filter((row) =>
      sql.searched.some((column) => {
        const text = row[column];
        return typeof text === 'string' && searchForm(text).includes(needle);
      }),
    );
    const ids = matching.slice(request.offset, request.offset + request.limit).map((row) => row.id);
    if (ids.length === 0) return { rows: [], total: matching.length };
    const rows = await db.all<Row>(
      `SELECT ${sql.columns} FROM ${sql.from} WHERE id IN (${ids.map((_, index) => `$${index + 1}`).join(', ')})`,
      ids,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    // A row deleted between the two reads is left out of the page.
    return { rows: ids.flatMap((id) => byId.get(id) ?? []), total: matching.length };
  }

  return (where, request) => (request.search === null ? unsearched(where, request) : searched(where, searchForm(request.search), request));
}
