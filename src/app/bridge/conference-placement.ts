import { assertNever } from '../../domain/assert-never';
import { carryTicket, judgeTicket } from '../../domain/cluster/carry-ticket';
import type { MediaServerLease } from '../../domain/cluster/media-server-lease';
import type { Logger } from '../../logger';
import { findConferenceHome, type ConferenceHome } from '../cluster/conference-home';
import type { CallCarrier, CarryTickets } from '../ports/carry-tickets';
import type { Clock, Ids } from '../ports/clock-and-ids';
import type { ClusterStore } from '../ports/cluster-store';
import type { CodeMatch, ConferenceSettingsSource } from '../ports/conference-directory';
import type { PromptLanguage } from '../../domain/prompts/languages';
import type { IncomingCall } from '../ports/telephony';
import { chosenLanguageOf } from '../../domain/call/call-machine';
import type { CallDriver, HeldCall } from './call-driver';
import { TRY_LATER } from './code-entry-driver';
import type { ConferenceDriver } from './conference-driver';
import { createSerialQueues } from './serial-queues';

/** The first argument of Stasis() for calls that arrive over the internal trunk (asterisk-config's [kvorum-trunk-in]). */
export const CARRIED_ARRIVAL = 'carried';

/** What the bridge needs to be one media server of a cluster. */
export interface ClusterMembership {
  /** This media server's name in the cluster and on the internal trunk. */
  serverId: string;
  store: ClusterStore;
  /** The lease this process holds on the server now, as last written; null when it holds none (or is unsure of it). */
  lease(): MediaServerLease | null;
  /** The lease once an unsure one is renewed late (then as `lease`) or lost (null); at once when it is not unsure. */
  settledLease(): Promise<MediaServerLease | null>;
  tickets: CarryTickets;
  carrier: CallCarrier;
  conferenceSettings: ConferenceSettingsSource;
}

/**
 * Where a caller who passed the code meets the conference. On one server
 * that is always here. In a cluster the conference lives on the media server
 * whose claim stands (app/cluster/conference-home.ts): a caller on another
 * server is carried there over the internal trunk with a sealed ticket, and
 * the receiving server admits the call on the ticket alone. The leg is
 * opened only there, with the ticket's caller and arrival time, so the
 * server the caller left writes nothing and the billable time is one.
 */
export interface ConferencePlacement {
  /** The caller passed the code of `match` on this server. */
  accepted(channelId: string, match: CodeMatch): void;
  /** A call arrived over the internal trunk: admitted on its ticket, or refused politely. */
  carriedIn(call: IncomingCall): void;
  /** The conference has nobody left here: its claim is released, so its next meeting may be anywhere. */
  retired(conferenceId: string): void;
}

export function createConferencePlacement(deps: {
  calls: CallDriver;
  conferences: ConferenceDriver;
  cluster: ClusterMembership | undefined;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** Whether the conference is live in this bridge now. */
  isLive(conferenceId: string): boolean;
}): ConferencePlacement {
  const { calls, conferences, cluster, clock, logger } = deps;
  const claimTurns = createSerialQueues();
  /** Nonces of the tickets admitted here, until their tickets expire: a ticket admits one call. */
  const usedNonces = new Map<string, number>();

  function accepted(channelId: string, match: CodeMatch): void {
    if (cluster === undefined) return conferences.admit(channelId, match);
    const held = calls.get(channelId);
    if (held === undefined) return;
    void inTurn(match.conference.conferenceId, held.log, channelId, async () => {
      const home = await homeOf(cluster, match.conference.conferenceId);
      if (!stillChecking(channelId)) return;
      switch (home.kind) {
        case 'here':
          return conferences.admit(channelId, match);
        case 'elsewhere':
          return carry(cluster, channelId, held, match, home.serverId);
        case 'not-serving':
          held.log.warn('caller sent away: this process no longer holds the media server');
          return sendAway(channelId);
        default:
          return assertNever(home);
      }
    });
  }

  /**
   * One conference's claim is looked at by one task at a time in this
   * process, and a caller told "here" is admitted in the same task: a claim
   * released when the conference went idle (`retired`) can never be
   * released under a caller about to be admitted on it.
   */
  function inTurn(conferenceId: string, log: Logger, channelId: string, task: () => Promise<void>): Promise<void> {
    return claimTurns.run(conferenceId, async () => {
      try {
        await task();
      } catch (error) {
        log.error({ err: error }, 'finding where the conference lives failed');
        sendAway(channelId);
      }
    });
  }

  function retired(conferenceId: string): void {
    if (cluster === undefined) return;
    void claimTurns.run(conferenceId, async () => {
      try {
        if (deps.isLive(conferenceId)) return;
        const reading = await cluster.store.claim(conferenceId);
        const lease = cluster.lease();
        if (reading === null || lease === null || reading.claim.serverId !== cluster.serverId || reading.claim.epoch !== lease.epoch)
          return;
        await cluster.store.releaseClaim(reading.claim);
      } catch (error) {
        // The claim stays until the lease's epoch ends: the room keeps living here meanwhile.
        logger.warn({ err: error, conferenceId }, 'releasing the claim of an idle conference failed');
      }
    });
  }

  /** The ticket travels only in the trunk's header: never logged. */
  function carry(cluster: ClusterMembership, channelId: string, held: HeldCall, match: CodeMatch, serverId: string): void {
    const ticket = carryTicket(
      {
        conferenceId: match.conference.conferenceId,
        role: match.role,
        callerNumber: held.call.callerNumber,
        dialledNumber: held.call.dialledNumber,
        calledAt: held.call.at,
        language: chosenLanguageOf(held.state),
        nonce: deps.ids.next('carry'),
      },
      clock.now(),
    );
    held.log.info({ conferenceId: ticket.conferenceId, toServer: serverId }, 'carrying the caller to the media server of the conference');
    // The channel leaves our application when the dialplan takes it: the call ends here without a leg.
    calls.run(channelId, 'carry to another media server', () => cluster.carrier.carry(channelId, serverId, cluster.tickets.seal(ticket)));
  }

  function carriedIn(call: IncomingCall): void {
    const log = logger.child({ channelId: call.channelId });
    log.info('carried call arrived');
    if (cluster === undefined) {
      log.warn('carried call refused: this Kvorum is not in a cluster');
      return turnAway(call, log, null);
    }
    admitCarried(cluster, call, log).catch((error: unknown) => {
      log.error({ err: error }, 'admitting a carried call failed');
      if (calls.get(call.channelId) === undefined) return turnAway(call, log, null);
      sendAway(call.channelId);
    });
  }

  /** Holds the call (it hears the language chosen on the first server, or the default) and sends it away. */
  function turnAway(call: IncomingCall, log: Logger, chosenLanguage: PromptLanguage | null): void {
    calls.arrive(call, log, { accessLanguage: null, chosenLanguage });
    sendAway(call.channelId);
  }

  /**
   * The ticket is read before the call is held: what the caller hears, and
   * the language the conference keeps to, are the choice made on the first
   * server.
   */
  async function admitCarried(cluster: ClusterMembership, call: IncomingCall, log: Logger): Promise<void> {
    const channelId = call.channelId;
    const token = await cluster.carrier.tokenOf(channelId);
    const ticket = token === null ? null : cluster.tickets.open(token);
    if (ticket === null) {
      log.warn('carried call refused: no ticket, or its seal does not hold');
      return turnAway(call, log, null);
    }
    const at = clock.now();
    forgetExpiredNonces(at);
    const verdict = judgeTicket(ticket, at, usedNonces.has(ticket.nonce));
    if (verdict !== 'admit') {
      log.warn({ verdict }, 'carried call refused: its ticket does not admit it');
      return turnAway(call, log, ticket.language);
    }
    // Who called, on which number and when, as the ticket says: the leg is written with it.
    calls.arrive({ channelId, callerNumber: ticket.callerNumber, dialledNumber: ticket.dialledNumber, at: ticket.calledAt }, log, {
      accessLanguage: null,
      chosenLanguage: ticket.language,
    });
    usedNonces.set(ticket.nonce, ticket.expiresAt);
    const settings = await cluster.conferenceSettings.settingsOf(ticket.conferenceId);
    if (!stillScreening(channelId)) return;
    if (settings === null) {
      log.warn({ conferenceId: ticket.conferenceId }, 'carried call refused: no such conference');
      return sendAway(channelId);
    }
    await inTurn(ticket.conferenceId, log, channelId, async () => {
      const home = await homeOf(cluster, ticket.conferenceId);
      if (!stillScreening(channelId)) return;
      if (home.kind !== 'here') {
        log.warn({ conferenceId: ticket.conferenceId, home: home.kind }, 'carried call refused: the conference is not here');
        return sendAway(channelId);
      }
      conferences.admit(channelId, { role: ticket.role, conference: settings });
    });
  }

  /**
   * A lease past its expiry and not renewed yet (a busy event loop) is
   * waited for, within the keeper's grace: a late renewal keeps the caller,
   * who is sent away only if the server was lost.
   */
  async function homeOf(cluster: ClusterMembership, conferenceId: string): Promise<ConferenceHome> {
    const lease = await cluster.settledLease();
    if (lease === null) return { kind: 'not-serving' };
    return findConferenceHome(cluster.store, { conferenceId, serverId: cluster.serverId, lease, at: clock.now() });
  }

  function forgetExpiredNonces(at: number): void {
    for (const [nonce, expiresAt] of usedNonces) if (expiresAt <= at) usedNonces.delete(nonce);
  }

  /** "Try later", in the language the caller hears. */
  function sendAway(channelId: string): void {
    calls.feed(channelId, { kind: 'turnAway', prompts: TRY_LATER });
  }

  /** Still waiting for its code's answer: not hung up, not sent away. */
  function stillChecking(channelId: string): boolean {
    const state = calls.get(channelId)?.state;
    return state?.phase === 'code-entry' && state.entry.phase === 'checking';
  }

  function stillScreening(channelId: string): boolean {
    return calls.get(channelId)?.state.phase === 'screening';
  }

  return { accepted, carriedIn, retired };
}
