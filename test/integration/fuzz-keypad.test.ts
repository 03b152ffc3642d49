import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type SimCaller, type Simulator } from '../../simulator';
import { conferencesCommand } from '../../src/cli/conferences-command';
import { loadConfig } from '../../src/config';
import { startKvorum, type RunningKvorum } from '../../src/start-kvorum';
import { createLogger } from '../../src/logger';
import { createKvorumTestEnv, type KvorumTestEnv } from '../support/kvorum-test-env';
import { runCliCaptured } from '../support/run-cli-captured';
import { seededRandom } from '../support/seeded-random';
import { soundOf } from '../support/heard';

/**
 * Keypad fuzzing through the real ari-client and the simulator: rounds of
 * callers, leaders and participants, pressing random keys (A–D included),
 * very long entries, codes with junk around them and leader commands, at
 * random moments — before the call is answered, during every prompt, while
 * joining, during farewells — and hanging up at any step, mid-key included.
 *
 * Reproducible: the PRNG is seeded (KVORUM_FUZZ_SEED overrides the default)
 * and the seed is in every failure message. Bounded: a fixed number of rounds,
 * callers and steps.
 */

const SEED = Number(process.env.KVORUM_FUZZ_SEED ?? 20260105);
const ROUNDS = 5;
const CALLERS_PER_ROUND = 10;
const MAX_STEPS_PER_CALLER = 8;
const ACCESS_NUMBERS = ['+4721000000', '+4721000001'];
const KEYS = '0123456789*#ABCD';
const WAIT_MS = 8_000;

const codes = {
  boardLeader: '31415926',
  boardParticipant: '27182818',
  hallLeader: '16180339',
  hallParticipant: '14142135',
  open: '57721566',
};
const rightCodes = Object.values(codes);

/**
 * Random choices for one caller. Each caller has its own seeded stream, so
 * what a caller does does not depend on how the concurrent callers interleave.
 */
function dice(seed: number) {
  const random = seededRandom(seed);
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return {
    random,
    int,
    pick,
    keys: (count: number, alphabet = KEYS) => Array.from({ length: count }, () => pick([...alphabet])).join(''),
    /** Random time between actions: part of the input (keys faster or slower than prompts), never a synchronisation. */
    pause: (maxMs: number) => new Promise<void>((resolve) => setTimeout(resolve, int(maxMs))),
  };
}
type Dice = ReturnType<typeof dice>;

let sim: Simulator;
let kvorum: RunningKvorum;
let workspace: KvorumTestEnv;
const logRecords: Array<{ level: number; msg: string }> = [];

beforeAll(async () => {
  sim = await startSimulator({ timeScale: 0.001 });
  workspace = createKvorumTestEnv(sim, {
    folderPrefix: 'kvorum-fuzz-',
    codeSecret: 'fuzz-test-secret-0123456789',
    env: {
      KVORUM_FIRST_DIGIT_TIMEOUT_MS: '300',
      KVORUM_INTER_DIGIT_TIMEOUT_MS: '150',
      KVORUM_COMMAND_TIMEOUT_MS: '100',
      KVORUM_CHECKPOINT_INTERVAL_MS: '100',
      // Spikes and blocks happen during the fuzz too; a short slowdown and arrival wait keep the run quick.
      KVORUM_SPIKE_FAILED_CODES_PER_ACCESS_NUMBER: '15',
      KVORUM_MAX_FAILED_CODES_PER_CALLER: '6',
      KVORUM_SPIKE_SLOWDOWN_MS: '50',
      KVORUM_SPIKE_ARRIVAL_WAIT_MS: '50',
    },
  });
  const { env } = workspace;
  const cli = async (...args: string[]) => (await runCliCaptured(args, { conferences: conferencesCommand }, env)).exitCode;
  expect(
    await cli('conferences', 'create', '--name', 'Board', '--leader-code', codes.boardLeader, '--participant-code', codes.boardParticipant),
  ).toBe(0);
  expect(
    await cli(
      'conferences',
      'create',
      '--name',
      'Hall',
      '--room-type',
      'large-auditorium',
      '--leader-code',
      codes.hallLeader,
      '--participant-code',
      codes.hallParticipant,
    ),
  ).toBe(0);
  expect(await cli('conferences', 'create', '--name', 'Open', '--single-code', codes.open)).toBe(0);
  const logger = createLogger('info', { write: (line: string) => void logRecords.push(JSON.parse(line)) });
  kvorum = await startKvorum(loadConfig(env), logger);
});

afterAll(async () => {
  await kvorum?.stop();
  await sim?.close();
  workspace?.remove();
});

/** One caller's random behaviour; returns when the script is done (the caller may still be on the line). */
async function fuzzCaller(caller: SimCaller, { random, int, pick, keys, pause }: Dice): Promise<void> {
  const steps = 1 + int(MAX_STEPS_PER_CALLER);
  for (let step = 0; step < steps && caller.state !== 'hungup'; step++) {
    // Most callers start by typing a code, so that meetings (and leaders' keys) get their share.
    const roll = step === 0 ? random() * 0.5 : random();
    if (roll < 0.3) {
      // A code, right or nearly right, maybe with junk and a * before it, maybe without the #.
      const code = random() < 0.7 ? pick(rightCodes) : keys(8, '0123456789');
      const prefix = random() < 0.3 ? `${keys(1 + int(5))}*` : '';
      await caller.press(`${prefix}${code}${random() < 0.8 ? '#' : ''}`);
    } else if (roll < 0.45) {
      await caller.press(keys(1 + int(20)), { gapMs: int(3) });
    } else if (roll < 0.5) {
      await caller.press(`${keys(100 + int(200), '0123456789')}${random() < 0.5 ? '#' : ''}`);
    } else if (roll < 0.7) {
      await caller.press(pick(['*5', '*6', '*7', '#9', '#2', '##', '*#', '**', '#*', 'A*', '*A5']));
    } else if (roll < 0.78) {
      // Hang up in the middle of typing.
      const typing = caller.press(keys(5 + int(10)));
      await pause(10);
      await caller.hangUp();
      await typing;
    } else if (roll < 0.85) {
      await caller.hangUp();
    } else {
      await pause(60);
    }
    await pause(20);
  }
}

/** Callers who are up: each in a state the bridge also knows, or on their way out. */
function expectConsistent(): void {
  const live = new Map(
    kvorum.app.list().flatMap((view) => view.participants.map((participant) => [participant.channelId, { view, participant }] as const)),
  );
  for (const caller of sim.callers()) {
    const known = live.get(caller.channelId);
    const where = `${caller.channelId} (seed ${SEED}) heard ${caller
      .heard()
      .map((item) => item.media)
      .join(' ')}`;
    if (caller.state === 'hungup') {
      expect(known, `${where}: hung up but still in a conference`).toBeUndefined();
      continue;
    }
    switch (caller.bridgeType()) {
      case 'mixing':
        expect(known?.view.meetingId, `${where}: in the conference bridge without a meeting`).toEqual(expect.any(String));
        expect(known?.participant.joinedAt, `${where}: in the conference bridge but not joined`).toEqual(expect.any(Number));
        break;
      case 'holding':
        expect(known?.participant.joinedAt, `${where}: waiting, but the bridge thinks otherwise`).toBeNull();
        break;
      case null:
        // Typing a code or hearing a last prompt: the bridge holds no conference place for it.
        expect(known, `${where}: in a conference but in no bridge`).toBeUndefined();
        break;
    }
  }
  for (const [channelId] of live) {
    expect(sim.caller(channelId)?.state, `${channelId} (seed ${SEED}) is in a conference but gone`).not.toBe('hungup');
  }
}

describe(`keypad fuzzing (seed ${SEED})`, () => {
  it('never crashes the bridge, never leaves a call stuck, and ends every leg and meeting', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const callers: SimCaller[] = [];
      await Promise.all(
        Array.from({ length: CALLERS_PER_ROUND }, async (_, index) => {
          const choices = dice(SEED + round * CALLERS_PER_ROUND + index);
          await choices.pause(30);
          // A small pool of numbers, so that some are blocked for guessing along the way.
          const callerId = choices.random() < 0.15 ? null : `4790${String(choices.int(12)).padStart(6, '0')}`;
          const caller = sim.dial(choices.pick(ACCESS_NUMBERS), { callerId });
          callers.push(caller);
          // Some press before the call is even answered.
          if (index % 4 === 0) await caller.press(choices.keys(3));
          await fuzzCaller(caller, choices);
        }),
      );
      await vi.waitFor(expectConsistent, { timeout: WAIT_MS, interval: 20 });
      // Silent callers outside a bridge are asked again and sent away, or already gone, or (a code still
      // being checked, or submitted when the digits stopped) get into their meeting: none is stuck.
      for (const caller of callers) {
        if (caller.state !== 'hungup' && caller.bridgeType() === null) {
          await caller.waitUntil((c) => c.state === 'hungup' || c.bridgeType() !== null, 'be sent away or get in', WAIT_MS);
        }
      }
      await vi.waitFor(expectConsistent, { timeout: WAIT_MS, interval: 20 });
      for (const caller of callers) if (caller.state !== 'hungup') await caller.hangUp();
    }

    await vi.waitFor(
      async () => {
        expect(sim.callers().filter((caller) => caller.state !== 'hungup')).toEqual([]);
        expect(kvorum.app.list(), `seed ${SEED}`).toEqual([]);
        expect(sim.bridges(), `seed ${SEED}`).toEqual([]);
        expect(await kvorum.sql.all('SELECT id FROM legs WHERE left_at IS NULL OR end_reason IS NULL'), `seed ${SEED}`).toEqual([]);
        expect(await kvorum.sql.all('SELECT id FROM meetings WHERE ended_at IS NULL OR end_reason IS NULL'), `seed ${SEED}`).toEqual([]);
      },
      { timeout: WAIT_MS, interval: 20 },
    );
    // The fuzz reached meetings: it is not just code entry being fuzzed.
    const meetings = (await kvorum.sql.get<{ n: number }>('SELECT count(*) AS n FROM meetings'))!;
    expect(meetings.n, `seed ${SEED}`).toBeGreaterThan(0);
    expect(await kvorum.sql.all('SELECT id FROM legs WHERE left_at < called_at')).toEqual([]);
    expect(
      logRecords.filter((record) => record.level >= 50).map((record) => record.msg),
      `seed ${SEED}`,
    ).toEqual([]);

    // And the bridge still works: a leader and a participant from fresh numbers meet and hear each other.
    const leader = sim.dial(ACCESS_NUMBERS[0]!, { callerId: '4799999001' });
    await leader.waitForMedia(soundOf({ key: 'code.enter' }));
    await leader.press(`${codes.boardLeader}#`);
    const participant = sim.dial(ACCESS_NUMBERS[0]!, { callerId: '4799999002' });
    await participant.waitForMedia(soundOf({ key: 'code.enter' }));
    await participant.press(`${codes.boardParticipant}#`);
    await participant.waitUntil((c) => c.bridgeType() === 'mixing', 'join the meeting', WAIT_MS);
    expect(sim.canHear(leader, participant)).toBe(true);
    await leader.hangUp();
    await participant.hangUp();
  });
});
