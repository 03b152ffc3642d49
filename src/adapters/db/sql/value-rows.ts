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
