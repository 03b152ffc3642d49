import { createBridgeApp, type BridgeApp, type BridgeAppSettings } from '../../src/app/bridge/bridge-app';
import type { CodeRole, ConferenceSettings } from '../../src/domain/conference/conference-settings';
import type { LoadShedder } from '../../src/app/bridge/load-shedder';
import type { BridgeMetrics } from '../../src/app/ports/metrics';
import type { PromptLanguage } from '../../src/domain/prompts/languages';
import { createSilentLogger, type Logger } from '../../src/logger';
import { conferenceSettings } from './conference-settings';
import { createCountingIds, createFakeClock, type FakeClock } from './in-memory-clock';
import { InMemoryDirectory } from './in-memory-directory';
import { InMemoryGuessingStore } from './in-memory-guessing-store';
import { InMemoryLedger } from './in-memory-ledger';
import { InMemoryTelephony } from './in-memory-telephony';

export const ACCESS_NUMBER = '+4721000000';

const testSettings: BridgeAppSettings = {
  firstDigitTimeoutMs: 10_000,
  interDigitTimeoutMs: 5_000,
  commandTimeoutMs: 2_000,
  maxCodeTries: 3,
  defaultLanguage: 'en',
};

export interface InMemoryBridge {
  app: BridgeApp;
  telephony: InMemoryTelephony;
  ledger: InMemoryLedger;
  directory: InMemoryDirectory;
  guessingStore: InMemoryGuessingStore;
  clock: FakeClock;
  /** Registers a code for a conference. */
  code(code: string, role: CodeRole, conference: ConferenceSettings): void;
  /** Puts an access number in the directory (`ACCESS_NUMBER` is not, unless a test puts it there). */
  accessNumber(number: string, language: PromptLanguage): void;
  /** A caller dials in (on `ACCESS_NUMBER` unless told); returns the channel id. Waits until the bridge is idle. */
  call(channelId: string, callerNumber?: string | null, accessNumber?: string): Promise<string>;
  /** Presses keys one by one (e.g. `'123456#'`) and waits until the bridge is idle. */
  press(channelId: string, keys: string): Promise<void>;
  /** Dials in and types the code followed by `#`. */
  join(channelId: string, code: string, callerNumber?: string | null): Promise<string>;
  hangUp(channelId: string): Promise<void>;
  /** Moves the fake clock forward and waits until the bridge is idle. */
  advance(ms: number): Promise<void>;
  /** Waits until every queued command has run and every event has been delivered (bounded). */
  settle(): Promise<void>;
}

/** The whole bridge over in-memory ports, with a fake clock. */
export function createInMemoryBridge(
  options: {
    playbacks?: 'instant' | 'manual';
    settings?: Partial<BridgeAppSettings>;
    ledger?: InMemoryLedger;
    /** Pass one store to several bridges to have them share it, as processes share a database. */
    guessingStore?: InMemoryGuessingStore;
    metrics?: BridgeMetrics;
    /** Refuses new callers while it says so; without it none is. */
    shedder?: LoadShedder;
    clock?: FakeClock;
    logger?: Logger;
  } = {},
): InMemoryBridge {
  const clock = options.clock ?? createFakeClock();
  const telephony = new InMemoryTelephony(() => clock.now(), options.playbacks ?? 'instant');
  const ledger = options.ledger ?? new InMemoryLedger();
  const directory = new InMemoryDirectory();
  const guessingStore = options.guessingStore ?? new InMemoryGuessingStore();
  const accessNumbers = new Map<string, PromptLanguage>();
  const app = createBridgeApp({
    telephony,
    directory,
    accessNumbers: { languageOf: (number) => accessNumbers.get(number) ?? null },
    ledger,
    guessingStore,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    shedder: options.shedder,
    clock,
    ids: createCountingIds(),
    logger: options.logger ?? createSilentLogger(),
    settings: { ...testSettings, ...options.settings },
  });
  telephony.connect(app);

  async function settle(): Promise<void> {
    for (let round = 0; round < 200; round++) {
      await app.settled();
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!telephony.hasPendingEvents()) return;
    }
    throw new Error('the bridge did not settle');
  }

  async function press(channelId: string, keys: string): Promise<void> {
    for (const key of keys) {
      telephony.press(channelId, key);
      await settle();
    }
  }

  async function call(
    channelId: string,
    callerNumber: string | null = `+47${channelId.length}0000000`,
    accessNumber = ACCESS_NUMBER,
  ): Promise<string> {
    telephony.ring(channelId, callerNumber, accessNumber);
    await settle();
    return channelId;
  }

  return {
    app,
    telephony,
    ledger,
    directory,
    guessingStore,
    clock,
    code: (code, role, conference) => void directory.add(code, role, conference),
    accessNumber: (number, language) => void accessNumbers.set(number, language),
    call,
    press,
    async join(channelId, code, callerNumber) {
      await call(channelId, callerNumber);
      await press(channelId, `${code}#`);
      return channelId;
    },
    async hangUp(channelId) {
      telephony.hangUpCaller(channelId);
      await settle();
    },
    async advance(ms) {
      clock.advance(ms);
      await settle();
    },
    settle,
  };
}

/** The leader and participant codes of the one conference `createBridgeWithConference` knows. */
export const LEADER_CODE = '111111';
export const PARTICIPANT_CODE = '222222';

/** A bridge that knows one conference (`conferenceSettings(overrides)`) by `LEADER_CODE` and `PARTICIPANT_CODE`. */
export function createBridgeWithConference(
  overrides: Partial<ConferenceSettings> = {},
  options: Parameters<typeof createInMemoryBridge>[0] = {},
): InMemoryBridge {
  const bridge = createInMemoryBridge(options);
  const settings = conferenceSettings(overrides);
  bridge.code(LEADER_CODE, 'leader', settings);
  bridge.code(PARTICIPANT_CODE, 'participant', settings);
  return bridge;
}
