import type { ClusterStore } from '../../app/ports/cluster-store';
import type { ClaimReading, ConferenceClaim } from '../../domain/cluster/conference-claim';
import type { MediaServerLease } from '../../domain/cluster/media-server-lease';
import type { SqlDatabase } from './sql/sql-database';

/**
 * The cluster store (sql/0013_cluster.sql) on either store: SQLite, the
 * default for one media server, where the only process is trivially the
 * holder of every lease and claim; PostgreSQL, shared by the processes of a
 * cluster. Each swap is one statement that changes the row only if it is
 * still what the writer read, on its own (no transaction is held open
 * between a read and the swap that follows it): SQLite runs one writer at a
 * time on the file; PostgreSQL locks the row (or the unique key) and checks
 * the condition again on its newest version, so of writers that raced
 * exactly one changes it.
 */
export class SqlClusterStore implements ClusterStore {
  /** `ownsDatabase`: closing the store closes `db` (a database opened for the store alone). */
  constructor(
    private readonly db: SqlDatabase,
    private readonly options: { ownsDatabase: boolean } = { ownsDatabase: false },
  ) {}

  async lease(serverId: string): Promise<MediaServerLease | null> {
    const row = await this.db.get<LeaseRow>(SQL.selectLease, [serverId]);
    return row === undefined ? null : leaseFromRow(row);
  }

  async swapLease(expected: MediaServerLease | null, next: MediaServerLease): Promise<boolean> {
    const values = [next.serverId, next.holder, next.epoch, next.expiresAt];
    const written =
      expected === null
        ? await this.db.run(SQL.insertLease, values)
        : await this.db.run(SQL.updateLease, [...values, expected.holder, expected.epoch, expected.expiresAt]);
    return written === 1;
  }

  async claim(conferenceId: string): Promise<ClaimReading | null> {
    const row = await this.db.get<ClaimRow>(SQL.selectClaim, [conferenceId]);
    return row === undefined ? null : claimFromRow(row);
  }

  async swapClaim(expected: ConferenceClaim | null, next: ConferenceClaim): Promise<boolean> {
    const values = [next.conferenceId, next.serverId, next.epoch, next.claimedAt];
    const written =
      expected === null
        ? await this.db.run(SQL.insertClaim, values)
        : await this.db.run(SQL.updateClaim, [...values, expected.serverId, expected.epoch, expected.claimedAt]);
    return written === 1;
  }

  async releaseClaim(claim: ConferenceClaim): Promise<boolean> {
    return (await this.db.run(SQL.deleteClaim, [claim.conferenceId, claim.serverId, claim.epoch, claim.claimedAt])) === 1;
  }

  async close(): Promise<void> {
    if (this.options.ownsDatabase) await this.db.close();
  }
}

const SQL = {
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

interface LeaseRow {
  server_id: string;
  holder: string | null;
  epoch: number;
  expires_at: number;
}

interface ClaimRow {
  conference_id: string;
  server_id: string;
  epoch: number;
  claimed_at: number;
  /** The lease's columns; null when the server has no lease row. */
  holder: string | null;
  lease_epoch: number | null;
  expires_at: number | null;
}

function leaseFromRow(row: LeaseRow): MediaServerLease {
  return { serverId: row.server_id, holder: row.holder, epoch: row.epoch, expiresAt: row.expires_at };
}

function claimFromRow(row: ClaimRow): ClaimReading {
  const claim = { conferenceId: row.conference_id, serverId: row.server_id, epoch: row.epoch, claimedAt: row.claimed_at };
  const lease =
    row.lease_epoch === null || row.expires_at === null
      ? null
      : leaseFromRow({ server_id: row.server_id, holder: row.holder, epoch: row.lease_epoch, expires_at: row.expires_at });
  return { claim, lease };
}
