import type { ClaimReading, ConferenceClaim } from '../../domain/cluster/conference-claim';
import type { MediaServerLease } from '../../domain/cluster/media-server-lease';

/**
 * Where the Kvorum processes of a cluster agree who drives which media
 * server and where each conference lives (implemented by adapters/db: SQLite
 * for one server, PostgreSQL shared by many). It only reads rows and swaps
 * one for another atomically if it is still what the writer read; the rules
 * (when a lease may be taken, when a claim is dead) are in domain/cluster.
 *
 * Every swap compares the whole row: of several writers that read the same
 * row, exactly one succeeds, and the others read again.
 */
export interface ClusterStore {
  lease(serverId: string): Promise<MediaServerLease | null>;
  /** Writes `next` if the server's lease is still `expected` (null: no lease row yet); true when written. */
  swapLease(expected: MediaServerLease | null, next: MediaServerLease): Promise<boolean>;
  /** The conference's claim with its server's lease, or null when nobody claimed it. */
  claim(conferenceId: string): Promise<ClaimReading | null>;
  /** Writes `next` if the conference's claim is still `expected` (null: none); true when written. */
  swapClaim(expected: ConferenceClaim | null, next: ConferenceClaim): Promise<boolean>;
  /** Removes the claim if it is still exactly this one (the meeting ended); true when removed. */
  releaseClaim(claim: ConferenceClaim): Promise<boolean>;
  close(): Promise<void>;
}
