/**
 * The public face of the ARI simulator. Other modules (the ARI adapter's
 * integration tests, the e2e suite, the benchmarks) code against these names.
 */

export interface SimulatorOptions {
  /** Interface to bind; default '127.0.0.1'. */
  host?: string;
  /** Port to bind; default 0 = a free port. */
  port?: number;
  /** ARI user; default 'kvorum'. */
  username?: string;
  /** ARI password; default 'secret'. */
  password?: string;
  /** Multiplies every simulated duration (prompts, DTMF digits); default 1; tests use 0.001. */
  timeScale?: number;
  /**
   * Unscaled length of one media item in ms, played in `language`; null when
   * Asterisk would find no file for it. Default: `sound:` measured from the
   * files in `soundDirectories` (see media-durations.ts).
   */
  mediaDurationMs?: (uri: string, language: string) => number | null;
  /**
   * Asterisk sounds directories to find `sound:` files in, searched in order as
   * `<astdatadir>/sounds` is. Default: $KVORUM_SIM_SOUNDS (`:`-separated),
   * else build/sounds and Debian's /usr/share/asterisk/sounds.
   */
  soundDirectories?: string[];
  /** Unscaled length of one DTMF digit in ms; default 100. */
  dtmfDurationMs?: number;
  /** The Stasis app the dialplan sends calls to, unless `dial` names another; default 'kvorum'. */
  app?: string;
}

export type SimBridgeType = 'holding' | 'mixing';

export interface SimBridgeView {
  id: string;
  type: SimBridgeType;
  channelIds: string[];
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT' — ari-client connects to this; REST lives under /ari. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** A caller dials the access number; the dialplan sends the call to Stasis(app, accessNumber). */
  dial(accessNumber: string, options?: { callerId?: string | null; app?: string }): SimCaller;
  /**
   * A call arrives over the internal trunk from `fromServer` (a peer of a
   * cluster, or anyone who can reach the trunk), with whatever X-Kvorum-Carry
   * header it brings: the dialplan runs Stasis(app, carried) with the header in KVORUM_CARRY.
   */
  arriveOverTrunk(fromServer: string, arrival?: { callerId?: string | null; carryHeader?: string }): SimCaller;
  /** The default Stasis app (SimulatorOptions.app). */
  readonly app: string;
  callers(): SimCaller[];
  caller(channelId: string): SimCaller | undefined;
  /** True when `listener` hears `speaker`: both up, in the same mixing bridge, neither being played a prompt of its own (that takes a caller out of the mix), speaker not muted (in or both), listener not muted out. */
  canHear(listener: SimCaller, speaker: SimCaller): boolean;
  /**
   * `canHear` once prompts to either caller (or their bridge) have ended, as a
   * test measures it on a real Asterisk; rejects if they are still being
   * played to after timeoutMs (default 2000). Callers in different bridges are answered at once.
   */
  canHearOnceQuiet(listener: SimCaller, speaker: SimCaller, timeoutMs?: number): Promise<boolean>;
  bridges(): SimBridgeView[];
  /** Puts a stored recording of `durationMs` in place, as a file an earlier run left in Asterisk's recordings directory. */
  storeRecording(name: string, durationMs: number): void;
  /** Stasis applications that currently have an event WebSocket. */
  connectedApps(): string[];
  /** Resolves once `app` has (`connected` true) or no longer has an event WebSocket; rejects after timeoutMs (default 2000). */
  waitForApp(app: string, connected: boolean, timeoutMs?: number): Promise<void>;
  faults: SimFaults;
  /** Called for every REST request received (for latency measurement in benchmarks). Returns an unsubscribe function. */
  onRequest(listener: (r: SimRequestNotice) => void): () => void;
  /** Called for every event written to an app's WebSocket (for traffic counts in benchmarks). Returns an unsubscribe function. */
  onEvent(listener: (e: SimEventNotice) => void): () => void;
  /** DTMF-to-reaction latency samples (see latency.ts for what is measured). */
  latency(): LatencySummary;
  resetLatency(): void;
  close(): Promise<void>;
}

/**
 * Several simulated Asterisk media servers, each its own ARI endpoint, and
 * the internal SIP trunk between them (see README: "A cluster").
 */
export interface SimCluster {
  /** The server by its id (its name on the trunk). */
  server(id: string): Simulator;
  readonly serverIds: readonly string[];
  /** `Simulator.canHear` across the servers: callers on different servers never hear each other. */
  canHear(listener: SimCaller, speaker: SimCaller): boolean;
  /**
   * A call through the edge: Kamailio's dispatcher spreads new calls over the
   * servers by a hash of their Call-ID: here by a hash of the call's number
   * in order, the same spread on every run.
   */
  dial(accessNumber: string, options?: { callerId?: string | null; app?: string }): SimCaller;
  /** `Simulator.latency` over every server's calls (a carried caller's keys count where they arrive). */
  latency(): LatencySummary;
  resetLatency(): void;
  close(): Promise<void>;
}

export interface SimRequestNotice {
  method: string;
  /** Path with query string, as received. */
  path: string;
  /** Epoch milliseconds (fractional). */
  at: number;
}

export interface SimEventNotice {
  type: string;
  /** Size of the JSON text sent. */
  bytes: number;
}

export type SimCallerState = 'ring' | 'up' | 'hungup';

/**
 * One media item a caller heard, and the language it was played in: the
 * playback's `lang`, else the channel's language (`CHANNEL(language)`, `en`
 * unless set); a bridge playback without `lang` speaks Asterisk's default
 * language, `en`. The same URI says different words in different languages.
 */
export interface HeardMedia {
  media: string;
  language: string;
}

export interface SimCaller {
  readonly channelId: string;
  readonly callerId: string | null;
  readonly accessNumber: string;
  /** Sends DTMF digits one by one as ChannelDtmfReceived events (each after its simulated duration), gapMs real ms between digits (default 0). Resolves when all are sent. */
  press(digits: string, options?: { gapMs?: number }): Promise<void>;
  hangUp(): Promise<void>;
  readonly state: SimCallerState;
  /**
   * The Q.850 cause the call ended with, as ChannelDestroyed gives it (16
   * normal clearing, 34 congestion, …); null while it goes on, or when a
   * restart of Asterisk took it without a word. A call never answered and
   * hung up with 34 is one PJSIP refuses with 503 (the caller's carrier
   * plays congestion; a SIP edge tries the next server).
   */
  hangupCause(): number | null;
  /** The app answered the call (it may have ended since). */
  wasAnswered(): boolean;
  /** Not answered, and the app indicated ringing (`POST /channels/{id}/ring`): the caller hears ringback. */
  isRinging(): boolean;
  /**
   * Media started on this channel (its own playbacks, and bridge playbacks
   * while it was in that bridge and not hearing a prompt of its own), in
   * order, each with the language it was played in.
   */
  heard(): HeardMedia[];
  /** Keypad tones of other callers that reached this caller as sound (a mixing bridge passes them unless the presser was added with absorbDTMF). */
  keysReceived(): string[];
  /** A prompt to this caller, or a playback to its bridge, is sounding now. */
  isBeingPlayedTo(): boolean;
  /** A recording of this caller is running (its beep has sounded): what the caller says now goes into it. */
  isBeingRecorded(): boolean;
  /** The names of the recordings the app made of this caller (`POST /channels/{id}/record`), in order. */
  recordings(): string[];
  /** Speaks for `ms` (simulated): a recording of the caller running meanwhile is that much longer. */
  say(ms: number): Promise<void>;
  /** Channel MOH on, or in a bridge the app started music on (a holding bridge alone is silent), and not hearing a prompt of its own. */
  hasMusicOnHold(): boolean;
  bridgeId(): string | null;
  bridgeType(): SimBridgeType | null;
  /** Muted in direction in (or both), or joined its bridge muted. */
  isMuted(): boolean;
  /** Resolves when predicate(this) holds, checked on every change in the simulator (calls, bridges, playbacks, apps connecting); rejects after timeoutMs (default 2000) saying what it waited for and what the caller heard. */
  waitUntil(predicate: (c: SimCaller) => boolean, description: string, timeoutMs?: number): Promise<void>;
  /** Resolves once `uri` (e.g. 'sound:kvorum/code-enter') has been heard, in any language. */
  waitForMedia(uri: string, timeoutMs?: number): Promise<void>;
  waitForHangup(timeoutMs?: number): Promise<void>;
  channelVar(name: string): string | undefined;
  /** The media server of a cluster the call is on now (where it arrived, or where the trunk carried it); null for a lone simulator. */
  mediaServer(): string | null;
  /** When the call (its far end, if carried) first entered a bridge: epoch ms with sub-millisecond resolution; null until then. */
  joinedAt(): number | null;
}

export interface RequestMatch {
  method?: string;
  /** Tested against the path without and with its query string (either may match), e.g. /ari/channels/ID/play?media=... */
  path?: RegExp;
}

export interface SimFaults {
  /** Close all event sockets abruptly (TCP destroy). */
  dropWebSockets(): void;
  /** WS + REST refused (TCP destroy) for `ms` real ms. Calls and bridges survive: a network outage. */
  refuseConnections(ms: number): void;
  /** An Asterisk restart: refuse connections for `ms` and lose every channel, bridge and playback without telling the app. */
  restart(ms: number): void;
  /** Hold matching requests `ms` real ms before Asterisk sees them; `count` times (default: until cleared). */
  delayRequests(match: RequestMatch, ms: number, count?: number): void;
  /** Never answer matching requests (and never act on them); `count` times (default: until cleared). */
  hangRequests(match: RequestMatch, count?: number): void;
  /** The next matching request finds the channel it names hung up a moment ago: the caller hangs up (with the usual events), then the request is served — 404 Channel not found. */
  goneOnNext(match: RequestMatch): void;
  /** Send an event whose type is not declared in the API docs (to `app`, default every connected app). */
  sendUnknownEvent(app?: string): void;
  clear(): void;
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}
