import type { Logger } from '../../logger';
import type { Clock, TimerHandle } from '../ports/clock-and-ids';
import type { Telephony } from '../ports/telephony';

/**
 * The names callers say after the code, as Asterisk stores them
 * (`kvorum-names/<app>/<leg>`). They are personal data: each lives only as
 * long as its call. Released (the caller left, said none, or the call is
 * over) a name is deleted as soon as no recording of it is still running and
 * no prompt that plays it (the leaders' "<name> has left") is still sounding,
 * and at the latest `graceMs` after its release, should an end never arrive.
 * What a crash leaves behind is swept at the next start (see resync.ts).
 * The names never reach the ledger or a log line.
 */
export interface NameRecordings {
  /** The stored recording of the name said on leg `legId`. */
  nameFor(legId: string): string;
  /** Whether a stored recording is one of this bridge's names. */
  isOurs(recording: string): boolean;
  /** A recording of `recording` has been asked for; its end is awaited before it may go. */
  recordingStarted(recording: string): void;
  recordingEnded(recording: string): void;
  /** Playback `playbackId` plays these names. */
  playing(playbackId: string, recordings: readonly string[]): void;
  playbackFinished(playbackId: string): void;
  /** The name is no longer needed. */
  release(recording: string): void;
  /** Deletes every name released and not yet gone, without waiting (the bridge stops). */
  releaseAll(): void;
  /** Deletes stored recordings that are ours and not in `inUse`: what a crash left behind. */
  sweep(stored: readonly string[], inUse: ReadonlySet<string>): void;
}

const FOLDER = 'kvorum-names';

/** The folder of `app`'s names: `kvorum-names/<app>/`, the application's name made safe for a path. */
function folderOf(app: string): string {
  return `${FOLDER}/${app.replace(/[^A-Za-z0-9_-]/g, '_')}/`;
}

/** The stored recording of the name said on leg `legId` to the Stasis application `app`. */
export function nameRecordingFor(app: string, legId: string): string {
  return `${folderOf(app)}${legId}`;
}

export function createNameRecordings(deps: {
  telephony: Telephony;
  clock: Clock;
  logger: Logger;
  /** The Stasis application: names of each application live apart, so one bridge never sweeps another's. */
  app: string;
  graceMs: number;
}): NameRecordings {
  const { telephony, clock } = deps;
  const log = deps.logger.child({ component: 'names' });
  const prefix = folderOf(deps.app);
  const recordingNow = new Set<string>();
  /** Per name, the playbacks of it still sounding. */
  const playbacksOf = new Map<string, Set<string>>();
  const namesOf = new Map<string, readonly string[]>();
  /** Released names not deleted yet, with the timer that deletes them at the latest. */
  const released = new Map<string, TimerHandle>();

  function remove(recording: string): void {
    released.get(recording)?.cancel();
    released.delete(recording);
    for (const playbackId of playbacksOf.get(recording) ?? []) namesOf.delete(playbackId);
    playbacksOf.delete(recording);
    recordingNow.delete(recording);
    telephony.deleteRecording(recording).catch((error: unknown) => log.warn({ err: error }, 'deleting a recorded name failed'));
  }

  function deleteIfUnused(recording: string): void {
    if (!released.has(recording) || recordingNow.has(recording) || (playbacksOf.get(recording)?.size ?? 0) > 0) return;
    remove(recording);
  }

  return {
    nameFor: (legId) => nameRecordingFor(deps.app, legId),
    isOurs: (recording) => recording.startsWith(prefix),
    recordingStarted: (recording) => void recordingNow.add(recording),
    recordingEnded(recording) {
      recordingNow.delete(recording);
      deleteIfUnused(recording);
    },
    playing(playbackId, recordings) {
      if (recordings.length === 0) return;
      namesOf.set(playbackId, recordings);
      for (const recording of recordings) {
        const playbacks = playbacksOf.get(recording) ?? new Set();
        playbacks.add(playbackId);
        playbacksOf.set(recording, playbacks);
      }
    },
    playbackFinished(playbackId) {
      const recordings = namesOf.get(playbackId);
      if (recordings === undefined) return;
      namesOf.delete(playbackId);
      for (const recording of recordings) {
        playbacksOf.get(recording)?.delete(playbackId);
        deleteIfUnused(recording);
      }
    },
    release(recording) {
      if (released.has(recording)) return;
      released.set(
        recording,
        clock.after(deps.graceMs, () => remove(recording)),
      );
      deleteIfUnused(recording);
    },
    releaseAll() {
      for (const recording of [...released.keys()]) remove(recording);
    },
    sweep(stored, inUse) {
      const left = stored.filter((recording) => recording.startsWith(prefix) && !inUse.has(recording) && !recordingNow.has(recording));
      if (left.length > 0) log.info({ count: left.length }, 'deleting recorded names left by an earlier run');
      for (const recording of left) remove(recording);
    },
  };
}
