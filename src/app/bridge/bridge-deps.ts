import type { GuessingLimits } from '../../domain/guessing/guessing-limits';
import type { PromptLanguage } from '../../domain/prompts/languages';
import type { Logger } from '../../logger';
import type { AccessNumberLanguages } from '../ports/access-numbers';
import type { Clock, Ids } from '../ports/clock-and-ids';
import type { ConferenceDirectory } from '../ports/conference-directory';
import type { GuessingStore } from '../ports/guessing-store';
import type { Ledger } from '../ports/ledger';
import type { BridgeMetrics } from '../ports/metrics';
import type { ResyncSources } from '../ports/resync-sources';
import type { Telephony } from '../ports/telephony';
import type { ClusterMembership } from './conference-placement';
import type { ConferenceRegistry } from './conference-registry';
import type { LoadShedder } from './load-shedder';

export interface BridgeAppSettings {
  firstDigitTimeoutMs: number;
  interDigitTimeoutMs: number;
  commandTimeoutMs: number;
  maxCodeTries: number;
  /** What callers hear before the code on an access number the directory does not know. */
  defaultLanguage: PromptLanguage;
  /** How long before a meeting's maximum duration the leaders are warned; default 5 minutes. */
  durationWarningMs?: number;
  /** A farewell whose end never arrives is cut off (hung up) after this long; default 30 s. */
  farewellTimeoutMs?: number;
  /** Limits on guessing codes across calls; default `defaultGuessingLimits`. */
  guessing?: GuessingLimits;
  /**
   * The Stasis application, whose callers' recorded names this bridge keeps
   * apart from other applications' on the same Asterisk; default `kvorum`.
   */
  app?: string;
}

/** The ports the bridge talks to the world through, its settings, and its logger. */
export interface BridgeAppDeps {
  telephony: Telephony;
  directory: ConferenceDirectory;
  /** The access numbers and their languages. */
  accessNumbers: AccessNumberLanguages;
  ledger: Ledger;
  /** What the guessing limits remember across calls, restarts and processes. */
  guessingStore: GuessingStore;
  /** Counters for operators; default: nothing is counted. */
  metrics?: BridgeMetrics;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  settings: BridgeAppSettings;
  /** The live conferences; pass one in to share it, otherwise the app makes its own. */
  registry?: ConferenceRegistry;
  /** Where to read what was missed after a reconnect or a restart; without it the app does not resynchronise. */
  resync?: ResyncSources;
  /** Refuses new callers at the door while the process is overloaded (the same for every bridge of a process); without it none is. */
  shedder?: LoadShedder;
  /** One media server of several: conferences are claimed and callers carried between servers. Without it, every conference lives here. */
  cluster?: ClusterMembership;
}
