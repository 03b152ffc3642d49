import pg from 'pg';
import type { ClusterStore } from '../../app/ports/cluster-store';
import type { ClaimReading, ConferenceClaim } from '../../domain/cluster/conference-claim';
import type { MediaServerLease } from '../../domain/cluster/media-server-lease';
import { CLUSTER_SQL, claimFromRow, leaseFromRow, type ClaimRow, type LeaseRow } from './cluster-rows';
import { migratePostgres } from './postgres-migrations';

/**
 * The cluster store on a PostgreSQL shared by every Kvorum process
 * (sql/postgres/0001_cluster.sql). Each swap is one statement on its own
 * (autocommit, READ COMMITTED): PostgreSQL's row lock and its re-check of the
 * WHERE on the newest row version make it atomic across processes, and no
 * transaction is held open between a read and the swap that follows it.
 */
export class PostgresClusterStore implements ClusterStore {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects to `url`, migrates the cluster's tables and answers the store. */
  static async open(url: string): Promise<PostgresClusterStore> {
    const pool = new pg.Pool({ connectionString: url, max: 4, application_name: 'kvorum' });
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresClusterStore(pool);
  }

  async lease(serverId: string): Promise<MediaServerLease | null> {
    const { rows } = await this.pool.query<LeaseRow>(CLUSTER_SQL.selectLease, [serverId]);
    return rows[0] === undefined ? null : leaseFromRow(rows[0]);
  }

  async swapLease(expected: MediaServerLease | null, next: MediaServerLease): Promise<boolean> {
    const values = [next.serverId, next.holder, next.epoch, next.expiresAt];
    const written =
      expected === null
        ? await this.pool.query(CLUSTER_SQL.insertLease, values)
        : await this.pool.query(CLUSTER_SQL.updateLease, [...values, expected.holder, expected.epoch, expected.expiresAt]);
    return written.rowCount === 1;
  }

  async claim(conferenceId: string): Promise<ClaimReading | null> {
    const { rows } = await this.pool.query<ClaimRow>(CLUSTER_SQL.selectClaim, [conferenceId]);
    return rows[0] === undefined ? null : claimFromRow(rows[0]);
  }

  async swapClaim(expected: ConferenceClaim | null, next: ConferenceClaim): Promise<boolean> {
    const values = [next.conferenceId, next.serverId, next.epoch, next.claimedAt];
    const written =
      expected === null
        ? await this.pool.query(CLUSTER_SQL.insertClaim, values)
        : await this.pool.query(CLUSTER_SQL.updateClaim, [...values, expected.serverId, expected.epoch, expected.claimedAt]);
    return written.rowCount === 1;
  }

  async releaseClaim(claim: ConferenceClaim): Promise<boolean> {
    const removed = await this.pool.query(CLUSTER_SQL.deleteClaim, [claim.conferenceId, claim.serverId, claim.epoch, claim.claimedAt]);
    return removed.rowCount === 1;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
