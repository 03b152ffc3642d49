import type { Meeting } from '../../domain/conference/conference-state';
import type { ConferenceSnapshot, SurvivingCaller } from '../../domain/conference/rebuild';
import type { ConferenceSettings } from '../../domain/conference/conference-settings';
import type { BridgeKind } from '../../domain/conference/conference-state';
import type { Logger } from '../../logger';
import type { Clock, TimerHandle } from '../ports/clock-and-ids';
import type { Ledger, OpenLegRecord } from '../ports/ledger';
import type { ResyncSources } from '../ports/resync-sources';
import { ChannelGoneError, type BridgeSnapshot, type ChannelDetails, type Telephony } from '../ports/telephony';
import type { CallDriver } from './call-driver';
import type { CodeEntryDriver } from './code-entry-driver';
import { conferenceBridgeName, isConferenceBridgeName, type ConferenceRegistry } from './conference-registry';
import type { ConferenceDriver } from './conference-driver';
import type { NameRecordings } from './name-recordings';
import type { PromptLanguage } from '../../domain/prompts/languages';
import {
  EARLIER_LEG_VARIABLE,
  LANGUAGE_VARIABLE,
  MEMO_VARIABLE,
  readLanguageMemo,
  readMemo,
  rememberedMute,
  type CallerMemo,
} from './resync-memo';

export interface Resync {
  /** The event connection went down at `at`: from here, events may be lost. */
  disconnected(at: number): void;
  /** The event connection is up (first time: the app has just started). Rebuilds what was missed. */
  connected(at: number): void;
  /**
   * The media server is taken for dead (unreachable for a lease's lifetime):
   * every open leg of its calls closes at its last checkpoint (estimated,
   * reason `lost`), as after a crash, and its calls and conferences are
   * forgotten. Should the server come back, its next connection starts afresh.
   */
  serverLost(at: number): void;
  /** Resolves once no resync is running. */
  idle(): Promise<void>;
}

/** The parts of the bridge a resync reads and steers. */
interface ResyncParts {
  calls: CallDriver;
  registry: ConferenceRegistry;
  codeEntry: Pick<CodeEntryDriver, 'begin'>;
  conferences: Pick<ConferenceDriver, 'restore'>;
  telephony: Telephony;
  ledger: Ledger;
  clock: Clock;
  logger: Logger;
  names: NameRecordings;
  isShuttingDown(): boolean;
}

/** A stranger: a channel in our Stasis app that this process does not know. */
interface Stranger {
  channelId: string;
  channel: ChannelDetails;
  legId: string | null;
  memo: CallerMemo | null;
  /** The language the caller chose for the call, as the channel remembers it. */
  chosenLanguage: PromptLanguage | null;
}

const RETRY_MS = 1_000;

/**
 * Resynchronisation with Asterisk. During a gap in the event connection
 * channels stay in Stasis and in their bridges, but their events are lost;
 * after a crash the app remembers nothing. On every (re)connection:
 * - a call the app knows that is no longer in Stasis ended during the gap:
 *   it leaves at the instant the connection was lost (the last instant its
 *   hang-up would have been heard; never later than the truth, so nobody is
 *   overcharged), and the conference's rules run as for any hang-up (a
 *   meeting left empty ends, a leader leaving may end it);
 * - a caller who was typing a code may have lost keys or the end of the
 *   prompt: code entry starts again;
 * - a channel in Stasis that the app does not know (after a restart) is taken
 *   back: with an open leg in the ledger it goes back to its conference,
 *   rebuilt by the core from the ledger and the channels' memos; without a
 *   leg it was typing a code and is asked again; with a closed leg it was
 *   hearing a last prompt and is hung up; either way a caller who chose a
 *   language for the call keeps hearing it;
 * - on start, legs whose channel is gone are closed at their last checkpoint
 *   (estimated, reason `lost`), bridges nobody holds are destroyed, and
 *   recorded names no caller taken back still has are deleted (personal
 *   data must not outlive its call, even by a crash).
 * A resync that fails (Asterisk not answering) is tried again while connected.
 */
export function createResync(sources: ResyncSources, parts: ResyncParts): Resync {
  const { calls, registry, clock, telephony } = parts;
  const log = parts.logger.child({ component: 'resync' });
  /** The earliest instant since which events may have been lost and not yet reconciled. */
  let gapStart: number | null = null;
  let startRecovered = false;
  let connectedNow = false;
  let running: Promise<void> = Promise.resolve();
  let retryTimer: TimerHandle | null = null;

  function disconnected(at: number): void {
    connectedNow = false;
    gapStart ??= at;
    retryTimer?.cancel();
    retryTimer = null;
  }

  function connected(at: number): void {
    connectedNow = true;
    schedule(at);
  }

  function schedule(at: number): void {
    running = running.then(async () => {
      if (!connectedNow || parts.isShuttingDown()) return;
      const since = gapStart ?? at;
      try {
        await resyncOnce(since);
        // A disconnection while this ran leaves a new gap for the next connection.
        if (connectedNow) gapStart = null;
      } catch (error) {
        gapStart = since;
        log.warn({ err: error, retryInMs: RETRY_MS }, 'resync failed');
        retryTimer?.cancel();
        retryTimer = clock.after(RETRY_MS, () => schedule(clock.now()));
      }
    });
  }

  async function resyncOnce(since: number): Promise<void> {
    const kind = startRecovered ? 'reconnect' : 'start';
    // Only calls known before Asterisk is read can be judged by what it says.
    const known = new Map(calls.all().map((held) => [held.call.channelId, held.state] as const));
    const entries = new Map([...known].flatMap(([id, state]) => (state.phase === 'code-entry' ? [[id, state.entry] as const] : [])));
    const [appChannelIds, bridges] = await Promise.all([sources.snapshots.listAppChannelIds(), sources.snapshots.listBridges()]);
    const at = clock.now();
    const inStasis = new Set(appChannelIds);

    const vanished = [...known.keys()].filter((channelId) => !inStasis.has(channelId));
    // Leaders last: a leader's automatic end must not send farewells to callers who are gone too.
    vanished.sort((a, b) => Number(isLeader(a)) - Number(isLeader(b)));
    let ended = 0;
    for (const channelId of vanished) {
      if (calls.get(channelId) === undefined) continue;
      ended += 1;
      calls.feed(channelId, { kind: 'gone', reason: 'caller-hung-up', at: since });
    }
    let askedAgain = 0;
    for (const [channelId, entry] of entries) {
      const held = calls.get(channelId);
      // A caller who typed on since the connection came back lost nothing worth asking again for.
      if (held?.state.phase !== 'code-entry' || held.state.entry !== entry) continue;
      askedAgain += 1;
      held.log.info('asking for the code again after a gap');
      calls.feed(channelId, { kind: 'restartCodeEntry' });
    }

    let closedLost = 0;
    if (kind === 'start') {
      const recovered = await sources.recovery.closeLostLegs(new Set([...inStasis, ...calls.all().map((held) => held.call.channelId)]), at);
      closedLost = recovered.closedLegIds.length;
      if (recovered.endedMeetingIds.length > 0) log.info({ meetingIds: recovered.endedMeetingIds }, 'meetings of vanished callers ended');
    }
    const strangers = await readStrangers(appChannelIds.filter((channelId) => calls.get(channelId) === undefined));
    const adopted = await takeBack(strangers, bridges);
    destroyAbandonedBridges(bridges);
    if (kind === 'start') await sweepNames();
    startRecovered = true;
    log.info({ kind, ended, askedAgain, closedLost, ...adopted }, 'resync done');
  }

  /** Names of an earlier run: those the callers taken back still have stay, the rest go. */
  async function sweepNames(): Promise<void> {
    const stored = await sources.snapshots.listStoredRecordings();
    const inUse = new Set(registry.all().flatMap((conference) => conference.state.callers.flatMap((caller) => caller.recordedName ?? [])));
    parts.names.sweep(stored, inUse);
  }

  async function readStrangers(channelIds: string[]): Promise<Stranger[]> {
    if (channelIds.length === 0) return [];
    const read = await Promise.all(
      channelIds.map(async (channelId): Promise<Stranger | null> => {
        try {
          const [channel, vars] = await Promise.all([
            sources.snapshots.describeChannel(channelId),
            sources.snapshots.getChannelVars(channelId, [MEMO_VARIABLE, LANGUAGE_VARIABLE]),
          ]);
          const memo = readMemo(vars[MEMO_VARIABLE]);
          const legId = memo?.legId ?? (await sources.snapshots.getChannelVars(channelId, [EARLIER_LEG_VARIABLE]))[EARLIER_LEG_VARIABLE];
          return { channelId, channel, legId, memo, chosenLanguage: readLanguageMemo(vars[LANGUAGE_VARIABLE]) };
        } catch (error) {
          if (error instanceof ChannelGoneError) return null;
          throw error;
        }
      }),
    );
    // An event may have introduced one meanwhile (a caller who arrived just now).
    return read.filter((stranger): stranger is Stranger => stranger !== null && calls.get(stranger.channelId) === undefined);
  }

  async function takeBack(
    strangers: Stranger[],
    bridges: BridgeSnapshot[],
  ): Promise<{ conferencesRestored: number; callersRestored: number; codeEntriesRestarted: number; hungUp: number }> {
    const openLegs = new Map((await sources.recovery.openLegs()).map((leg) => [leg.channelId, leg]));
    const byConference = new Map<string, Array<{ stranger: Stranger; leg: OpenLegRecord }>>();
    let codeEntriesRestarted = 0;
    let hungUp = 0;
    for (const stranger of strangers) {
      const leg = openLegs.get(stranger.channelId);
      if (leg !== undefined) {
        const group = byConference.get(leg.conferenceId) ?? [];
        group.push({ stranger, leg });
        byConference.set(leg.conferenceId, group);
      } else if (stranger.legId !== null) {
        // Its leg is closed: it was hearing a last prompt when the app stopped.
        hungUp += 1;
        hangUpQuietly(stranger.channelId);
      } else {
        codeEntriesRestarted += 1;
        parts.codeEntry.begin(
          {
            channelId: stranger.channelId,
            callerNumber: stranger.channel.callerNumber,
            dialledNumber: stranger.channel.dialledNumber ?? 'unknown',
            at: stranger.channel.createdAt ?? clock.now(),
          },
          stranger.chosenLanguage,
        );
      }
    }
    let callersRestored = 0;
    let conferencesRestored = 0;
    // Every store read first; then the conferences are restored in one turn, no event between them.
    const found = await Promise.all(
      [...byConference].map(async ([conferenceId, group]) => {
        const settings = await sources.conferenceSettings.settingsOf(conferenceId);
        return { conferenceId, group, settings, meeting: settings === null ? null : await openMeetingOf(settings, group) };
      }),
    );
    for (const { conferenceId, group, settings, meeting } of found) {
      if (settings === null || registry.get(conferenceId) !== undefined) {
        // Deleted meanwhile, or (should never be) already live: these legs cannot be taken back.
        hungUp += group.length;
        for (const { stranger, leg } of group) {
          parts.ledger.closeLeg(leg.legId, clock.now(), 'lost');
          hangUpQuietly(stranger.channelId);
        }
        continue;
      }
      restoreConference(settings, group, bridges, meeting);
      conferencesRestored += 1;
      callersRestored += group.length;
    }
    return { conferencesRestored, callersRestored, codeEntriesRestarted, hungUp };
  }

  function restoreConference(
    settings: ConferenceSettings,
    group: Array<{ stranger: Stranger; leg: OpenLegRecord }>,
    bridges: BridgeSnapshot[],
    meeting: Meeting | null,
  ): void {
    const conferenceId = settings.conferenceId;
    const bridgeIds = conferenceBridges(conferenceId, bridges);
    const callers: SurvivingCaller[] = group.map(({ stranger, leg }) => ({
      legId: leg.legId,
      channelId: leg.channelId,
      role: leg.role,
      callerNumber: leg.callerNumber,
      arrivedAt: leg.calledAt,
      joinedAt: meeting !== null && leg.meetingId === meeting.id ? leg.enteredAt : null,
      ...survivingMute(stranger.memo, leg.role === 'participant' && settings.participantsJoinMuted, meeting),
      handRaisedAt: stranger.memo?.handRaisedAt ?? null,
      bridge: bridgeKindHolding(leg.channelId, bridgeIds, bridges),
      chosenLanguage: stranger.chosenLanguage,
      recordedName: stranger.memo?.named === true ? parts.names.nameFor(leg.legId) : null,
    }));
    for (const [index, caller] of callers.entries()) {
      const leg = group[index]!.leg;
      calls.takeBack(
        { channelId: leg.channelId, callerNumber: leg.callerNumber, dialledNumber: leg.dialledNumber, at: leg.calledAt },
        parts.logger.child({ channelId: leg.channelId, conferenceId }),
        conferenceId,
        leg.legId,
        caller.bridge,
      );
    }
    const snapshot: ConferenceSnapshot = { callers, meeting };
    parts.conferences.restore(settings, bridgeIds, snapshot, clock.now());
  }

  /** The meeting the survivors were in, if the ledger still has it open, with its switches from their memos. */
  async function openMeetingOf(
    settings: ConferenceSettings,
    group: Array<{ stranger: Stranger; leg: OpenLegRecord }>,
  ): Promise<Meeting | null> {
    const meetingIds = [...new Set(group.flatMap(({ leg }) => leg.meetingId ?? []))];
    const records = await Promise.all(meetingIds.map(async (id) => ({ id, record: await sources.recovery.meeting(id) })));
    const candidates = records.flatMap(({ id, record }) =>
      record !== null && record.endedAt === null ? [{ id, startedAt: record.startedAt }] : [],
    );
    const latest = candidates.sort((a, b) => b.startedAt - a.startedAt)[0];
    if (latest === undefined) return null;
    // Leaders' memos first: theirs are written whenever a switch changes.
    const memos = [...group]
      .sort((a, b) => Number(b.leg.role === 'leader') - Number(a.leg.role === 'leader'))
      .map(({ stranger }) => stranger.memo?.meeting)
      .filter((memo) => memo?.id === latest.id);
    const switches = memos[0];
    return {
      id: latest.id,
      startedAt: latest.startedAt,
      locked: switches?.locked ?? false,
      listenMode: switches?.listenMode ?? false,
      endOnLeaderHangup: switches?.endOnLeaderHangup ?? settings.endOnLeaderHangup,
      // The memo does not carry when a meeting became a group: its group limit starts again with the next caller in.
      groupSince: null,
    };
  }

  /**
   * Bridges of live conferences are the app's; any other bridge with a
   * Kvorum name was left by an earlier run or by a destroy lost in a gap.
   */
  function destroyAbandonedBridges(bridges: BridgeSnapshot[]): void {
    const inUse = new Set(registry.all().flatMap((conference) => Object.values(conference.bridges).map((bridge) => bridge.id)));
    for (const bridge of bridges) {
      if (!isConferenceBridgeName(bridge.name) || inUse.has(bridge.bridgeId)) continue;
      log.info({ bridgeId: bridge.bridgeId }, 'destroying an abandoned bridge');
      telephony
        .destroyBridge(bridge.bridgeId)
        .catch((error: unknown) => log.warn({ err: error, bridgeId: bridge.bridgeId }, 'destroying bridge failed'));
    }
  }

  function isLeader(channelId: string): boolean {
    const state = calls.get(channelId)?.state;
    if (state?.phase !== 'conference') return false;
    return (
      registry.get(state.conferenceId)?.state.callers.some((caller) => caller.channelId === channelId && caller.role === 'leader') ?? false
    );
  }

  function hangUpQuietly(channelId: string): void {
    telephony.hangup(channelId).catch((error: unknown) => {
      if (!(error instanceof ChannelGoneError)) log.warn({ err: error, channelId }, 'hang-up failed');
    });
  }

  function serverLost(at: number): void {
    running = running.then(async () => {
      const recovered = await sources.recovery.closeLostLegs(new Set(), at);
      log.warn(
        { closedLost: recovered.closedLegIds.length, meetingIds: recovered.endedMeetingIds },
        'media server lost: its calls are over',
      );
      // The legs are closed already: the calls' own ends write nothing more.
      for (const held of calls.all()) calls.feed(held.call.channelId, { kind: 'gone', reason: 'caller-hung-up', at });
      startRecovered = false;
      gapStart = null;
    });
  }

  return {
    disconnected,
    connected,
    serverLost,
    idle: async () => {
      // A resync may schedule another (a retry) while it runs: wait until none is left.
      let seen: Promise<void>;
      do {
        seen = running;
        await seen;
      } while (seen !== running);
    },
  };
}

/** The mute a caller taken back gets: as remembered, or as the room has newcomers join when the channel remembers nothing. */
function survivingMute(
  memo: CallerMemo | null,
  joinsMuted: boolean,
  meeting: Meeting | null,
): Pick<SurvivingCaller, 'muted' | 'mutedByHost'> {
  return memo === null ? { muted: joinsMuted, mutedByHost: joinsMuted } : rememberedMute(memo.mute, meeting?.listenMode ?? false);
}

function conferenceBridges(conferenceId: string, bridges: BridgeSnapshot[]): Partial<Record<BridgeKind, string>> {
  const found: Partial<Record<BridgeKind, string>> = {};
  for (const kind of ['holding', 'mixing'] as const) {
    const named = bridges.filter((bridge) => bridge.kind === kind && bridge.name === conferenceBridgeName(conferenceId, kind));
    // Should there be two (a crash while one was replaced), keep the one with callers in it.
    const best = named.sort((a, b) => b.channelIds.length - a.channelIds.length)[0];
    if (best !== undefined) found[kind] = best.bridgeId;
  }
  return found;
}

function bridgeKindHolding(
  channelId: string,
  bridgeIds: Partial<Record<BridgeKind, string>>,
  bridges: BridgeSnapshot[],
): BridgeKind | null {
  for (const kind of ['holding', 'mixing'] as const) {
    const bridge = bridges.find((candidate) => candidate.bridgeId === bridgeIds[kind]);
    if (bridge?.channelIds.includes(channelId)) return kind;
  }
  return null;
}
