import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultMediaDurationMs, SERVICE_UNAVAILABLE_MEDIA } from '../../simulator';
import type { SimCaller } from '../../simulator/types';
import { seededRandom } from '../support/seeded-random';
import { BUILT_MAIN, KvorumProcess } from './crash-harness';
import { ResilienceWorld } from './resync-harness';
import { soundOf } from '../support/heard';

/**
 * Stops as an operator's machine delivers them: the built Kvorum
 * (`node dist/main.js`, what `npm start` runs) leads a process group of its
 * own, and every signal goes to the whole group, once, twice or three
 * times, SIGTERM or SIGINT — a Ctrl-C in a terminal, systemd's
 * KillMode=control-group, and any wrapper passing its own copy on (npm and
 * tsx did: the second copy killed Kvorum before it hung up its callers).
 * The moments are seeded-random, around callers' prompts, joins and
 * farewells. Whatever happens, nobody is left in dead air.
 */

const ROUNDS = 5;
const FIRST_SEED = 1_001;
/** "All circuits are busy, try later": Kvorum's own prompt, and the dialplan's fallback once Kvorum has gone. */
const TRY_LATER = soundOf({ key: 'call.try-later' });
const DIALPLAN_BUSY = [...SERVICE_UNAVAILABLE_MEDIA];
const GOODBYE = soundOf({ key: 'call.goodbye' });
/** The farewells' deadline, short so that a stop that overruns shows within the test. */
const FAREWELL_TIMEOUT_MS = 1_500;

let world: ResilienceWorld;
let kvorum: KvorumProcess | null = null;
/** A stuck "try later" prompt, which never ends, for the stop that overruns its deadline. */
let busyPromptNeverEnds = false;

beforeAll(async () => {
  expectFreshBuild();
  world = await ResilienceWorld.start({
    simulator: {
      mediaDurationMs: (uri) => {
        // A goodbye of 0.6 s keeps Kvorum in its farewells long enough for later signals and newcomers to land in them.
        if (uri === GOODBYE) return 60_000;
        if (uri === TRY_LATER && busyPromptNeverEnds) return 3_600_000;
        return defaultMediaDurationMs(uri);
      },
    },
  });
});

afterEach(async () => {
  await kvorum?.signal('SIGKILL');
  kvorum = null;
});

afterAll(async () => {
  await world?.close();
});

/** The test runs what `npm run build` wrote (npm test builds first); a build older than the sources would test old code. */
function expectFreshBuild(): void {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run npm run build first`);
  const newestSource = Math.max(...sourceFiles(join(BUILT_MAIN, '../../src')).map((file) => statSync(file).mtimeMs));
  if (statSync(BUILT_MAIN).mtimeMs < newestSource) throw new Error('dist/ is older than src/: run npm run build first');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

type Anchor = 'code prompt' | 'code typed' | 'joined';

interface Round {
  participants: number;
  /** Around which participant's call, and at which step of it, the first signal goes. */
  firstSignal: { participant: number; anchor: Anchor; signal: NodeJS.Signals };
  /** Later signals: a moment after the first one, or when the leader starts hearing goodbye. */
  laterSignals: Array<{ after: 'first signal' | 'goodbye starts'; signal: NodeJS.Signals }>;
  /** Callers who dial once Kvorum has begun to stop. */
  newcomers: number;
}

function planRound(seed: number): { plan: Round; jitter: () => Promise<void> } {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const signal = () => pick(['SIGTERM', 'SIGINT'] as const);
  const participants = 1 + Math.floor(random() * 3);
  const plan: Round = {
    participants,
    firstSignal: {
      participant: Math.floor(random() * participants),
      anchor: pick(['code prompt', 'code typed', 'joined'] as const),
      signal: signal(),
    },
    laterSignals: Array.from({ length: Math.floor(random() * 3) }, () => ({
      after: pick(['first signal', 'goodbye starts'] as const),
      signal: signal(),
    })),
    newcomers: Math.floor(random() * 2),
  };
  // A moment of 0-30 ms after an event: before, during or after the requests it set off.
  const jitter = () => new Promise<void>((resolve) => setTimeout(resolve, Math.floor(random() * 30)));
  return { plan, jitter };
}

describe('a stop signalled to the whole process group', () => {
  for (let round = 0; round < ROUNDS; round++) {
    const seed = FIRST_SEED + round;
    it(
      `says goodbye to everyone, closes every leg and exits 0, however many signals come (seed ${seed})`,
      { timeout: 20_000 },
      async () => {
        const { plan, jitter } = planRound(seed);
        ({ process: kvorum } = await KvorumProcess.start(world, {
          built: true,
          env: { KVORUM_FAREWELL_TIMEOUT_MS: String(FAREWELL_TIMEOUT_MS) },
        }));
        const running = kvorum;
        const leader = await world.joinMeeting(world.conference.leaderCode);
        const callers: SimCaller[] = [leader];
        let inMeetingAtStop: SimCaller[] = [];
        let stopped = false;
        const stop = () => {
          inMeetingAtStop = callers.filter((caller) => caller.bridgeType() === 'mixing');
          stopped = true;
          running.signalGroup(plan.firstSignal.signal);
        };

        for (let index = 0; index < plan.participants; index++) {
          const anchor = plan.firstSignal.participant === index ? plan.firstSignal.anchor : null;
          const caller = world.dial();
          callers.push(caller);
          // Dialling once the stop has begun: Kvorum, or the dialplan, turns the caller away.
          if (stopped) continue;
          await caller.waitForMedia(soundOf({ key: 'code.enter' }));
          if (anchor === 'code prompt') await jitter().then(stop);
          await caller.press(`${world.conference.participantCode}#`);
          if (anchor === 'code typed') await jitter().then(stop);
          if (!stopped) await caller.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting');
          if (anchor === 'joined') await jitter().then(stop);
        }

        const newcomers: SimCaller[] = [];
        await Promise.all([
          ...plan.laterSignals.map(async ({ after, signal }) => {
            if (after === 'goodbye starts') await leader.waitForMedia(GOODBYE);
            await jitter();
            // The group may be gone already: a signal after the exit reaches nobody.
            running.signalGroup(signal);
          }),
          ...Array.from({ length: plan.newcomers }, async () => {
            await running.waitForLog((line) => line.msg === 'shutting down', 'Kvorum begins to stop');
            await jitter();
            newcomers.push(world.dial());
          }),
        ]);

        expect(await running.exited()).toEqual({ code: 0, signal: null });
        kvorum = null;
        for (const caller of [...callers, ...newcomers]) await caller.waitForHangup();
        // In the meeting when the stop began: goodbye, to the end. Still typing a code: goodbye, or
        // "try later" if Kvorum heard of the call only once it was stopping. Newcomers: "try later",
        // from Kvorum or from the dialplan once Kvorum has gone.
        for (const caller of inMeetingAtStop)
          expect({ caller: caller.channelId, last: caller.heard().at(-1)?.media }).toEqual({ caller: caller.channelId, last: GOODBYE });
        for (const caller of callers) expect([[GOODBYE], [TRY_LATER], DIALPLAN_BUSY]).toContainEqual(finalWords(caller));
        for (const caller of newcomers) expect([[TRY_LATER], DIALPLAN_BUSY]).toContainEqual(finalWords(caller));
        expect(world.sim.callers().filter((caller) => caller.state !== 'hungup')).toEqual([]);
        expect((await world.legs()).filter((leg) => leg.leftAt === null)).toEqual([]);
        expect((await world.meetings()).filter((meeting) => meeting.endedAt === null)).toEqual([]);
      },
    );
  }

  it(
    'cuts farewells that overrun the deadline: every caller still in the app is hung up, and the stop ends with 0',
    { timeout: 20_000 },
    async () => {
      ({ process: kvorum } = await KvorumProcess.start(world, {
        built: true,
        env: { KVORUM_FAREWELL_TIMEOUT_MS: String(FAREWELL_TIMEOUT_MS) },
      }));
      const running = kvorum;
      const leader = await world.joinMeeting(world.conference.leaderCode);
      busyPromptNeverEnds = true;
      running.signalGroup('SIGTERM');
      await leader.waitForMedia(GOODBYE);
      // Refused while the leader hears goodbye: a "try later" that never ends, and a signal more.
      const newcomer = world.dial();
      await newcomer.waitForMedia(TRY_LATER);
      running.signalGroup('SIGINT');
      await leader.waitForHangup();
      // Its farewell is cut off when its time is up, but that hang-up never gets an answer: the
      // newcomer is still in the app when the stop's deadline comes (it began before the newcomer's farewell).
      world.sim.faults.hangRequests({ method: 'DELETE', path: /^\/ari\/channels\/[^/]+$/ }, 1);

      expect(await running.exited()).toEqual({ code: 0, signal: null });
      kvorum = null;
      await newcomer.waitForHangup();
      expect(leader.heard().at(-1)?.media).toBe(GOODBYE);
      expect(running.logs.map((line) => line.msg)).toEqual(
        expect.arrayContaining([
          'already shutting down: signal ignored; callers are hearing goodbye',
          'farewells overran the shutdown deadline; cutting them short',
          'hanging up the callers left in the app',
        ]),
      );
      expect(world.sim.callers().filter((caller) => caller.state !== 'hungup')).toEqual([]);
      expect((await world.legs()).filter((leg) => leg.leftAt === null)).toEqual([]);
    },
  );
});

/** The last prompt the caller heard: goodbye, Kvorum's "try later", or the two parts of the dialplan's. */
function finalWords(caller: SimCaller): string[] {
  const heard = caller.heard().map((item) => item.media);
  const last = heard.at(-1);
  return last === GOODBYE || last === TRY_LATER ? [last] : heard.slice(-2);
}
