import { startSimulator, type SimCaller } from '../../../simulator';
import type { PromptLanguage } from '../../../src/domain/prompts/languages';
import type { PromptRequest } from '../../../src/domain/prompts/render';
import { timesHeard, type Heard } from '../../support/heard';
import type { E2ECaller, E2EWorld, MeetingBridgeKind, SimulatorWorldOptions, WaitOptions } from './e2e-world';
import { hearing } from './e2e-world';

const DEFAULT_TIME_SCALE = 0.001;
const DEFAULT_WAIT_MS = 2000;
/** The access number the simulated dialplan answers (any number reaches Stasis in the simulator). */
const ACCESS_NUMBER = '22222222';

class SimulatedCaller implements E2ECaller {
  constructor(readonly sim: SimCaller) {}

  get channelId(): string {
    return this.sim.channelId;
  }

  get callerId(): string | null {
    return this.sim.callerId;
  }

  press(digits: string, options: { gapMs?: number } = {}): Promise<void> {
    return this.sim.press(digits, options);
  }

  async hangUp(): Promise<void> {
    await this.sim.hangUp();
  }

  async heard(): Promise<Heard[]> {
    return this.sim.heard();
  }

  async heardKeys(): Promise<string[]> {
    return this.sim.keysReceived();
  }

  waitForPrompt(request: PromptRequest, options: WaitOptions & { count?: number; language?: PromptLanguage } = {}): Promise<void> {
    const count = options.count ?? 1;
    return this.sim.waitUntil(
      (caller) => timesHeard(caller.heard(), request, options.language) >= count,
      hearing(request, count, options.language),
      options.timeoutMs ?? DEFAULT_WAIT_MS,
    );
  }

  waitForBridge(kind: MeetingBridgeKind, options: WaitOptions = {}): Promise<void> {
    return this.sim.waitUntil((caller) => caller.bridgeType() === kind, `be in a ${kind} bridge`, options.timeoutMs ?? DEFAULT_WAIT_MS);
  }

  waitForMuted(muted: boolean, options: WaitOptions = {}): Promise<void> {
    return this.sim.waitUntil(
      (caller) => caller.isMuted() === muted,
      muted ? 'be muted' : 'be unmuted',
      options.timeoutMs ?? DEFAULT_WAIT_MS,
    );
  }

  waitForHangup(options: WaitOptions = {}): Promise<void> {
    return this.sim.waitForHangup(options.timeoutMs ?? DEFAULT_WAIT_MS);
  }

  waitUntilQuiet(): Promise<void> {
    return untilQuiet(this.sim);
  }

  async sayName(options: { seconds?: number } = {}): Promise<void> {
    await this.sim.waitUntil((caller) => caller.isBeingRecorded(), 'be asked for their name, past the beep', DEFAULT_WAIT_MS);
    const seconds = options.seconds ?? 2;
    if (seconds > 0) await this.sim.say(seconds * 1000);
    await this.sim.press('#');
  }

  async recordedNames(): Promise<string[]> {
    return this.sim.recordings();
  }

  async isMuted(): Promise<boolean> {
    return this.sim.isMuted();
  }

  async hasMusicOnHold(): Promise<boolean> {
    // As on a real Asterisk: what the caller hears once no prompt or tone is playing to it.
    await untilQuiet(this.sim);
    return this.sim.hasMusicOnHold();
  }

  async bridgeKind(): Promise<MeetingBridgeKind | null> {
    return this.sim.bridgeType();
  }

  async isHungUp(): Promise<boolean> {
    return this.sim.state === 'hungup';
  }
}

/** Prompts to the caller or its bridge have ended (a caller hearing a prompt is out of the mix). */
function untilQuiet(caller: SimCaller): Promise<void> {
  return caller.waitUntil((c) => !c.isBeingPlayedTo(), 'be done hearing prompts', DEFAULT_WAIT_MS);
}

/** A world on the in-process ARI simulator, listening on 127.0.0.1 on a free port. */
export async function startSimulatorWorld(options: SimulatorWorldOptions = {}): Promise<E2EWorld> {
  const sim = await startSimulator({ timeScale: options.timeScale ?? DEFAULT_TIME_SCALE });
  const ariRequest = async (method: string, path: string): Promise<unknown> => {
    const response = await fetch(`${sim.url}/ari${path}`, {
      method,
      headers: { Authorization: `Basic ${Buffer.from(`${sim.username}:${sim.password}`).toString('base64')}` },
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    const text = await response.text();
    return text === '' ? undefined : JSON.parse(text);
  };
  const callers: SimulatedCaller[] = [];

  const simCallerOf = (caller: E2ECaller): SimCaller => {
    if (!(caller instanceof SimulatedCaller)) throw new Error('this caller belongs to another world');
    return caller.sim;
  };

  return {
    description: 'the ARI simulator',
    ari: { url: sim.url, username: sim.username, password: sim.password, app: sim.app },
    accessNumber: ACCESS_NUMBER,
    async dial(accessNumber, callerId) {
      const caller = new SimulatedCaller(sim.dial(accessNumber, { callerId }));
      callers.push(caller);
      return caller;
    },
    waitForKvorumApp(connected, options = {}) {
      return sim.waitForApp(sim.app, connected, options.timeoutMs ?? DEFAULT_WAIT_MS);
    },
    canHear(listener, speaker) {
      // As the real world measures it: "right now" means once both are back in the mix.
      return sim.canHearOnceQuiet(simCallerOf(listener), simCallerOf(speaker), DEFAULT_WAIT_MS);
    },
    async storedRecordings() {
      return ((await ariRequest('GET', '/recordings/stored')) as Array<{ name: string }>).map((recording) => recording.name);
    },
    async leaveRecording(_caller, name) {
      // The simulator's callers are Kvorum's own channels: the recording is left as a file of an earlier run.
      sim.storeRecording(name, 2_000);
    },
    async close() {
      for (const caller of callers) await caller.hangUp();
      await sim.close();
    },
  };
}
