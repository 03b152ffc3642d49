/** Parameter lists written into SQL, numbered `$1 … $n` as every store binds them. */

import type { SqlValue } from './sql-database';

/**
 * The rows of a multi-row `VALUES`: `rows` lists of `width` parameters,
 * `($1, …, $width), ($width+1, …)`. A statement binds at most 32,766
 * parameters on SQLite and 65,535 on PostgreSQL.
 */
export function valueRows(rows: number, width: number): string {
  return Array.from(
    { length: rows },
    (_, row) => `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(', ')})`,
  ).join(', ');
}

/** `column IN ($k, …)` for `values` (numbered after `params`, which it extends), or a condition nothing meets for none. */
export function inSet(column: string, values: ReadonlySet<string>, params: SqlValue[]): string {
  if (values.size === 0) return '1 = 0';
  return `${column} IN (${[...values].map((value) => `$${params.push(value)}`).join(', ')})`;
}
