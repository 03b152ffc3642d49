import type { ClusterStore } from '../../app/ports/cluster-store';
import type { ClaimReading, ConferenceClaim } from '../../domain/cluster/conference-claim';
import type { MediaServerLease } from '../../domain/cluster/media-server-lease';
import type { Database } from './database';
import { CLUSTER_SQL, claimFromRow, leaseFromRow, type ClaimRow, type LeaseRow } from './cluster-rows';

/**
 * The cluster store on SQLite (sql/0013_cluster.sql): the default for one
 * media server, where the only process is trivially the holder of every
 * lease and claim. Each swap is one statement, atomic on the one database
 * file whoever else writes it.
 */
export class SqliteClusterStore implements ClusterStore {
  private readonly selectLease;
  private readonly insertLease;
  private readonly updateLease;
  private readonly selectClaim;
  private readonly insertClaim;
  private readonly updateClaim;
  private readonly deleteClaim;

  constructor(db: Database) {
    // better-sqlite3 binds numbered parameters only by name: `$1` becomes `@p1`, bound by `numbered`.
    const named = (sql: string) => sql.replace(/\$(\d+)/g, '@p$1');
    this.selectLease = db.prepare<[Numbered], LeaseRow>(named(CLUSTER_SQL.selectLease));
    this.insertLease = db.prepare<[Numbered]>(named(CLUSTER_SQL.insertLease));
    this.updateLease = db.prepare<[Numbered]>(named(CLUSTER_SQL.updateLease));
    this.selectClaim = db.prepare<[Numbered], ClaimRow>(named(CLUSTER_SQL.selectClaim));
    this.insertClaim = db.prepare<[Numbered]>(named(CLUSTER_SQL.insertClaim));
    this.updateClaim = db.prepare<[Numbered]>(named(CLUSTER_SQL.updateClaim));
    this.deleteClaim = db.prepare<[Numbered]>(named(CLUSTER_SQL.deleteClaim));
  }

  async lease(serverId: string): Promise<MediaServerLease | null> {
    const row = this.selectLease.get(numbered(serverId));
    return row === undefined ? null : leaseFromRow(row);
  }

  async swapLease(expected: MediaServerLease | null, next: MediaServerLease): Promise<boolean> {
    const values = [next.serverId, next.holder, next.epoch, next.expiresAt];
    const written =
      expected === null
        ? this.insertLease.run(numbered(...values))
        : this.updateLease.run(numbered(...values, expected.holder, expected.epoch, expected.expiresAt));
    return written.changes === 1;
  }

  async claim(conferenceId: string): Promise<ClaimReading | null> {
    const row = this.selectClaim.get(numbered(conferenceId));
    return row === undefined ? null : claimFromRow(row);
  }

  async swapClaim(expected: ConferenceClaim | null, next: ConferenceClaim): Promise<boolean> {
    const values = [next.conferenceId, next.serverId, next.epoch, next.claimedAt];
    const written =
      expected === null
        ? this.insertClaim.run(numbered(...values))
        : this.updateClaim.run(numbered(...values, expected.serverId, expected.epoch, expected.claimedAt));
    return written.changes === 1;
  }

  async releaseClaim(claim: ConferenceClaim): Promise<boolean> {
    return this.deleteClaim.run(numbered(claim.conferenceId, claim.serverId, claim.epoch, claim.claimedAt)).changes === 1;
  }

  /** The database belongs to whoever opened it. */
  async close(): Promise<void> {}
}

type Numbered = Record<string, string | number | null>;

/** The values of `$1`, `$2`, … as the `@p1`, `@p2`, … they were renamed to. */
function numbered(...values: Array<string | number | null>): Numbered {
  return Object.fromEntries(values.map((value, index) => [`p${index + 1}`, value]));
}
