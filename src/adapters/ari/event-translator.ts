import { z } from 'zod';
import type { TelephonyListener } from '../../app/ports/telephony';
import type { Logger } from '../../logger';
import { assertNever } from '../../domain/assert-never';
import { presentedCallerNumber } from '../../domain/call/caller-number';

/**
 * Turns raw ARI events into `TelephonyListener` calls. Events Kvorum does not
 * need (and event types nobody knows) are ignored. Every listener call is
 * guarded: a listener that throws (or rejects) is logged and the next event is
 * delivered as usual, so one caller's fault never reaches another caller.
 */
export interface EventTranslator {
  handle(event: unknown): void;
  connectionChanged(connected: boolean): void;
}

const Channel = z.object({
  id: z.string().min(1),
  caller: z.object({ number: z.string().optional() }).optional(),
});

/** A LiveRecording: its name, and (once it is done) its duration in whole seconds. */
const Recording = z.object({ name: z.string().min(1), duration: z.number().int().nonnegative().optional() });

const AriEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('StasisStart'), channel: Channel, args: z.array(z.string()).optional() }),
  z.object({ type: z.literal('StasisEnd'), channel: Channel }),
  z.object({ type: z.literal('ChannelHangupRequest'), channel: Channel }),
  z.object({ type: z.literal('ChannelDestroyed'), channel: Channel }),
  z.object({ type: z.literal('ChannelDtmfReceived'), channel: Channel, digit: z.string().regex(/^[0-9*#A-D]$/) }),
  z.object({ type: z.literal('PlaybackFinished'), playback: z.object({ id: z.string().min(1) }) }),
  z.object({ type: z.literal('RecordingFinished'), recording: Recording }),
  z.object({ type: z.literal('RecordingFailed'), recording: Recording }),
]);
type AriEvent = z.infer<typeof AriEvent>;

/** The event types Kvorum reads; Asterisk is asked for these only (see create-ari-telephony.ts). */
export const translatedEventTypes: readonly string[] = AriEvent.options.map((option) => option.shape.type.value);
const translatedTypes = new Set(translatedEventTypes);

/**
 * What we know of a channel: a caller we told the listener about, a channel
 * that is no caller of ours (ignored), or one whose end was already reported.
 * Entries go when the channel is destroyed; the cap only guards against
 * destroy events lost while disconnected.
 */
type ChannelFate = 'caller' | 'ignored' | 'ended';
const maxRememberedChannels = 50_000;

/** Told when a caller's channel enters Stasis and when a channel is destroyed, before the listener hears of it. */
export interface ChannelLifeObserver {
  entered(channelId: string): void;
  destroyed(channelId: string): void;
}

export function createEventTranslator(
  listener: TelephonyListener,
  logger: Logger,
  now: () => number,
  channelLife: ChannelLifeObserver,
): EventTranslator {
  const channels = new Map<string, ChannelFate>();

  function remember(channelId: string, fate: ChannelFate): void {
    channels.delete(channelId);
    channels.set(channelId, fate);
    if (channels.size > maxRememberedChannels) {
      const oldest = channels.keys().next().value;
      if (oldest !== undefined) channels.delete(oldest);
    }
  }

  function deliver(what: string, call: () => unknown): void {
    const failed = (error: unknown) => logger.error({ err: error, event: what }, 'telephony listener failed');
    try {
      const result = call();
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  function endCall(channelId: string): void {
    const fate = channels.get(channelId);
    if (fate === 'ended' || fate === 'ignored') return;
    remember(channelId, 'ended');
    deliver('callEnded', () => listener.callEnded(channelId, now()));
  }

  function translate(event: AriEvent): void {
    switch (event.type) {
      case 'StasisStart': {
        const dialledNumber = event.args?.[0]?.trim();
        if (dialledNumber === undefined || dialledNumber === '') {
          // Not a caller (no access number): e.g. a channel the app made itself.
          remember(event.channel.id, 'ignored');
          logger.debug({ channelId: event.channel.id }, 'channel without access number ignored');
          return;
        }
        remember(event.channel.id, 'caller');
        channelLife.entered(event.channel.id);
        deliver('callArrived', () =>
          listener.callArrived({
            channelId: event.channel.id,
            callerNumber: presentedCallerNumber(event.channel.caller?.number),
            dialledNumber,
            at: now(),
          }),
        );
        return;
      }
      case 'ChannelDtmfReceived': {
        const fate = channels.get(event.channel.id);
        if (fate === 'ignored' || fate === 'ended') return;
        deliver('digitPressed', () => listener.digitPressed(event.channel.id, event.digit, now()));
        return;
      }
      case 'StasisEnd':
      case 'ChannelHangupRequest':
        endCall(event.channel.id);
        return;
      case 'ChannelDestroyed':
        channelLife.destroyed(event.channel.id);
        endCall(event.channel.id);
        // Nothing follows a destroyed channel: forget it.
        channels.delete(event.channel.id);
        return;
      case 'PlaybackFinished':
        deliver('playbackFinished', () => listener.playbackFinished(event.playback.id, now()));
        return;
      case 'RecordingFinished':
        // Finished also means cancelled, which has no duration: nothing was kept.
        deliver('recordingEnded', () => listener.recordingEnded(event.recording.name, event.recording.duration ?? 0, now()));
        return;
      case 'RecordingFailed':
        deliver('recordingEnded', () => listener.recordingEnded(event.recording.name, null, now()));
        return;
      default:
        assertNever(event);
    }
  }

  return {
    connectionChanged(connected) {
      deliver('connectionChanged', () => listener.connectionChanged(connected, now()));
    },
    handle(raw) {
      const type = typeof raw === 'object' && raw !== null && 'type' in raw ? raw.type : undefined;
      if (typeof type !== 'string' || !translatedTypes.has(type)) {
        logger.trace({ type }, 'ARI event ignored');
        return;
      }
      const parsed = AriEvent.safeParse(raw);
      if (!parsed.success) {
        // The issue may quote a digit, which could be part of a code: log the type only.
        logger.warn({ type }, 'malformed ARI event ignored');
        return;
      }
      translate(parsed.data);
    },
  };
}
