import { randomUUID } from 'node:crypto';
import type { Heard } from '../../support/heard';
import { AriRequestError, type AriEvent, type RealAriConnection } from './real-asterisk-ari';

/**
 * Callers on a real Asterisk, made of Local channels.
 *
 * `dial('22222222')` originates `Local/22222222@kvorum-access/n` into the
 * test's own ARI application. Asterisk makes two halves:
 *  - the *caller half* (";1") joins the test's application once the call is
 *    answered: the test presses keys on it (POST /channels/{id}/dtmf), speaks
 *    on it (plays a sound on it) and listens on it (talk detection);
 *  - the *Kvorum half* (";2", `channelId`) runs the dialplan into
 *    Stasis(kvorum,22222222): it is the channel the bridge under test sees.
 * "/n" stops Asterisk optimising the pair away once both are bridged.
 *
 * The test's connection must subscribe to all events (subscribeAll), so what
 * happens to the Kvorum half (prompts, bridges, hang-up) is observed here
 * without asking the bridge under test.
 *
 * Hearing is measured, not looked up: Asterisk has no event for music on hold
 * or mute, so `hears` plays a prompt on one caller's half and waits for talk
 * detection on another's. No audio flows to an idle channel, so talk detection
 * never sees silence there and must be re-armed before each probe.
 */

export type RealCallerState = 'ring' | 'up' | 'hungup';
export type RealBridgeType = 'holding' | 'mixing';

export interface RealDialOptions {
  /** Caller ID the bridge sees, e.g. 'Alice <4790000001>'. */
  callerId?: string;
  /** Dialplan context to dial in: kvorum-access (default) or from-callers (carrier number forms such as +47...). */
  context?: string;
  /** Channel variables set on the caller half; a `__` prefix makes the Kvorum half inherit them. */
  variables?: Record<string, string>;
}

export interface RealCaller {
  readonly accessNumber: string;
  /** The Kvorum half: the channel the bridge under test sees. */
  readonly channelId: string;
  /** The caller half, owned by the test's application. */
  readonly callerHalfId: string;
  readonly state: RealCallerState;
  /** Hang-up cause Asterisk reported for the call (e.g. 34 when turned away), once it ended. */
  hangupCause(): number | null;
  /**
   * Media played to the Kvorum half, in order: ARI playbacks on it or on its
   * bridge while it was in it (and not being played a prompt of its own,
   * which takes it out of the mix), each in the language its Playback says,
   * and the dialplan's own Playback() (the fallback when the bridge is not
   * connected) as `sound:` URIs in the channel's language.
   */
  heard(): Heard[];
  /** Whether a playback on the Kvorum half or its bridge is still going. */
  isBeingPlayedTo(): boolean;
  /** How many playbacks (media items) have started on the Kvorum half or its bridge, heard or not. */
  playbacksStarted(): number;
  /** Keypad tones that reached the caller's handset from the far side (other callers' keys passed by a bridge). */
  keysReceived(): string[];
  bridgeId(): string | null;
  bridgeType(): RealBridgeType | null;
  /** Presses keys; resolves once the Kvorum half has received every digit. */
  press(digits: string, options?: { gapMs?: number }): Promise<void>;
  hangUp(): Promise<void>;
  /** Resolves when predicate(this) holds, checked on every ARI event; rejects after timeoutMs saying what it waited for. */
  waitUntil(predicate: (caller: RealCaller) => boolean, description: string, timeoutMs?: number): Promise<void>;
  waitForMedia(uri: string, timeoutMs?: number): Promise<void>;
  waitForHangup(timeoutMs?: number): Promise<void>;
  /** Whether any audio reaches this caller within windowMs (prompts, music, other callers). */
  hearsAudioWithin(windowMs: number): Promise<boolean>;
  /** Starts listening now, for audio that something done next will cause; the result says whether it came within windowMs. */
  startListening(): Promise<(windowMs: number) => Promise<boolean>>;
  /** Whether this caller hears `speaker` speak within windowMs; nothing else may be playing to this caller meanwhile. */
  hears(speaker: RealCaller, windowMs?: number): Promise<boolean>;
  /**
   * Whether this caller's voice gets into the call: speaks, and listens on the
   * Kvorum half with talk detection, which sits behind a channel mute
   * (POST /channels/{id}/mute) and so hears nothing while the caller is muted.
   * A mute applied by a bridge (addChannel mute=true) is not seen this way.
   */
  voiceReachesCallWithin(windowMs?: number): Promise<boolean>;
  /** Starts speaking (a prompt played on the caller half); resolves to the way to stop. */
  speak(media?: string): Promise<() => Promise<void>>;
  /** The names of the recordings made of the Kvorum half (RecordingStarted), in order. */
  recordings(): string[];
  /** Once a recording of the Kvorum half has started, speaks for `seconds` (0: not at all) and presses `#`. */
  sayName(seconds: number): Promise<void>;
  /** Records the caller's own handset (the caller half, in the test's app) into a stored recording `name`, for a second. */
  recordHandset(name: string): Promise<void>;
}

export interface RealCallers {
  dial(accessNumber: string, options?: RealDialOptions): Promise<RealCaller>;
  /** Hangs up every caller still connected and waits until Asterisk confirms. */
  hangUpAll(): Promise<void>;
}

const DEFAULT_WAIT_MS = 10_000;
const DEFAULT_HEARING_WINDOW_MS = 3_000;
const DIGIT_MS = 100;
/** Long enough to be detected as speech (talk detection needs 160 ms of sound). */
const SPEECH = 'sound:conf-getpin';

export function createRealCallers(ari: RealAriConnection): RealCallers {
  const callers: RealCaller[] = [];

  return {
    async dial(accessNumber, options = {}) {
      const caller = createRealCaller(ari, accessNumber);
      callers.push(caller);
      const context = options.context ?? 'kvorum-access';
      const query: Record<string, string> = {
        endpoint: `Local/${accessNumber}@${context}/n`,
        app: ari.app,
        channelId: caller.callerHalfId,
        otherChannelId: caller.channelId,
      };
      if (options.callerId) query.callerId = options.callerId;
      await ari.request('POST', '/channels', query, {
        variables: { 'TALK_DETECT(set)': '', ...options.variables },
      });
      return caller;
    },
    async hangUpAll() {
      await Promise.all(callers.filter((caller) => caller.state !== 'hungup').map((caller) => caller.hangUp()));
    },
  };
}

function createRealCaller(ari: RealAriConnection, accessNumber: string): RealCaller {
  const callerHalfId = `e2e-caller-${randomUUID()}`;
  const channelId = `e2e-kvorum-${randomUUID()}`;
  let state: RealCallerState = 'ring';
  let cause: number | null = null;
  let bridge: { id: string; type: RealBridgeType } | null = null;
  const heard: Heard[] = [];
  const playing = new Set<string>();
  /** Prompts to the Kvorum half itself: while one plays, Asterisk takes the channel out of its bridge's mix. */
  const promptsPlaying = new Set<string>();
  let playbacksStarted = 0;
  /**
   * A connection subscribed to all events gets each event of a bridge
   * playback twice (seen on Asterisk 22.10.1: same playback, item and
   * timestamp); each item that starts is counted once.
   */
  const startsSeen = new Set<string>();
  const keysReceived: string[] = [];
  const recordings: string[] = [];
  const recordingsEnded = new Set<string>();
  let digitsReceived = 0;
  const talkingStarts = new Map<string, number>();
  /** Halves with talk detection on; the caller half gets it when dialled. */
  const armed = new Set<string>([callerHalfId]);
  const wakeUps = new Set<() => void>();

  const isAbout = (event: AriEvent, id: string) => event.channel?.id === id;
  const isPlayedToMe = (target: string) => target === `channel:${channelId}` || (bridge !== null && target === `bridge:${bridge.id}`);
  const track = (event: AriEvent) => {
    switch (event.type) {
      case 'StasisStart':
        if (isAbout(event, callerHalfId) && state === 'ring') state = 'up';
        break;
      case 'ChannelDestroyed':
        if (isAbout(event, callerHalfId) || isAbout(event, channelId)) {
          state = 'hungup';
          cause ??= event.cause ?? null;
        }
        break;
      case 'ChannelEnteredBridge':
        if (isAbout(event, channelId) && event.bridge) {
          bridge = { id: event.bridge.id, type: event.bridge.bridge_type === 'holding' ? 'holding' : 'mixing' };
        }
        break;
      case 'ChannelLeftBridge':
        if (isAbout(event, channelId)) bridge = null;
        break;
      case 'PlaybackStarted': {
        const playback = event.playback;
        const start = `${playback?.id} ${playback?.media_uri} ${playback?.next_media_uri} ${String(event.timestamp)}`;
        if (playback && isPlayedToMe(playback.target_uri) && !startsSeen.has(start)) {
          startsSeen.add(start);
          const toChannel = playback.target_uri === `channel:${channelId}`;
          // A tone to the bridge starting while a prompt plays to the caller does not reach them.
          if (toChannel || promptsPlaying.size === 0) heard.push({ media: playback.media_uri, language: playback.language ?? '' });
          if (toChannel) promptsPlaying.add(playback.id);
          playing.add(playback.id);
          playbacksStarted += 1;
        }
        break;
      }
      case 'PlaybackFinished':
        if (event.playback) {
          playing.delete(event.playback.id);
          promptsPlaying.delete(event.playback.id);
        }
        break;
      case 'ChannelDialplan':
        if (isAbout(event, channelId) && event.dialplan_app === 'Playback') {
          // Playback(a&b[,options]): each file is a prompt.
          const files = (event.dialplan_app_data ?? '').split(',')[0] ?? '';
          const language = event.channel?.language ?? '';
          heard.push(...files.split('&').map((file) => ({ media: `sound:${file}`, language })));
        }
        break;
      case 'ChannelDtmfReceived':
        if (isAbout(event, channelId)) digitsReceived += 1;
        if (isAbout(event, callerHalfId) && event.digit) keysReceived.push(event.digit);
        break;
      case 'RecordingStarted':
        if (event.recording?.target_uri === `channel:${channelId}`) recordings.push(event.recording.name);
        break;
      case 'RecordingFinished':
      case 'RecordingFailed':
        if (event.recording) recordingsEnded.add(event.recording.name);
        break;
      case 'ChannelTalkingStarted':
        if (event.channel) talkingStarts.set(event.channel.id, (talkingStarts.get(event.channel.id) ?? 0) + 1);
        break;
      default:
        break;
    }
    for (const wake of [...wakeUps]) wake();
  };
  ari.onEvent(track);

  const waitFor = (condition: () => boolean, description: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        wakeUps.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        wakeUps.delete(check);
        reject(new Error(`caller to ${accessNumber} did not ${description} within ${timeoutMs} ms; ${describe()}`));
      }, timeoutMs);
      wakeUps.add(check);
      check();
    });

  const describe = () =>
    `state ${state}, heard [${heard.map((item) => `${item.media} (${item.language})`).join(', ')}], bridge ${bridge ? `${bridge.type} ${bridge.id}` : 'none'}`;

  /**
   * Arms talk detection on one half afresh and returns how to wait for sound
   * there. It stays "talking" until it measures silence, which needs audio
   * frames, so an earlier detection must not be left armed.
   */
  const listenOn = async (halfId: string) => {
    if (armed.has(halfId)) await disarm(halfId);
    await ari.request('POST', `/channels/${halfId}/variable`, { variable: 'TALK_DETECT(set)', value: '' });
    armed.add(halfId);
    const before = talkingStarts.get(halfId) ?? 0;
    return (windowMs: number) =>
      waitFor(() => (talkingStarts.get(halfId) ?? 0) > before, 'hear audio', windowMs).then(
        () => true,
        () => false,
      );
  };
  const disarm = async (halfId: string) => {
    armed.delete(halfId);
    await ari.request('POST', `/channels/${halfId}/variable`, { variable: 'TALK_DETECT(remove)', value: '' });
  };
  const startListening = () => listenOn(callerHalfId);

  const caller: RealCaller = {
    accessNumber,
    channelId,
    callerHalfId,
    get state() {
      return state;
    },
    hangupCause: () => cause,
    heard: () => [...heard],
    isBeingPlayedTo: () => playing.size > 0,
    playbacksStarted: () => playbacksStarted,
    keysReceived: () => [...keysReceived],
    bridgeId: () => bridge?.id ?? null,
    bridgeType: () => bridge?.type ?? null,
    async press(digits, options = {}) {
      // The handset half joins the test's app only once the call is answered;
      // a prompt on the Kvorum half may be reported before that.
      await waitFor(() => state !== 'ring', 'be answered, to press keys', DEFAULT_WAIT_MS);
      const target = digitsReceived + digits.length;
      await ari.request('POST', `/channels/${callerHalfId}/dtmf`, {
        dtmf: digits,
        between: String(options.gapMs ?? DIGIT_MS),
        duration: String(DIGIT_MS),
      });
      const expectedMs = digits.length * ((options.gapMs ?? DIGIT_MS) + DIGIT_MS);
      // The bridge may hang up before the last key (a third wrong code): then the keys are done too.
      await waitFor(() => digitsReceived >= target || state === 'hungup', 'deliver the keys pressed', expectedMs + DEFAULT_WAIT_MS);
    },
    async hangUp() {
      if (state === 'hungup') return;
      try {
        await ari.request('DELETE', `/channels/${callerHalfId}`);
      } catch (error) {
        // Already gone: the far end hung up first, which is what waitForHangup below confirms.
        if (!(error instanceof AriRequestError && error.status === 404)) throw error;
      }
      await caller.waitForHangup();
    },
    waitUntil: (predicate, description, timeoutMs = DEFAULT_WAIT_MS) => waitFor(() => predicate(caller), description, timeoutMs),
    waitForMedia: (uri, timeoutMs = DEFAULT_WAIT_MS) => waitFor(() => heard.some((item) => item.media === uri), `hear ${uri}`, timeoutMs),
    waitForHangup: (timeoutMs = DEFAULT_WAIT_MS) => waitFor(() => state === 'hungup', 'hang up', timeoutMs),
    startListening,
    hearsAudioWithin: async (windowMs) => (await startListening())(windowMs),
    async hears(speaker, windowMs = DEFAULT_HEARING_WINDOW_MS) {
      const heardWithin = await startListening();
      const stopSpeaking = await speaker.speak();
      try {
        return await heardWithin(windowMs);
      } finally {
        await stopSpeaking();
      }
    },
    async voiceReachesCallWithin(windowMs = DEFAULT_HEARING_WINDOW_MS) {
      const heardWithin = await listenOn(channelId);
      const stopSpeaking = await caller.speak();
      try {
        return await heardWithin(windowMs);
      } finally {
        await stopSpeaking();
        // Leave the bridge's channel as Kvorum had it.
        await disarm(channelId).catch(() => {
          // The call ended meanwhile.
        });
      }
    },
    recordings: () => [...recordings],
    async sayName(seconds) {
      // RecordingStarted comes just before the beep: speaking from here on is recorded.
      await waitFor(() => recordings.some((name) => !recordingsEnded.has(name)), 'be asked for their name', DEFAULT_WAIT_MS * 2);
      if (seconds > 0) {
        const stopSpeaking = await caller.speak();
        // What is said lasts as long as the caller speaks: the recording measures it.
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        await stopSpeaking();
      }
      await caller.press('#');
    },
    async recordHandset(name) {
      await ari.request('POST', `/channels/${callerHalfId}/record`, { name, format: 'wav', maxDurationSeconds: '1' });
      await waitFor(() => recordingsEnded.has(name), `have ${name} recorded`, DEFAULT_WAIT_MS);
    },
    async speak(media = SPEECH) {
      const playbackId = `e2e-speech-${randomUUID()}`;
      await ari.request('POST', `/channels/${callerHalfId}/play/${playbackId}`, { media });
      return async () => {
        await ari.request('DELETE', `/playbacks/${playbackId}`).catch(() => {
          // The prompt already ended on its own.
        });
      };
    },
  };
  return caller;
}
