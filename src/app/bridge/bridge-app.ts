import { assertNever } from '../../domain/assert-never';
import type { CallState } from '../../domain/call/call-machine';
import { type LiveCommand, type LiveCommandResult } from '../../domain/conference/conference-state';
import { checkLiveCommand } from '../../domain/conference/live-commands';
import { defaultGuessingLimits } from '../../domain/guessing/guessing-limits';
import type { LiveConferenceView, LiveControl } from '../ports/live-control';
import { uncountedBridge, type BridgeGauges, type CallStateLabel } from '../ports/metrics';
import { ChannelGoneError, type IncomingCall, type TelephonyListener } from '../ports/telephony';
import type { BridgeAppDeps } from './bridge-deps';
import { createCallDriver } from './call-driver';
import { createCodeEntryDriver } from './code-entry-driver';
import { createConferenceDriver } from './conference-driver';
import { CARRIED_ARRIVAL, createConferencePlacement } from './conference-placement';
import { createConferenceRegistry } from './conference-registry';
import { guarded } from './guarded';
import { createMemoWriter } from './memo-writer';
import { createNameRecordings } from './name-recordings';
import { toLiveView } from './live-view';
import { createResync } from './resync';
import { createSerialQueues } from './serial-queues';

export type { BridgeAppDeps, BridgeAppSettings } from './bridge-deps';

export interface BridgeApp extends TelephonyListener, LiveControl, BridgeGauges {
  /** Legs of callers still connected, for the ledger's periodic checkpoint. */
  openLegIds(): string[];
  /**
   * Refuses new callers; everyone connected hears goodbye and is hung up, and
   * their legs close with reason 'shutdown'. Resolves when every call is gone
   * (farewells are cut off after `farewellTimeoutMs`) and the bridges are destroyed.
   */
  shutdown(at: number): Promise<void>;
  /** Resolves once all telephony work queued so far has finished (for tests and shutdown). */
  settled(): Promise<void>;
  /** Resolves once no resynchronisation with the telephony is running (the first one follows the first connection). */
  resynced(): Promise<void>;
  /** The media server is taken for dead: its calls are over, their legs closed at their last checkpoint (see Resync). */
  mediaServerLost(at: number): void;
}

const FIVE_MINUTES_MS = 5 * 60_000;
const THIRTY_SECONDS_MS = 30_000;

/**
 * The dial-in bridge: turns telephony events into domain events, and domain
 * effects into telephony commands and ledger rows. Every inbound handler is
 * guarded: a fault is logged and never escapes into the telephony adapter.
 */
export function createBridgeApp(deps: BridgeAppDeps): BridgeApp {
  const { telephony, directory, accessNumbers, ledger, clock, ids, logger } = deps;
  const metrics = deps.metrics ?? uncountedBridge;
  const settings = {
    durationWarningMs: FIVE_MINUTES_MS,
    farewellTimeoutMs: THIRTY_SECONDS_MS,
    guessing: defaultGuessingLimits,
    app: 'kvorum',
    ...deps.settings,
  };
  const registry = deps.registry ?? createConferenceRegistry();
  const queues = createSerialQueues();
  const liveListeners = new Set<(conferenceId: string) => void>();
  let shuttingDown = false;
  const whenAllGone: Array<() => void> = [];

  const names = createNameRecordings({ telephony, clock, logger, app: settings.app, graceMs: settings.farewellTimeoutMs });
  const memos = createMemoWriter(
    telephony,
    // A memo names the caller's leg: it lands after the leg, or a crash between the two would hang the caller up on restart.
    async (channelId) => void (await Promise.all([calls.whenQuiet(channelId), ledger.whenWritten()])),
    (channelId, error) => calls.get(channelId)?.log.warn({ err: error }, 'remembering state on the channel failed'),
  );

  // The three drivers call one another back: the call driver asks for codes to be checked and tells
  // conferences who left; code entry hands accepted callers to the conferences; the conferences send
  // callers away through the call driver. The hooks are bound once all three exist.
  const calls = createCallDriver(
    {
      telephony,
      clock,
      ids,
      queues,
      memos,
      rules: {
        firstDigitTimeoutMs: settings.firstDigitTimeoutMs,
        interDigitTimeoutMs: settings.interDigitTimeoutMs,
        maxCodeTries: settings.maxCodeTries,
        defaultLanguage: settings.defaultLanguage,
      },
      farewellTimeoutMs: settings.farewellTimeoutMs,
      names,
    },
    {
      checkCode: (channelId, digits) => codeEntry.checkCode(channelId, digits),
      bridgeId: (conferenceId, kind) => registry.get(conferenceId)?.bridges[kind]?.id,
      farewellStarted: (conferenceId, channelId) => registry.get(conferenceId)?.farewells.add(channelId),
      farewellOver(conferenceId, channelId) {
        const conference = registry.get(conferenceId);
        if (conference === undefined) return;
        conference.farewells.delete(channelId);
        conferences.retireIfIdle(conference);
      },
      leftConference(conferenceId, channelId, reason, at) {
        const conference = registry.get(conferenceId);
        if (conference !== undefined) conferences.feed(conference, { kind: 'callerLeft', at, channelId, reason });
      },
      enterConference: (channelId, recordedName) => conferences.enter(channelId, recordedName),
      callEnded(channelId) {
        conferences.callGone(channelId);
        if (calls.count() === 0) for (const resolve of whenAllGone.splice(0)) resolve();
      },
    },
  );
  const conferences = createConferenceDriver({
    calls,
    registry,
    telephony,
    ids,
    clock,
    ledger,
    queues,
    memos,
    logger,
    rules: { commandTimeoutMs: settings.commandTimeoutMs, durationWarningMs: settings.durationWarningMs },
    retired: (conferenceId) => placement.retired(conferenceId),
    changed: liveChanged,
    names,
  });
  const placement = createConferencePlacement({
    calls,
    conferences,
    cluster: deps.cluster,
    clock,
    ids,
    logger,
    isLive: (conferenceId) => registry.get(conferenceId) !== undefined,
  });
  const codeEntry = createCodeEntryDriver(
    { calls, directory, accessNumbers, clock, guessing: settings.guessing, guessingStore: deps.guessingStore, metrics, logger },
    (channelId, match) => placement.accepted(channelId, match),
  );

  const resync =
    deps.resync === undefined
      ? null
      : createResync(deps.resync, {
          calls,
          registry,
          codeEntry,
          conferences,
          telephony,
          ledger,
          clock,
          logger,
          names,
          isShuttingDown: () => shuttingDown,
        });

  const callArrived = guarded(logger, 'callArrived', (call: IncomingCall) => {
    if (calls.get(call.channelId) !== undefined) return;
    if (shuttingDown) return codeEntry.refuse(call);
    // A carried call is never shed: its caller passed the code elsewhere, and its meeting lives here.
    if (call.dialledNumber === CARRIED_ARRIVAL) return placement.carriedIn(call);
    if (deps.shedder?.shedding() === true) return shed(call.channelId);
    codeEntry.begin(call);
  });

  /**
   * Refused at the door, never held nor answered: hung up with congestion,
   * which the SIP edge takes as "try the next media server". Not logged per
   * call: an overloaded bridge must spend as little as it can on each.
   */
  function shed(channelId: string): void {
    metrics.callRefused('overloaded');
    void queues.run(channelId, async () => {
      try {
        await telephony.hangup(channelId, 'congestion');
      } catch (error) {
        if (!(error instanceof ChannelGoneError)) logger.warn({ err: error, channelId }, 'refusing a call at the door failed');
      }
    });
  }

  const digitPressed = guarded(logger, 'digitPressed', (channelId: string, digit: string, at: number) => {
    const state = calls.get(channelId)?.state;
    if (state === undefined) return;
    switch (state.phase) {
      case 'screening':
      case 'naming':
        return;
      case 'code-entry':
        return calls.feed(channelId, { kind: 'codeEntry', event: { kind: 'digit', digit } });
      case 'conference': {
        const conference = registry.get(state.conferenceId);
        if (conference !== undefined) conferences.feed(conference, { kind: 'digit', at, channelId, digit });
        return;
      }
      case 'farewell':
        return;
      default:
        return assertNever(state);
    }
  });

  const callEnded = guarded(logger, 'callEnded', (channelId: string, at: number) =>
    calls.feed(channelId, { kind: 'gone', reason: 'caller-hung-up', at }),
  );

  const playbackFinished = guarded(logger, 'playbackFinished', (playbackId: string) => {
    names.playbackFinished(playbackId);
    calls.playbackFinished(playbackId);
  });

  const recordingEnded = guarded(logger, 'recordingEnded', (recording: string, seconds: number | null) =>
    calls.recordingEnded(recording, seconds),
  );

  const connectionChanged = guarded(logger, 'connectionChanged', (connected: boolean, at: number) => {
    if (connected) {
      logger.info('telephony connected');
      resync?.connected(at);
    } else {
      logger.warn('telephony disconnected');
      resync?.disconnected(at);
    }
  });

  function list(): LiveConferenceView[] {
    return registry.all().map((conference) => toLiveView(conference.state));
  }

  function get(conferenceId: string): LiveConferenceView | null {
    const conference = registry.get(conferenceId);
    return conference === undefined ? null : toLiveView(conference.state);
  }

  /** Tells the admin side (the live events stream) that a conference changed; a failing listener never stops the bridge. */
  function liveChanged(conferenceId: string): void {
    for (const listener of liveListeners) {
      try {
        listener(conferenceId);
      } catch (error) {
        logger.error({ err: error, conferenceId }, 'live change listener failed');
      }
    }
  }

  function onChange(listener: (conferenceId: string) => void): () => void {
    // A listener of its own per subscription, so the same function subscribed twice is two subscriptions.
    const subscription = (conferenceId: string) => listener(conferenceId);
    liveListeners.add(subscription);
    return () => void liveListeners.delete(subscription);
  }

  function command(conferenceId: string, liveCommand: LiveCommand): LiveCommandResult {
    const conference = registry.get(conferenceId);
    if (conference === undefined) return 'no-live-meeting';
    const result = checkLiveCommand(conference.state, liveCommand);
    if (result === 'done') {
      conference.log.info({ command: liveCommand.kind }, 'admin command');
      conferences.feed(conference, { kind: 'liveCommand', at: clock.now(), command: liveCommand });
    }
    return result;
  }

  function callsByState(): Record<CallStateLabel, number> {
    const inMeeting = new Set(
      registry
        .all()
        .flatMap((conference) => conference.state.callers.filter((caller) => caller.place === 'meeting').map((c) => c.channelId)),
    );
    const counts: Record<CallStateLabel, number> = { 'code-entry': 0, waiting: 0, 'in-meeting': 0, farewell: 0 };
    for (const { call, state } of calls.all()) counts[stateLabel(state, inMeeting.has(call.channelId))] += 1;
    return counts;
  }

  function meetingsLive(): number {
    return registry.all().filter((conference) => conference.state.meeting !== null).length;
  }

  function openLegIds(): string[] {
    return registry.all().flatMap((conference) => conference.state.callers.map((caller) => caller.legId));
  }

  async function shutdown(at: number): Promise<void> {
    shuttingDown = true;
    logger.info({ calls: calls.count() }, 'shutting down the bridge');
    for (const conference of registry.all()) conferences.feed(conference, { kind: 'shutdown', at });
    for (const { call, state } of calls.all()) {
      // A caller not answered yet never got in: "try later", as the dialplan says when Kvorum is gone.
      if (state.phase === 'screening') calls.feed(call.channelId, { kind: 'turnAway', prompts: [{ key: 'call.try-later' }] });
      if (state.phase === 'code-entry' || state.phase === 'naming')
        calls.feed(call.channelId, { kind: 'turnAway', prompts: [{ key: 'call.goodbye' }] });
    }
    // Callers refused meanwhile are calls too: wait until the last farewell is over.
    while (calls.count() > 0) {
      await new Promise<void>((resolve) => whenAllGone.push(resolve));
      await queues.settled();
    }
    // Everyone is gone: no name is needed any more, nor waited for.
    names.releaseAll();
    await queues.settled();
  }

  return {
    callArrived,
    digitPressed,
    callEnded,
    playbackFinished,
    recordingEnded,
    connectionChanged,
    list,
    get,
    command,
    onChange,
    openLegIds,
    callsByState,
    meetingsLive,
    shutdown,
    settled: () => queues.settled(),
    resynced: async () => resync?.idle(),
    mediaServerLost: (at) => resync?.serverLost(at),
  };
}

function stateLabel(state: CallState, inMeeting: boolean): CallStateLabel {
  switch (state.phase) {
    case 'screening':
    case 'code-entry':
      return 'code-entry';
    case 'naming':
      return 'waiting';
    case 'conference':
      return inMeeting ? 'in-meeting' : 'waiting';
    case 'farewell':
      return 'farewell';
    default:
      return assertNever(state);
  }
}
