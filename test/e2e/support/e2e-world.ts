import type { PromptLanguage } from '../../../src/domain/prompts/languages';
import type { PromptRequest } from '../../../src/domain/prompts/render';
import type { Heard } from '../../support/heard';
import type { AriEndpoint } from '../../support/kvorum-test-env';

/**
 * The world the end-to-end scenarios play in: an Asterisk (the ARI simulator,
 * or a real Asterisk 22 running the project's asterisk-config/) and callers
 * who dial its access number. Kvorum itself runs in the test process and
 * connects to `world.ari` like it connects to any Asterisk.
 *
 * Every observation is async and goes through what an ARI client can see, so
 * that a real Asterisk can implement it: each caller a Local channel
 * `Local/<access>@kvorum-access` originated into the test's own Stasis app
 * (its ";1" half is the caller's handset, its ";2" half is the channel Kvorum
 * answers); keys are `POST /channels/{id}/dtmf` on the ";1" half; what the
 * caller hears are the playbacks started on the ";2" half or on a bridge it is
 * in (PlaybackStarted with its `language`, and ChannelDialplan for the
 * dialplan's own Playback, in the channel's language);
 * bridge membership from ChannelEnteredBridge/LeftBridge or `GET /bridges`;
 * who hears whom by audio played on one handset detected by talk detection on
 * another. Nothing here may be a synchronous getter of the world's state.
 */

export type MeetingBridgeKind = 'holding' | 'mixing';

export interface WaitOptions {
  /** Fail after this long; each world has a default suited to its speed. */
  timeoutMs?: number;
}

export interface E2ECaller {
  /** The channel Kvorum sees (the ";2" half on a real Asterisk): the ledger's legs name it. */
  readonly channelId: string;
  readonly callerId: string | null;
  /**
   * Presses keys one after the other; `gapMs` is how long the caller pauses
   * between two keys. Resolves when the last key has been sent.
   */
  press(digits: string, options?: { gapMs?: number }): Promise<void>;
  hangUp(): Promise<void>;
  /** Every prompt and tone played to this caller so far, in order: each ARI media URI and the language it was played in. */
  heard(): Promise<Heard[]>;
  /** Keypad tones of other callers that reached this caller through a bridge. */
  heardKeys(): Promise<string[]>;
  /**
   * Resolves once the caller has heard all of `request` (its items in a row)
   * `count` times (default 1): in `language`, or in any language when left out.
   */
  waitForPrompt(request: PromptRequest, options?: WaitOptions & { count?: number; language?: PromptLanguage }): Promise<void>;
  waitForBridge(kind: MeetingBridgeKind, options?: WaitOptions): Promise<void>;
  /** Resolves once others cannot (`true`) or can again (`false`) hear this caller by Kvorum's doing. */
  waitForMuted(muted: boolean, options?: WaitOptions): Promise<void>;
  waitForHangup(options?: WaitOptions): Promise<void>;
  /**
   * In a room with names on: once the recording of the caller's name runs
   * (after its beep), says a name for about `seconds` (default 2) and presses
   * `#`; `seconds: 0` presses `#` at the beep (no name).
   */
  sayName(options?: { seconds?: number }): Promise<void>;
  /** The names of the recordings Asterisk made of this caller (RecordingStarted on the channel), in order. */
  recordedNames(): Promise<string[]>;
  /**
   * Resolves once no prompt or tone is playing to this caller. A caller
   * hearing a prompt is out of the mix on Asterisk and misses the meeting's
   * tones meanwhile, so a story about a tone waits for this first.
   */
  waitUntilQuiet(): Promise<void>;
  /** Others do not hear this caller's voice. */
  isMuted(): Promise<boolean>;
  hasMusicOnHold(): Promise<boolean>;
  bridgeKind(): Promise<MeetingBridgeKind | null>;
  isHungUp(): Promise<boolean>;
}

/** What a wait for a prompt waits for, in its failure message: "hear meeting.count (3) 2 times in nb". */
export function hearing(request: PromptRequest, count: number, language: PromptLanguage | undefined): string {
  const { key, ...parameters } = request;
  const values = Object.values(parameters);
  return [
    `hear ${key}${values.length > 0 ? ` (${values.join(', ')})` : ''}`,
    ...(count === 1 ? [] : [`${count} times`]),
    ...(language === undefined ? [] : [`in ${language}`]),
  ].join(' ');
}

export interface E2EWorld {
  /** Says which Asterisk the scenarios run against (shown as the suite's title). */
  readonly description: string;
  readonly ari: AriEndpoint;
  /** The access number callers dial. */
  readonly accessNumber: string;
  dial(accessNumber: string, callerId: string | null): Promise<E2ECaller>;
  /**
   * Resolves once Kvorum's Stasis app (`ari.app`) is (`true`) or is no longer
   * (`false`) registered, i.e. whether the dialplan would hand a call to it
   * (`GET /applications` on a real Asterisk).
   */
  waitForKvorumApp(connected: boolean, options?: WaitOptions): Promise<void>;
  /** Whether `listener` hears `speaker`'s voice right now. */
  canHear(listener: E2ECaller, speaker: E2ECaller): Promise<boolean>;
  /** The names of the recordings Asterisk has stored (`GET /recordings/stored`). */
  storedRecordings(): Promise<string[]>;
  /**
   * Leaves a stored recording named `name` behind, as a crashed Kvorum
   * would have (Kvorum never hears of it): on a real Asterisk it is recorded
   * from `caller`'s handset, in the test's own application; the simulator
   * stores it as a file of an earlier run. Resolves once it is stored.
   */
  leaveRecording(caller: E2ECaller, name: string): Promise<void>;
  /** Hangs up every caller still connected and releases the world. */
  close(): Promise<void>;
}

/** Settings of a real Asterisk, from the environment (see e2e-target.ts). */
export interface RealAsteriskSettings {
  url: string;
  username: string;
  password: string;
  /** The test's own Stasis app that owns the callers' handsets (";1" halves). */
  callerApp: string;
  /**
   * Kvorum's Stasis app as the dialplan names it by default (KVORUM_ARI_APP,
   * else "kvorum"). A world may instead give each Kvorum under test an app of
   * its own and steer its callers there (the KVORUM_APP channel variable), so
   * that test files can run side by side; Kvorum connects to `ari.app`.
   */
  kvorumApp: string;
  accessNumber: string;
}

/** What test/e2e/support/real-asterisk-world.ts exports. */
export interface RealAsteriskWorldModule {
  startRealAsteriskWorld(settings: RealAsteriskSettings): Promise<E2EWorld>;
}

/** Options only the simulator can honour; a real Asterisk runs in real time. */
export interface SimulatorWorldOptions {
  /** Multiplies every prompt's and key's duration; default 0.001 (a 2 s prompt takes 2 ms). */
  timeScale?: number;
}
