import type { MediaDurations } from './media-durations';
import { targetUri, type PlaybackTarget, type SimPlayback } from './sim-objects';
import type { Cancel, SimTimers } from './timers';

/** Media played from a stored recording (`recording:<name>`). */
export const RECORDING_SCHEME = 'recording:';

export type PlaybackEventType = 'PlaybackStarted' | 'PlaybackContinuing' | 'PlaybackFinished';

export interface PlaybackHooks {
  /** A media item began sounding on the target. */
  itemStarted(playback: SimPlayback, uri: string): void;
  publish(playback: SimPlayback, type: PlaybackEventType): void;
}

/**
 * Plays media to channels and bridges the way Asterisk does: playbacks to one
 * target queue behind each other; a playback with several media items plays
 * them in turn, each announced by PlaybackStarted and closed by
 * PlaybackContinuing (more to come) or PlaybackFinished (the last one).
 * A playback stopped while queued finishes without sound when its turn comes.
 * An item whose file does not exist ends at once, unheard; if it was the
 * last one the playback finishes `failed` (res_stasis_playback.c).
 * A `recording:` item whose stored recording does not exist is skipped
 * without an event of its end, as a real Asterisk 22.10.1 was seen to do
 * (play_on_channel `continue`s past it before its final update): the next
 * item just starts; if it was the last one, the playback is gone without a
 * PlaybackFinished.
 */
export class PlaybackEngine {
  private readonly playbacks = new Map<string, SimPlayback>();
  private readonly queues = new Map<string, SimPlayback[]>();
  private readonly itemTimers = new Map<string, Cancel>();
  private readonly whenOver = new Map<string, () => void>();

  constructor(
    private readonly timers: SimTimers,
    private readonly mediaDurationMs: MediaDurations,
    private readonly hooks: PlaybackHooks,
  ) {}

  get(id: string): SimPlayback | undefined {
    return this.playbacks.get(id);
  }

  isInUse(id: string): boolean {
    return this.playbacks.has(id);
  }

  /** A new playback, 'queued' as in Asterisk's 201 answer until `enqueue` gives it its turn. */
  create(target: PlaybackTarget, media: string[], language: string, id: string): SimPlayback {
    const playback: SimPlayback = { id, target, media, language, index: 0, state: 'queued', cancelled: false };
    this.playbacks.set(id, playback);
    return playback;
  }

  /** Queues the playback behind the others to its target; resolves once it has finished (or was dropped). */
  enqueue(playback: SimPlayback): Promise<void> {
    const key = targetUri(playback.target);
    const queue = this.queues.get(key) ?? [];
    queue.push(playback);
    this.queues.set(key, queue);
    if (queue.length === 1) this.timers.afterReal(0, () => this.advance(key));
    return new Promise((resolve) => this.whenOver.set(playback.id, resolve));
  }

  /** Asterisk could not play it: it starts and fails at once, and nobody hears it. */
  fail(playback: SimPlayback): void {
    this.timers.afterReal(0, () => {
      playback.state = 'playing';
      this.hooks.publish(playback, 'PlaybackStarted');
      playback.state = 'failed';
      this.playbacks.delete(playback.id);
      this.hooks.publish(playback, 'PlaybackFinished');
    });
  }

  /** A playback that never got its turn (its channel went away): gone without a word. */
  discard(playback: SimPlayback): void {
    this.playbacks.delete(playback.id);
  }

  /** The playback sounding on the target right now, if any. */
  soundingOn(target: PlaybackTarget): SimPlayback | undefined {
    const head = this.queues.get(targetUri(target))?.[0];
    return head?.state === 'playing' || head?.state === 'continuing' ? head : undefined;
  }

  /** DELETE /playbacks/{id}. Returns false when there is no such playback. */
  stop(id: string): boolean {
    const playback = this.playbacks.get(id);
    if (!playback) return false;
    if (playback.state === 'playing' || playback.state === 'continuing') {
      this.finish(playback);
    } else {
      playback.cancelled = true;
    }
    return true;
  }

  /** The target went away (hangup, bridge destroyed): the sounding playback finishes, queued ones vanish silently. */
  endAllFor(target: PlaybackTarget): void {
    const key = targetUri(target);
    const queue = this.queues.get(key) ?? [];
    this.queues.delete(key);
    for (const playback of queue) {
      this.itemTimers.get(playback.id)?.();
      this.itemTimers.delete(playback.id);
      this.playbacks.delete(playback.id);
      if (playback.state === 'playing' || playback.state === 'continuing') {
        playback.state = 'done';
        this.hooks.publish(playback, 'PlaybackFinished');
      }
      this.over(playback);
    }
  }

  /** Forget everything without events (an Asterisk restart). */
  clear(): void {
    for (const cancel of this.itemTimers.values()) cancel();
    this.itemTimers.clear();
    this.playbacks.clear();
    this.queues.clear();
    this.whenOver.clear();
  }

  private advance(key: string): void {
    const head = this.queues.get(key)?.[0];
    if (!head) return;
    if (head.cancelled) {
      this.finish(head);
      return;
    }
    this.playItem(head);
  }

  private playItem(playback: SimPlayback): void {
    const uri = playback.media[playback.index] ?? '';
    playback.state = 'playing';
    this.hooks.itemStarted(playback, uri);
    this.hooks.publish(playback, 'PlaybackStarted');
    const durationMs = this.mediaDurationMs(uri, playback.language);
    const end =
      durationMs === null && uri.startsWith(RECORDING_SCHEME)
        ? () => this.recordingMissing(playback)
        : () => this.itemEnded(playback, durationMs !== null);
    const cancel = this.timers.afterSimulated(durationMs ?? 0, end);
    this.itemTimers.set(playback.id, cancel);
  }

  /** No such stored recording: on to the next item without a word; the last one leaves the playback unfinished. */
  private recordingMissing(playback: SimPlayback): void {
    this.itemTimers.delete(playback.id);
    if (playback.index < playback.media.length - 1) {
      playback.index += 1;
      this.playItem(playback);
      return;
    }
    this.remove(playback);
  }

  private itemEnded(playback: SimPlayback, played: boolean): void {
    this.itemTimers.delete(playback.id);
    if (playback.index < playback.media.length - 1) {
      playback.state = 'continuing';
      this.hooks.publish(playback, 'PlaybackContinuing');
      playback.index += 1;
      this.playItem(playback);
    } else {
      this.finish(playback, played ? 'done' : 'failed');
    }
  }

  private finish(playback: SimPlayback, end: 'done' | 'failed' = 'done'): void {
    this.remove(playback, () => {
      playback.state = end;
      this.hooks.publish(playback, 'PlaybackFinished');
    });
  }

  /** Takes the playback off its target's queue (saying so with `announce`, if given) and gives the next its turn. */
  private remove(playback: SimPlayback, announce: () => void = () => {}): void {
    this.itemTimers.get(playback.id)?.();
    this.itemTimers.delete(playback.id);
    this.playbacks.delete(playback.id);
    const key = targetUri(playback.target);
    const queue = this.queues.get(key) ?? [];
    const position = queue.indexOf(playback);
    if (position >= 0) queue.splice(position, 1);
    if (queue.length === 0) this.queues.delete(key);
    announce();
    this.over(playback);
    if (position === 0) this.advance(key);
  }

  private over(playback: SimPlayback): void {
    this.whenOver.get(playback.id)?.();
    this.whenOver.delete(playback.id);
  }
}
