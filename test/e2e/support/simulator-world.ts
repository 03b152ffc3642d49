import { startSimulator, type SimCaller, type Simulator } from '../../../simulator';
import { eventually } from './eventually';
import type { E2ECaller, E2EWorld, MeetingBridgeKind, SimulatorWorldOptions, WaitOptions } from './e2e-world';

const DEFAULT_TIME_SCALE = 0.001;
const DEFAULT_WAIT_MS = 2000;
/** The access number the simulated dialplan answers (any number reaches Stasis in the simulator). */
const ACCESS_NUMBER = '22222222';

/**
 * Keypad tones passing through bridges. The simulator keeps no record of
 * which keys reached whom, so this follows Asterisk's rule from the bridge
 * app's own requests: in a mixing bridge a member's keys reach every other
 * member unless it was added with `absorbDTMF=true`.
 */
class KeypadTones {
  private readonly absorbs = new Map<string, boolean>();
  private readonly heard = new Map<string, string[]>();

  constructor(private readonly sim: Simulator) {}

  /** Reads `POST /ari/bridges/{id}/addChannel?channel=...&absorbDTMF=...`. */
  noteRequest(method: string, path: string): void {
    if (method !== 'POST' || !/^\/ari\/bridges\/[^/]+\/addChannel\?/.test(path)) return;
    const query = new URLSearchParams(path.slice(path.indexOf('?') + 1));
    const absorb = query.get('absorbDTMF') === 'true';
    for (const channelId of (query.get('channel') ?? '').split(',')) this.absorbs.set(channelId, absorb);
  }

  pressed(speakerChannelId: string, digit: string): void {
    if (this.absorbs.get(speakerChannelId) === true) return;
    const bridge = this.sim.bridges().find((candidate) => candidate.channelIds.includes(speakerChannelId));
    if (bridge?.type !== 'mixing') return;
    for (const listener of bridge.channelIds) {
      if (listener !== speakerChannelId) this.heard.set(listener, [...(this.heard.get(listener) ?? []), digit]);
    }
  }

  heardBy(channelId: string): string[] {
    return [...(this.heard.get(channelId) ?? [])];
  }
}

class SimulatedCaller implements E2ECaller {
  constructor(
    readonly sim: SimCaller,
    private readonly tones: KeypadTones,
  ) {}

  get channelId(): string {
    return this.sim.channelId;
  }

  get callerId(): string | null {
    return this.sim.callerId;
  }

  async press(digits: string, options: { gapMs?: number } = {}): Promise<void> {
    // Key by key, so each tone reaches whoever shares the bridge at that moment.
    for (const [index, digit] of [...digits].entries()) {
      if (index > 0 && options.gapMs) await callerPauses(options.gapMs);
      await this.sim.press(digit);
      this.tones.pressed(this.channelId, digit);
    }
  }

  async hangUp(): Promise<void> {
    await this.sim.hangUp();
  }

  async heard(): Promise<string[]> {
    return this.sim.heard();
  }

  async heardKeys(): Promise<string[]> {
    return this.tones.heardBy(this.channelId);
  }

  waitForMedia(uri: string, options: WaitOptions & { count?: number } = {}): Promise<void> {
    const count = options.count ?? 1;
    return this.sim.waitUntil(
      (caller) => caller.heard().filter((media) => media === uri).length >= count,
      count === 1 ? `hear ${uri}` : `hear ${uri} ${count} times`,
      options.timeoutMs ?? DEFAULT_WAIT_MS,
    );
  }

  waitForBridge(kind: MeetingBridgeKind, options: WaitOptions = {}): Promise<void> {
    return this.sim.waitUntil((caller) => caller.bridgeType() === kind, `be in a ${kind} bridge`, options.timeoutMs ?? DEFAULT_WAIT_MS);
  }

  waitForMuted(muted: boolean, options: WaitOptions = {}): Promise<void> {
    return this.sim.waitUntil((caller) => caller.isMuted() === muted, muted ? 'be muted' : 'be unmuted', options.timeoutMs ?? DEFAULT_WAIT_MS);
  }

  waitForHangup(options: WaitOptions = {}): Promise<void> {
    return this.sim.waitForHangup(options.timeoutMs ?? DEFAULT_WAIT_MS);
  }

  async isMuted(): Promise<boolean> {
    return this.sim.isMuted();
  }

  async hasMusicOnHold(): Promise<boolean> {
    return this.sim.hasMusicOnHold();
  }

  async bridgeKind(): Promise<MeetingBridgeKind | null> {
    return this.sim.bridgeType();
  }

  async isHungUp(): Promise<boolean> {
    return this.sim.state === 'hungup';
  }
}

/** The caller takes a breath between two keys (part of the scenario, not a synchronisation). */
function callerPauses(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A world on the in-process ARI simulator, listening on 127.0.0.1 on a free port. */
export async function startSimulatorWorld(options: SimulatorWorldOptions = {}): Promise<E2EWorld> {
  const sim = await startSimulator({ timeScale: options.timeScale ?? DEFAULT_TIME_SCALE });
  const tones = new KeypadTones(sim);
  const stopWatchingRequests = sim.onRequest((request) => tones.noteRequest(request.method, request.path));
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
      const caller = new SimulatedCaller(sim.dial(accessNumber, { callerId }), tones);
      callers.push(caller);
      return caller;
    },
    async waitForKvorumApp(connected, options = {}) {
      await eventually(
        () => sim.connectedApps().includes(sim.app),
        (isConnected) => isConnected === connected,
        connected ? `app ${sim.app} connects` : `app ${sim.app} disconnects`,
        options.timeoutMs ?? DEFAULT_WAIT_MS,
      );
    },
    async canHear(listener, speaker) {
      return sim.canHear(simCallerOf(listener), simCallerOf(speaker));
    },
    async close() {
      stopWatchingRequests();
      for (const caller of callers) await caller.hangUp();
      await sim.close();
    },
  };
}
