import type { SimAsterisk } from './sim-asterisk';
import type { CarriedEnd } from './sim-objects';

/**
 * The internal SIP trunk between the media servers of a simulated cluster:
 * every server may Dial every other by its id (a PJSIP endpoint named after
 * the peer). A call dialled to a server that is not up (or not there) fails,
 * and the dialling side hangs up.
 */
export class SimTrunk {
  private readonly servers = new Map<string, { asterisk: SimAsterisk; app: string; up: () => boolean }>();

  /** Shared by the cluster's servers: a caller carried to a peer waits on changes there too. */
  readonly changeListeners = new Set<() => void>();

  /** The trunk end of a server about to be built; it is reachable once `join` names its Asterisk. */
  endFor(serverId: string): SimTrunkEnd {
    return { serverId, dial: (peer, callerId, carryHeader) => this.dialFrom(serverId, peer, callerId, carryHeader) };
  }

  join(serverId: string, asterisk: SimAsterisk, app: string, up: () => boolean): void {
    this.servers.set(serverId, { asterisk, app, up });
  }

  /** Dial(PJSIP/carried@peer) from `fromServer`, with the X-Kvorum-Carry header when the variable was set. */
  dialFrom(fromServer: string, peer: string, callerId: string | null, carryHeader: string | undefined): CarriedEnd | null {
    const server = this.servers.get(peer);
    if (server === undefined || peer === fromServer || !server.up()) return null;
    return { asterisk: server.asterisk, channel: server.asterisk.arriveOverTrunk(fromServer, callerId, carryHeader, server.app) };
  }
}

/** One server's end of the trunk: its name on the trunk, and what its dialplan dials. */
export interface SimTrunkEnd {
  readonly serverId: string;
  dial(peer: string, callerId: string | null, carryHeader: string | undefined): CarriedEnd | null;
}
