import type { ClaimReading } from '../../domain/cluster/conference-claim';
import type { MediaServerLease } from '../../domain/cluster/media-server-lease';

/**
 * The cluster store's statements, written once in the SQL both SQLite and
 * PostgreSQL speak (`$n` parameters, which the SQLite store renames `?n`;
 * `IS NOT DISTINCT FROM`; `ON CONFLICT … DO NOTHING`). Each swap is one
 * statement that changes the row only if it is still what the writer read:
 * PostgreSQL locks the row (or the unique key) and re-checks the condition
 * on the newest version, so of writers that raced exactly one changes it.
 */
export const CLUSTER_SQL = {
  selectLease: 'SELECT server_id, holder, epoch, expires_at FROM media_server_leases WHERE server_id = $1',
  insertLease: `INSERT INTO media_server_leases (server_id, holder, epoch, expires_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (server_id) DO NOTHING`,
  updateLease: `UPDATE media_server_leases SET holder = $2, epoch = $3, expires_at = $4
    WHERE server_id = $1 AND holder IS NOT DISTINCT FROM $5 AND epoch = $6 AND expires_at = $7`,
  // The claim and its server's lease in one statement: one snapshot of both.
  selectClaim: `SELECT c.conference_id, c.server_id, c.epoch, c.claimed_at,
      l.holder, l.epoch AS lease_epoch, l.expires_at
    FROM conference_claims c LEFT JOIN media_server_leases l ON l.server_id = c.server_id
    WHERE c.conference_id = $1`,
  insertClaim: `INSERT INTO conference_claims (conference_id, server_id, epoch, claimed_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (conference_id) DO NOTHING`,
  updateClaim: `UPDATE conference_claims SET server_id = $2, epoch = $3, claimed_at = $4
    WHERE conference_id = $1 AND server_id = $5 AND epoch = $6 AND claimed_at = $7`,
  deleteClaim: 'DELETE FROM conference_claims WHERE conference_id = $1 AND server_id = $2 AND epoch = $3 AND claimed_at = $4',
} as const;

/** PostgreSQL answers BIGINT as a string (it may not fit a double; ours always do), SQLite as a number. */
type Integer = number | string;

export interface LeaseRow {
  server_id: string;
  holder: string | null;
  epoch: Integer;
  expires_at: Integer;
}

export interface ClaimRow {
  conference_id: string;
  server_id: string;
  epoch: Integer;
  claimed_at: Integer;
  /** The lease's columns; null when the server has no lease row. */
  holder: string | null;
  lease_epoch: Integer | null;
  expires_at: Integer | null;
}

export function leaseFromRow(row: LeaseRow): MediaServerLease {
  return { serverId: row.server_id, holder: row.holder, epoch: Number(row.epoch), expiresAt: Number(row.expires_at) };
}

export function claimFromRow(row: ClaimRow): ClaimReading {
  const claim = { conferenceId: row.conference_id, serverId: row.server_id, epoch: Number(row.epoch), claimedAt: Number(row.claimed_at) };
  const lease =
    row.lease_epoch === null || row.expires_at === null
      ? null
      : leaseFromRow({ server_id: row.server_id, holder: row.holder, epoch: row.lease_epoch, expires_at: row.expires_at });
  return { claim, lease };
}
