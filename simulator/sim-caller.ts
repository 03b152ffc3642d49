import { preciseNow } from './latency';
import type { SimAsterisk } from './sim-asterisk';
import type { CarriedEnd, SimChannel } from './sim-objects';
import type { SimTimers } from './timers';
import type { HeardMedia, SimBridgeType, SimCaller, SimCallerState } from './types';

const DIGITS = /^[0-9A-D*#]*$/;
const DEFAULT_WAIT_MS = 2000;

/**
 * A simulated caller, seen from the caller's side of its channel. A call
 * carried over the internal trunk goes on at the far end: what the caller
 * hears, which bridge it is in and whether it is muted are the far
 * channel's, and its keys travel there (`end()`).
 */
export class SimCallerImpl implements SimCaller {
  constructor(
    private readonly channel: SimChannel,
    private readonly asterisk: SimAsterisk,
    private readonly timers: SimTimers,
    private readonly dtmfDurationMs: number,
  ) {}

  get channelId(): string {
    return this.channel.id;
  }

  get callerId(): string | null {
    return this.channel.callerId;
  }

  get accessNumber(): string {
    return this.channel.accessNumber;
  }

  get state(): SimCallerState {
    if (this.channel.hungUp) return 'hungup';
    return this.channel.state === 'Up' ? 'up' : 'ring';
  }

  async press(digits: string, options: { gapMs?: number } = {}): Promise<void> {
    if (!DIGITS.test(digits)) throw new Error(`not DTMF digits: ${JSON.stringify(digits)}`);
    const keys = [...digits];
    for (const [index, digit] of keys.entries()) {
      // ChannelDtmfReceived is sent when the digit ends.
      await this.timers.sleepSimulated(this.dtmfDurationMs);
      if (this.channel.hungUp) return;
      this.asterisk.callerPressed(this.channel, digit, this.dtmfDurationMs);
      const last = index === keys.length - 1;
      if (last) {
        // Measured where the keys arrive: on the far server, for a call carried over the trunk.
        const { asterisk, channel } = this.end();
        asterisk.latency.inputCompleted(channel.id, preciseNow());
      } else if (options.gapMs) await this.timers.sleepReal(options.gapMs);
    }
  }

  async say(ms: number): Promise<void> {
    await this.timers.sleepSimulated(ms);
    if (!this.channel.hungUp) this.asterisk.callerSpoke(this.channel, ms);
  }

  async hangUp(): Promise<void> {
    const end = this.end();
    this.asterisk.latency.channelGone(this.channel.id);
    end.asterisk.latency.channelGone(end.channel.id);
    this.asterisk.callerHungUp(this.channel);
  }

  hangupCause(): number | null {
    return this.channel.hangupCause;
  }

  wasAnswered(): boolean {
    return this.channel.state === 'Up';
  }

  isRinging(): boolean {
    return this.state === 'ring' && this.channel.ringing;
  }

  heard(): HeardMedia[] {
    return this.chain().flatMap((channel) => channel.heard.map((item) => ({ ...item })));
  }

  keysReceived(): string[] {
    return this.chain().flatMap((channel) => channel.keysReceived);
  }

  isBeingPlayedTo(): boolean {
    const { asterisk, channel } = this.end();
    return asterisk.isBeingPlayedTo(channel);
  }

  isBeingRecorded(): boolean {
    return this.asterisk.isBeingRecorded(this.channel);
  }

  recordings(): string[] {
    return [...this.channel.recordings];
  }

  hasMusicOnHold(): boolean {
    const { asterisk, channel } = this.end();
    return asterisk.hasMusicOnHold(channel);
  }

  bridgeId(): string | null {
    return this.end().channel.bridge?.bridgeId ?? null;
  }

  bridgeType(): SimBridgeType | null {
    const { asterisk, channel } = this.end();
    return asterisk.bridgeOf(channel)?.type ?? null;
  }

  isMuted(): boolean {
    const { channel } = this.end();
    return channel.mutedIn || (channel.bridge?.mutedByBridge ?? false);
  }

  channelVar(name: string): string | undefined {
    return this.end().channel.vars.get(name);
  }

  mediaServer(): string | null {
    return this.end().asterisk.serverId;
  }

  joinedAt(): number | null {
    return this.end().channel.firstBridgedAt;
  }

  /** Whether this caller hears `speaker` (same mixing bridge on the same server, both in the mix, neither side muted). */
  hears(speaker: SimCallerImpl): boolean {
    const listener = this.end();
    const other = speaker.end();
    return listener.asterisk === other.asterisk && listener.asterisk.canHear(listener.channel, other.channel);
  }

  /** The channel the call goes on as, following the trunk. */
  private end(): CarriedEnd {
    let end: CarriedEnd = { channel: this.channel, asterisk: this.asterisk };
    while (end.channel.carriedTo !== null) end = end.channel.carriedTo;
    return end;
  }

  /** The call's channels from the caller's own to the far end. */
  private chain(): SimChannel[] {
    const channels = [this.channel];
    for (let next = this.channel.carriedTo; next !== null; next = next.channel.carriedTo) channels.push(next.channel);
    return channels;
  }

  waitUntil(predicate: (c: SimCaller) => boolean, description: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      if (predicate(this)) return resolve();
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`caller ${this.channelId} did not ${description} within ${timeoutMs} ms; ${this.describe()}`));
      }, timeoutMs);
      const unsubscribe = this.asterisk.onChange(() => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve();
      });
    });
  }

  waitForMedia(uri: string, timeoutMs?: number): Promise<void> {
    return this.waitUntil((caller) => caller.heard().some((item) => item.media === uri), `hear ${uri}`, timeoutMs);
  }

  waitForHangup(timeoutMs?: number): Promise<void> {
    return this.waitUntil((caller) => caller.state === 'hungup', 'get hung up', timeoutMs);
  }

  /** What the caller experienced so far, for failure messages. */
  describe(): string {
    const bridge = this.bridgeId() === null ? 'none' : `${this.bridgeType()} ${this.bridgeId()}`;
    const heard = this.heard()
      .map((item) => `${item.media} (${item.language})`)
      .join(', ');
    return `state ${this.state}, heard [${heard}], bridge ${bridge}, muted ${this.isMuted()}, moh ${this.hasMusicOnHold()}`;
  }
}
