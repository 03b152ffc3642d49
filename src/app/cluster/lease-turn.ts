import { assertNever } from '../../domain/assert-never';
import { leaseStep, type LeaseTiming, type MediaServerLease } from '../../domain/cluster/media-server-lease';
import type { ClusterStore } from '../ports/cluster-store';

/** What one turn of keeping a server's lease came to. */
export type LeaseTurn =
  /** This process holds the lease as written (`gained`: it did not hold it before this turn). */
  | { kind: 'held'; lease: MediaServerLease; gained: boolean }
  /** Another process drives the server. */
  | { kind: 'standby'; holder: string; until: number };

/**
 * A lost swap means another writer moved the row on (took the lease, or
 * recorded its lapse); after that it is either alive in another's hands or
 * free, so the next round settles. More rounds mean the store misbehaves.
 */
const MAX_ROUNDS = 4;

/**
 * One turn of holding a media server's lease: read it, take it if nobody
 * holds it alive, renew it if this process does (domain/cluster/media-server-lease.ts).
 */
export async function leaseTurn(
  store: ClusterStore,
  request: { serverId: string; holder: string; at: number },
  timing?: LeaseTiming,
): Promise<LeaseTurn> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const current = await store.lease(request.serverId);
    const step = leaseStep(current, request, timing);
    switch (step.kind) {
      case 'take':
      case 'renew':
        if (await store.swapLease(current, step.next)) return { kind: 'held', lease: step.next, gained: step.kind === 'take' };
        break;
      case 'held':
        return { kind: 'standby', holder: step.by, until: step.until };
      default:
        return assertNever(step);
    }
  }
  throw new Error(`the lease of media server ${request.serverId} did not settle in ${MAX_ROUNDS} rounds`);
}
