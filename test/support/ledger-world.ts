import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';

/**
 * The rows a ledger's legs and meetings point at, written in the SQL both
 * stores speak: an organisation and a room. For the ledger's own tests on
 * every store, which need nothing more of the admin side.
 */
export async function seedRoom(db: SqlDatabase, at: number, id = 'weekly'): Promise<{ organisationId: string; conferenceId: string }> {
  const organisationId = `org-${id}`;
  await db.run('INSERT INTO organisations (id, name, billing_reference, created_at) VALUES ($1, $2, $3, $4)', [
    organisationId,
    'Acme',
    '-',
    at,
  ]);
  await db.run(
    `INSERT INTO conferences (id, organisation_id, name, end_on_leader_hangup, code_kind, created_at, updated_at)
     VALUES ($1, $2, $3, 0, 'pair', $4, $4)`,
    [id, organisationId, 'Weekly', at],
  );
  return { organisationId, conferenceId: id };
}
