import { randomUUID } from 'node:crypto';
import type { PromptLanguage } from '../../../src/domain/prompts/languages';
import type { PromptRequest } from '../../../src/domain/prompts/render';
import { timesHeard, type Heard } from '../../support/heard';
import type { E2ECaller, E2EWorld, MeetingBridgeKind, RealAsteriskSettings, WaitOptions } from './e2e-world';
import { hearing } from './e2e-world';
import { eventually } from './eventually';
import { AriRequestError, connectRealAri, type RealAriConnection } from './real-asterisk-ari';
import { createRealCallers, type RealCaller } from './real-asterisk-callers';

/**
 * The e2e world on a real Asterisk 22 running the project's asterisk-config/
 * (see real-asterisk-callers.ts for how a caller is made of Local channels).
 *
 * Each world takes Stasis application names of its own, for Kvorum and for its
 * callers, and steers its calls to its Kvorum by setting KVORUM_APP on each
 * call (a channel variable wins over the dialplan's global). So test files
 * running in parallel on one Asterisk never take over each other's
 * applications, and a Kvorum already connected there is left alone.
 *
 * Everything runs in real time: prompts last seconds, and "who hears whom"
 * and "is muted" are measured with audio, so these waits are long.
 */

/** A real prompt lasts seconds; a chain of them (enter code, invalid, enter code ...) longer. */
const DEFAULT_WAIT_MS = 20_000;
/** How long a listener is given to pick up a voice that reaches it. */
const HEARING_WINDOW_MS = 2_000;
/** How long prompts to the callers of a hearing probe may take to end before it starts. */
const QUIET_WAIT_MS = 20_000;

export async function startRealAsteriskWorld(settings: RealAsteriskSettings): Promise<E2EWorld> {
  const run = randomUUID();
  const kvorumApp = `${settings.kvorumApp}-${run}`;
  const ari = await connectRealAri(
    { ariUrl: settings.url, user: settings.username, password: settings.password },
    `${settings.callerApp}-${run}`,
    { subscribeAll: true },
  );
  const callers = createRealCallers(ari);

  const realCallerOf = (caller: E2ECaller): RealCaller => {
    if (!(caller instanceof RealAsteriskCaller)) throw new Error('this caller belongs to another world');
    return caller.real;
  };

  return {
    description: `the real Asterisk at ${settings.url}`,
    ari: { url: settings.url, username: settings.username, password: settings.password, app: kvorumApp },
    accessNumber: settings.accessNumber,
    async dial(accessNumber, callerId) {
      const real = await callers.dial(accessNumber, {
        ...(callerId === null ? {} : { callerId }),
        variables: { __KVORUM_APP: kvorumApp },
      });
      return new RealAsteriskCaller(real, callerId);
    },
    async waitForKvorumApp(connected, options = {}) {
      await eventually(
        () => isRegistered(ari, kvorumApp),
        (registered) => registered === connected,
        connected ? `app ${kvorumApp} registers` : `app ${kvorumApp} unregisters`,
        options.timeoutMs ?? DEFAULT_WAIT_MS,
      );
    },
    async canHear(listener, speaker) {
      const [heardBy, spoken] = [realCallerOf(listener), realCallerOf(speaker)];
      if (heardBy.state !== 'up' || spoken.state !== 'up') return false;
      // Only a mixing bridge carries voices; a holding bridge plays music only.
      if (heardBy.bridgeType() !== 'mixing' || heardBy.bridgeId() !== spoken.bridgeId()) return false;
      // A prompt to the listener would be taken for the voice; a caller being
      // played a prompt is out of the mix on Asterisk, so the speaker must be
      // done with theirs too. "Right now" means once both are back in the mix.
      await Promise.all([untilQuiet(heardBy), untilQuiet(spoken)]);
      return heardBy.hears(spoken, HEARING_WINDOW_MS);
    },
    async storedRecordings() {
      return ((await ari.request('GET', '/recordings/stored')) as Array<{ name: string }>).map((recording) => recording.name);
    },
    leaveRecording: (caller, name) => realCallerOf(caller).recordHandset(name),
    async close() {
      await callers.hangUpAll();
      await ari.close();
    },
  };
}

/** `GET /applications/{name}`: 404 once Asterisk has let go of the application. */
export async function isRegistered(ari: RealAriConnection, app: string): Promise<boolean> {
  try {
    await ari.request('GET', `/applications/${encodeURIComponent(app)}`);
    return true;
  } catch (error) {
    if (error instanceof AriRequestError && error.status === 404) return false;
    throw error;
  }
}

function untilQuiet(caller: RealCaller): Promise<void> {
  return caller.waitUntil((c) => !c.isBeingPlayedTo(), 'be done hearing prompts', QUIET_WAIT_MS);
}

class RealAsteriskCaller implements E2ECaller {
  constructor(
    readonly real: RealCaller,
    readonly callerId: string | null,
  ) {}

  get channelId(): string {
    return this.real.channelId;
  }

  press(digits: string, options: { gapMs?: number } = {}): Promise<void> {
    return this.real.press(digits, options);
  }

  hangUp(): Promise<void> {
    return this.real.hangUp();
  }

  async heard(): Promise<Heard[]> {
    return this.real.heard();
  }

  async heardKeys(): Promise<string[]> {
    return this.real.keysReceived();
  }

  waitForPrompt(request: PromptRequest, options: WaitOptions & { count?: number; language?: PromptLanguage } = {}): Promise<void> {
    const count = options.count ?? 1;
    return this.real.waitUntil(
      (caller) => timesHeard(caller.heard(), request, options.language) >= count,
      hearing(request, count, options.language),
      options.timeoutMs ?? DEFAULT_WAIT_MS,
    );
  }

  waitForBridge(kind: MeetingBridgeKind, options: WaitOptions = {}): Promise<void> {
    return this.real.waitUntil((caller) => caller.bridgeType() === kind, `be in a ${kind} bridge`, options.timeoutMs ?? DEFAULT_WAIT_MS);
  }

  async waitForMuted(muted: boolean, options: WaitOptions = {}): Promise<void> {
    // Nothing announces a mute: probe until the voice stops (or starts) getting through.
    await eventually(
      () => this.isMuted(),
      (isMuted) => isMuted === muted,
      muted ? 'the caller is muted' : 'the caller is unmuted',
      options.timeoutMs ?? DEFAULT_WAIT_MS,
    );
  }

  waitForHangup(options: WaitOptions = {}): Promise<void> {
    return this.real.waitForHangup(options.timeoutMs ?? DEFAULT_WAIT_MS);
  }

  waitUntilQuiet(): Promise<void> {
    return untilQuiet(this.real);
  }

  async isMuted(): Promise<boolean> {
    if (this.real.state !== 'up') return false;
    return !(await this.real.voiceReachesCallWithin(HEARING_WINDOW_MS));
  }

  async hasMusicOnHold(): Promise<boolean> {
    if (this.real.state !== 'up') return false;
    // Music has no ARI event: while no prompt or tone plays to the caller, any
    // sound the caller hears is music. One that starts meanwhile (the join
    // tone of a meeting just opened) spoils the measure: measure again.
    const deadline = Date.now() + QUIET_WAIT_MS;
    for (;;) {
      await untilQuiet(this.real);
      const startedBefore = this.real.playbacksStarted();
      const heardSound = await this.real.hearsAudioWithin(HEARING_WINDOW_MS);
      if (this.real.playbacksStarted() === startedBefore && !this.real.isBeingPlayedTo()) return heardSound;
      if (Date.now() > deadline)
        throw new Error(`prompts kept playing to the caller for ${QUIET_WAIT_MS} ms: no quiet moment to listen for music`);
    }
  }

  sayName(options: { seconds?: number } = {}): Promise<void> {
    return this.real.sayName(options.seconds ?? 2);
  }

  async recordedNames(): Promise<string[]> {
    return this.real.recordings();
  }

  async bridgeKind(): Promise<MeetingBridgeKind | null> {
    return this.real.bridgeType();
  }

  async isHungUp(): Promise<boolean> {
    return this.real.state === 'hungup';
  }
}
