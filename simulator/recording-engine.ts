import { AriError } from './ari-error';
import type { SimTimers } from './timers';

/**
 * Channel recordings as Asterisk 22 makes them (res_stasis_recording.c,
 * stored.c, app.c's `__ast_play_and_record`):
 * - `POST /channels/{id}/record` answers 201 with the recording `queued`,
 *   after checking its parameters; the recording itself is a command of the
 *   channel's control queue, so it starts once a prompt ahead of it has
 *   ended, and holds what comes behind it until it ends;
 * - on its turn a channel in a bridge cannot be recorded (RecordingFailed);
 *   otherwise RecordingStarted (`recording`), the beep if asked for, then
 *   what the caller says, until the `terminateOn` key, `maxDurationSeconds`,
 *   a hang-up, `stop` (kept) or `cancel` (discarded); then RecordingFinished
 *   (`done`, its `duration` in whole seconds, as `ast_tellstream / 8000`).
 *   The simulator cannot measure sound: a recording lasts as long as what
 *   the caller said into it (`SimCaller.say`), or its maximum when it ran to
 *   it, so its length does not depend on how fast the machine runs;
 * - while it is queued or running, the channel cannot be added to a bridge
 *   (409 "Channel … currently recording");
 * - what was kept is a stored recording, listed, played as
 *   `recording:<name>` and deleted by name, and survives an Asterisk restart
 *   (it is a file); a name may hold folders (`a/b/c`).
 */

export type TerminateOn = 'none' | 'any' | '*' | '#';
export type IfExists = 'fail' | 'overwrite' | 'append';
export type RecordingState = 'queued' | 'recording' | 'done' | 'failed' | 'canceled';
export type RecordingEventType = 'RecordingStarted' | 'RecordingFinished' | 'RecordingFailed';

export interface RecordingRequest {
  name: string | undefined;
  format: string | undefined;
  maxDurationSeconds: number;
  maxSilenceSeconds: number;
  ifExists: string | undefined;
  beep: boolean;
  terminateOn: string | undefined;
}

export interface LiveRecording {
  readonly name: string;
  readonly format: string;
  readonly channelId: string;
  state: RecordingState;
  readonly maxDurationSeconds: number;
  readonly beep: boolean;
  readonly terminateOn: TerminateOn;
  /** Whole seconds recorded, once it is over. */
  duration: number | null;
  cause: string | null;
}

export interface StoredRecording {
  readonly name: string;
  readonly format: string;
  /** How long it plays (unscaled ms). */
  readonly durationMs: number;
}

/** What the engine needs of the rest of the simulated Asterisk. */
export interface RecordingHooks {
  publish(recording: LiveRecording, type: RecordingEventType): void;
  /** Plays the beep to the channel; resolves when it has sounded. */
  beep(channelId: string): Promise<void>;
  isBridged(channelId: string): boolean;
  /** The caller's voice now goes into the recording (for waits on the simulator's state). */
  recordingRuns(): void;
}

/** The formats Asterisk 22 can write with the modules Kvorum's Asterisk loads. */
const FORMATS = new Set(['wav', 'WAV', 'gsm', 'ulaw', 'alaw', 'sln', 'sln16', 'g722']);

interface Running {
  recording: LiveRecording;
  /** Simulated ms the caller spoke into it. */
  voicedMs: number;
  stopTimer: () => void;
  finish: (kept: boolean, atMaximum?: boolean) => void;
}

export class RecordingEngine {
  private readonly live = new Map<string, LiveRecording>();
  private readonly running = new Map<string, Running>();
  private readonly stored = new Map<string, StoredRecording>();
  /** Stopped (true: kept) or cancelled (false) during their beep: they end as soon as it has sounded. */
  private readonly endAfterBeep = new Map<string, boolean>();

  constructor(
    private readonly timers: SimTimers,
    private readonly hooks: RecordingHooks,
  ) {}

  /** Checks a record request as the REST handler does; the recording is then `queued`. */
  create(channelId: string, request: RecordingRequest): LiveRecording {
    if (request.maxDurationSeconds < 0) throw new AriError(400, 'max_duration_seconds cannot be negative');
    if (request.maxSilenceSeconds < 0) throw new AriError(400, 'max_silence_seconds cannot be negative');
    const terminateOn = parseTerminateOn(request.terminateOn);
    const ifExists = parseIfExists(request.ifExists);
    if (!request.name || !request.format) throw new AriError(500, 'Error parsing request');
    if (!FORMATS.has(request.format)) throw new AriError(422, 'specified format is unknown on this system');
    // A real Asterisk 22.10.1 answers a folder just outside the recordings folder so (its mkdir refuses it);
    // deeper `..` it accepts and may write outside the folder. The simulator refuses those: no client should make one.
    if (request.name.startsWith('../')) throw new AriError(500, 'Error parsing request');
    if (request.name.split('/').some((part) => part === '..')) throw new AriError(400, 'Recording name invalid');
    const name = request.name;
    const exists = this.stored.has(name) || this.live.has(name);
    if (this.live.has(name) || (ifExists === 'fail' && exists)) {
      throw new AriError(409, `Recording '${name}' already exists and can not be overwritten`);
    }
    const recording: LiveRecording = {
      name,
      format: request.format,
      channelId,
      state: 'queued',
      maxDurationSeconds: request.maxDurationSeconds,
      beep: request.beep,
      terminateOn,
      duration: null,
      cause: null,
    };
    this.live.set(name, recording);
    return recording;
  }

  /** The recording's turn on its channel's queue: resolves when it is over. */
  async run(recording: LiveRecording): Promise<void> {
    if (recording.state !== 'queued') return this.forget(recording);
    if (this.hooks.isBridged(recording.channelId)) {
      recording.state = 'failed';
      recording.cause = 'Cannot record channel while in bridge';
      this.hooks.publish(recording, 'RecordingFailed');
      return this.forget(recording);
    }
    recording.state = 'recording';
    this.hooks.publish(recording, 'RecordingStarted');
    if (recording.beep) await this.hooks.beep(recording.channelId);
    if (recording.state !== 'recording') return this.forget(recording);
    const early = this.endAfterBeep.get(recording.name);
    this.endAfterBeep.delete(recording.name);
    await new Promise<void>((resolve) => {
      const finish = (kept: boolean, atMaximum = false) => {
        if (!this.running.delete(recording.name)) return;
        run.stopTimer();
        const elapsedMs = atMaximum ? recording.maxDurationSeconds * 1000 : run.voicedMs;
        recording.duration = Math.floor(elapsedMs / 1000);
        if (kept) this.stored.set(recording.name, { name: recording.name, format: recording.format, durationMs: elapsedMs });
        // Asterisk reports a cancelled recording "done" too: the command ran to its end.
        recording.state = 'done';
        this.hooks.publish(recording, 'RecordingFinished');
        this.forget(recording);
        resolve();
      };
      const run: Running = {
        recording,
        voicedMs: 0,
        stopTimer:
          recording.maxDurationSeconds > 0
            ? this.timers.afterSimulated(recording.maxDurationSeconds * 1000, () => finish(true, true))
            : () => {},
        finish,
      };
      this.running.set(recording.name, run);
      this.hooks.recordingRuns();
      if (early !== undefined) finish(early);
    });
  }

  /** The caller spoke for `ms` (simulated) into a recording running on the channel. */
  spoke(channelId: string, ms: number): void {
    const run = this.runningOn(channelId);
    if (run !== undefined) run.voicedMs += ms;
  }

  /** A key pressed on a channel: the recording's `terminateOn` ends it. */
  keyPressed(channelId: string, digit: string): void {
    const run = this.runningOn(channelId);
    if (run === undefined) return;
    const { terminateOn } = run.recording;
    if (terminateOn === 'any' || terminateOn === digit) run.finish(true);
  }

  /** The channel hung up: what was said so far is kept; a recording still at its beep ends with nothing. */
  channelGone(channelId: string): void {
    this.runningOn(channelId)?.finish(true);
    for (const recording of [...this.live.values()]) {
      if (recording.channelId !== channelId) continue;
      if (recording.state === 'recording') {
        recording.state = 'done';
        this.hooks.publish(recording, 'RecordingFinished');
      }
      this.forget(recording);
    }
  }

  /** Running (its beep over): what the caller says goes into it. */
  isRunningOn(channelId: string): boolean {
    return this.runningOn(channelId) !== undefined;
  }

  /** Queued or running: the channel may not join a bridge. */
  isRecording(channelId: string): boolean {
    return [...this.live.values()].some((recording) => recording.channelId === channelId);
  }

  getLive(name: string): LiveRecording {
    const recording = this.live.get(name);
    if (!recording) throw new AriError(404, 'Recording not found');
    return recording;
  }

  /** DELETE /recordings/live/{name}: stopped and discarded. */
  cancel(name: string): void {
    this.end(name, false);
  }

  /** POST /recordings/live/{name}/stop: stopped and kept. */
  stop(name: string): void {
    this.end(name, true);
  }

  /** A queued recording is disregarded (it never runs); one at its beep ends right after it. */
  private end(name: string, kept: boolean): void {
    const recording = this.getLive(name);
    const run = this.running.get(name);
    if (run) run.finish(kept);
    else if (recording.state === 'queued') recording.state = 'canceled';
    else this.endAfterBeep.set(name, kept);
  }

  listStored(): StoredRecording[] {
    return [...this.stored.values()];
  }

  getStored(name: string): StoredRecording {
    const recording = this.stored.get(name);
    if (!recording) throw new AriError(404, 'Recording not found');
    return recording;
  }

  putStored(recording: StoredRecording): void {
    this.stored.set(recording.name, recording);
  }

  deleteStored(name: string): void {
    if (!this.stored.delete(name)) throw new AriError(404, 'Recording not found');
  }

  /** How long `recording:<name>` plays, or null when there is no such recording. */
  storedDurationMs(name: string): number | null {
    return this.stored.get(name)?.durationMs ?? null;
  }

  /** An Asterisk restart: recordings in progress are lost; stored ones are files and stay. */
  forgetLive(): void {
    for (const run of this.running.values()) run.stopTimer();
    this.running.clear();
    this.live.clear();
  }

  private runningOn(channelId: string): Running | undefined {
    return [...this.running.values()].find((run) => run.recording.channelId === channelId);
  }

  private forget(recording: LiveRecording): void {
    if (this.live.get(recording.name) === recording) this.live.delete(recording.name);
  }
}

export function liveRecordingJson(recording: LiveRecording): object {
  const json: Record<string, string | number> = {
    name: recording.name,
    format: recording.format,
    state: recording.state,
    target_uri: `channel:${recording.channelId}`,
  };
  if (recording.duration !== null) json.duration = recording.duration;
  if (recording.cause !== null) json.cause = recording.cause;
  return json;
}

export function storedRecordingJson(recording: StoredRecording): object {
  return { name: recording.name, format: recording.format };
}

function parseTerminateOn(value: string | undefined): TerminateOn {
  if (value === undefined || value === '' || value === 'none') return 'none';
  if (value === 'any' || value === '*' || value === '#') return value;
  throw new AriError(400, 'terminateOn invalid');
}

function parseIfExists(value: string | undefined): IfExists {
  if (value === undefined || value === '' || value === 'fail') return 'fail';
  if (value === 'overwrite' || value === 'append') return value;
  throw new AriError(400, 'ifExists invalid');
}
