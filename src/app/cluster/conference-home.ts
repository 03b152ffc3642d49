import { assertNever } from '../../domain/assert-never';
import { claimStep, type ClaimRequest } from '../../domain/cluster/conference-claim';
import type { ClusterStore } from '../ports/cluster-store';

/** Where a conference lives, as the caller who just passed its code learns it. */
export type ConferenceHome =
  /** On this caller's own server (claimed now by this caller, or earlier by another). */
  | { kind: 'here' }
  /** On another media server: the caller is carried there. */
  | { kind: 'elsewhere'; serverId: string }
  /** This process does not hold its server's lease any more: it must not admit anyone. */
  | { kind: 'not-serving' };

/**
 * A swap loses only to another writer who changed the row meanwhile; each
 * loss moves the row on (a claim made, a lapse recorded), so a handful of
 * rounds always settles. More means the store misbehaves: a fault.
 */
const MAX_ROUNDS = 8;

/**
 * Finds (or makes) the conference's claim: reads it with its server's lease,
 * lets the rules decide the step (domain/cluster/conference-claim.ts) and
 * carries it out, until the answer is known. Of callers racing on several
 * servers, exactly one claim is written and they all learn the same home.
 */
export async function findConferenceHome(store: ClusterStore, request: ClaimRequest): Promise<ConferenceHome> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const step = claimStep(await store.claim(request.conferenceId), request);
    switch (step.kind) {
      case 'home':
        return step.serverId === request.serverId ? { kind: 'here' } : { kind: 'elsewhere', serverId: step.serverId };
      case 'claim':
        if (await store.swapClaim(step.expected, step.next)) return { kind: 'here' };
        break;
      case 'recordLapse':
        await store.swapLease(step.expected, step.next);
        break;
      case 'notServing':
        return { kind: 'not-serving' };
      default:
        return assertNever(step);
    }
  }
  throw new Error(`the claim of conference ${request.conferenceId} did not settle in ${MAX_ROUNDS} rounds`);
}
