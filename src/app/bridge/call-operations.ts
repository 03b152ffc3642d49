import { ChannelGoneError } from '../ports/telephony';
import type { AppContext } from './app-context';
import { guarded } from './guarded';
import type { CallerLeftReason } from '../../domain/conference/conference-state';

/**
 * Telephony work for one call, kept in order per channel. A call that is
 * already forgotten (hung up) skips its queued work. When a step fails, the
 * call is over for us: a vanished channel is expected and quiet; any other
 * fault is logged and the channel hung up. Either way `onCallLost` tells the
 * rest of the app, so one caller's failure never touches another's.
 */
export interface CallOperations {
  run(channelId: string, step: string, operation: () => Promise<void>): void;
  /** Plays `media` to the caller, then hangs up. */
  farewell(channelId: string, media: readonly string[], language: string): void;
  /** The farewell prompt ended (or never will): hang up. */
  finishFarewell(channelId: string): void;
  /** Drops everything the app holds for the call. */
  forget(channelId: string): void;
}

export function createCallOperations(ctx: AppContext, onCallLost: (channelId: string, reason: CallerLeftReason) => void): CallOperations {
  const { calls, playbacks, telephony, queues, clock, ids } = ctx;

  function run(channelId: string, step: string, operation: () => Promise<void>): void {
    void queues.run(channelId, async () => {
      if (!calls.has(channelId)) return;
      try {
        await operation();
      } catch (error) {
        failed(channelId, step, error);
      }
    });
  }

  function failed(channelId: string, step: string, error: unknown): void {
    const record = calls.get(channelId);
    if (record === undefined) return;
    if (error instanceof ChannelGoneError) {
      record.log.debug({ step }, 'channel gone');
      onCallLost(channelId, 'caller-hung-up');
      return;
    }
    record.log.error({ step, err: error }, 'telephony step failed; hanging up');
    onCallLost(channelId, 'lost');
    telephony.hangup(channelId).catch((hangupError: unknown) => {
      if (!(hangupError instanceof ChannelGoneError)) record.log.warn({ err: hangupError }, 'hang-up after failure failed');
    });
  }

  function farewell(channelId: string, media: readonly string[], language: string): void {
    const record = calls.get(channelId);
    if (record === undefined) return;
    if (record.phase === 'code-entry') record.timer?.cancel();
    if (record.phase === 'farewell') return;
    const conferenceId = record.phase === 'conference' ? record.conferenceId : null;
    const conference = conferenceId === null ? undefined : ctx.registry.get(conferenceId);
    // Out of the bridge first: the caller leaving is no longer heard, and hears no one else's tones.
    const bridge = record.phase === 'conference' && record.bridge !== null ? conference?.bridges[record.bridge] : undefined;
    const safetyTimer = clock.after(
      ctx.settings.farewellTimeoutMs,
      guarded(record.log, 'farewell timer', () => finishFarewell(channelId)),
    );
    calls.set(channelId, { phase: 'farewell', call: record.call, log: record.log, conferenceId, safetyTimer });
    conference?.farewells.add(channelId);
    if (bridge !== undefined) run(channelId, 'leave bridge', () => telephony.removeFromBridge(bridge.id, channelId));
    const playbackId = ids.next('pb');
    playbacks.set(playbackId, { channelId, purpose: 'farewell' });
    run(channelId, 'play farewell', () => telephony.play(channelId, media, playbackId, language));
  }

  function finishFarewell(channelId: string): void {
    const record = calls.get(channelId);
    if (record?.phase !== 'farewell') return;
    record.safetyTimer.cancel();
    run(channelId, 'hang up', async () => {
      await telephony.hangup(channelId);
      onCallLost(channelId, 'caller-hung-up');
    });
  }

  function forget(channelId: string): void {
    const record = calls.get(channelId);
    if (record === undefined) return;
    calls.delete(channelId);
    if (record.phase === 'code-entry') record.timer?.cancel();
    if (record.phase === 'farewell') record.safetyTimer.cancel();
    for (const [playbackId, playback] of playbacks) {
      if (playback.channelId === channelId) playbacks.delete(playbackId);
    }
  }

  return { run, farewell, finishFarewell, forget };
}
