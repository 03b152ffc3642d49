import type { CallerLeftReason } from '../../domain/conference/conference-state';
import { assertNever } from '../../domain/assert-never';
import { checkLiveCommand } from '../../domain/conference/live-commands';
import { defaultGuessingLimits } from '../../domain/guessing/guessing-limits';
import { prompts, tryLaterPrompt } from '../../domain/prompts';
import type { AppContext, BridgeAppDeps } from './app-context';
import { createCallOperations } from './call-operations';
import { createCodeEntryDriver } from './code-entry-driver';
import { createConferenceDriver } from './conference-driver';
import { createConferenceRegistry } from './conference-registry';
import { toLiveView } from './live-view';
import type { LiveCommand, LiveCommandResult } from '../../domain/conference/live-commands';
import type { IncomingCall, TelephonyListener } from '../ports/telephony';
import type { LiveConferenceView, LiveControl } from '../ports/live-control';
import { createResync } from './resync';
import { createSerialQueues } from './serial-queues';
import { guarded } from './guarded';

export type { BridgeAppDeps, BridgeAppSettings } from './app-context';

export interface BridgeApp extends TelephonyListener, LiveControl {
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
}

const FIVE_MINUTES_MS = 5 * 60_000;
const THIRTY_SECONDS_MS = 30_000;

/**
 * The dial-in bridge: turns telephony events into domain events, and domain
 * effects into telephony commands and ledger rows. Every inbound handler is
 * guarded: a fault is logged and never escapes into the telephony adapter.
 */
export function createBridgeApp(deps: BridgeAppDeps): BridgeApp {
  const { settings, registry: sharedRegistry, resync: resyncSources, ...ports } = deps;
  const ctx: AppContext = {
    ...ports,
    settings: {
      durationWarningMs: FIVE_MINUTES_MS,
      farewellTimeoutMs: THIRTY_SECONDS_MS,
      guessing: defaultGuessingLimits,
      ...settings,
    },
    registry: sharedRegistry ?? createConferenceRegistry(),
    calls: new Map(),
    playbacks: new Map(),
    queues: createSerialQueues(),
  };
  const { calls, playbacks, registry, logger, clock } = ctx;
  const operations = createCallOperations(ctx, (channelId, reason) => callGone(channelId, reason));
  const conferences = createConferenceDriver(ctx, operations);
  const codeEntry = createCodeEntryDriver(ctx, operations, (channelId, match) => conferences.admit(channelId, match));
  let shuttingDown = false;
  const whenAllGone: Array<() => void> = [];

  /** The call is over for us (hung up, vanished or failed): tell whoever holds it. */
  function callGone(channelId: string, reason: CallerLeftReason, at = clock.now()): void {
    const record = calls.get(channelId);
    if (record === undefined) return;
    operations.forget(channelId);
    switch (record.phase) {
      case 'code-entry':
        record.log.info({ reason }, 'call ended during code entry');
        break;
      case 'conference': {
        const conference = registry.get(record.conferenceId);
        if (conference !== undefined) conferences.feed(conference, { kind: 'callerLeft', at, channelId, reason });
        break;
      }
      case 'farewell': {
        const conference = record.conferenceId === null ? undefined : registry.get(record.conferenceId);
        if (conference !== undefined) {
          conference.farewells.delete(channelId);
          conferences.retireIfIdle(conference);
        }
        break;
      }
      default:
        assertNever(record);
    }
    if (calls.size === 0) for (const resolve of whenAllGone.splice(0)) resolve();
  }

  const resync =
    resyncSources === undefined
      ? null
      : createResync(ctx, resyncSources, { codeEntry, conferences, callGone, isShuttingDown: () => shuttingDown });

  const callArrived = guarded(logger, 'callArrived', (call: IncomingCall) => {
    if (calls.has(call.channelId)) return;
    if (shuttingDown) return refuse(call);
    codeEntry.begin(call);
  });

  /** While stopping: the caller is answered, hears "all circuits are busy, try later" (as from the dialplan when the app is down) and is hung up. */
  function refuse(call: IncomingCall): void {
    const log = logger.child({ channelId: call.channelId });
    log.info('call refused: shutting down');
    calls.set(call.channelId, { phase: 'code-entry', call, log, entry: { phase: 'gave-up' }, promptPlaybackId: null, timer: null });
    operations.run(call.channelId, 'answer', () => ctx.telephony.answer(call.channelId));
    operations.farewell(call.channelId, tryLaterPrompt, ctx.settings.defaultLanguage);
  }

  const digitPressed = guarded(logger, 'digitPressed', (channelId: string, digit: string, at: number) => {
    const record = calls.get(channelId);
    if (record === undefined) return;
    switch (record.phase) {
      case 'code-entry':
        return codeEntry.feed(channelId, { kind: 'digit', digit });
      case 'conference': {
        const conference = registry.get(record.conferenceId);
        if (conference !== undefined) conferences.feed(conference, { kind: 'digit', at, channelId, digit });
        return;
      }
      case 'farewell':
        return;
      default:
        return assertNever(record);
    }
  });

  const callEnded = guarded(logger, 'callEnded', (channelId: string, at: number) => callGone(channelId, 'caller-hung-up', at));

  const playbackFinished = guarded(logger, 'playbackFinished', (playbackId: string) => {
    const playback = playbacks.get(playbackId);
    if (playback === undefined) return;
    playbacks.delete(playbackId);
    switch (playback.purpose) {
      case 'code-prompt': {
        const record = calls.get(playback.channelId);
        if (record?.phase === 'code-entry' && record.promptPlaybackId === playbackId) {
          record.promptPlaybackId = null;
          codeEntry.feed(playback.channelId, { kind: 'promptFinished' });
        }
        return;
      }
      case 'farewell':
        return operations.finishFarewell(playback.channelId);
      default:
        return assertNever(playback.purpose);
    }
  });

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

  function openLegIds(): string[] {
    return registry.all().flatMap((conference) => conference.state.callers.map((caller) => caller.legId));
  }

  async function shutdown(at: number): Promise<void> {
    shuttingDown = true;
    logger.info({ calls: calls.size }, 'shutting down the bridge');
    for (const conference of registry.all()) conferences.feed(conference, { kind: 'shutdown', at });
    for (const [channelId, record] of calls) {
      if (record.phase === 'code-entry') operations.farewell(channelId, [prompts.goodbye], ctx.settings.defaultLanguage);
    }
    // Callers refused meanwhile are calls too: wait until the last farewell is over.
    while (calls.size > 0) {
      await new Promise<void>((resolve) => whenAllGone.push(resolve));
      await ctx.queues.settled();
    }
    await ctx.queues.settled();
  }

  return {
    callArrived,
    digitPressed,
    callEnded,
    playbackFinished,
    connectionChanged,
    list,
    get,
    command,
    openLegIds,
    shutdown,
    settled: () => ctx.queues.settled(),
    resynced: async () => resync?.idle(),
  };
}
