import { afterEach, describe, expect, it } from 'vitest';
import type { SimCaller } from '../../simulator/types';
import type { RunningKvorum } from '../../src/start-kvorum';
import { KvorumProcess } from './crash-harness';
import { ResilienceWorld } from './resync-harness';
import { heardItem, soundOf, timesHeard } from '../support/heard';

/**
 * The guessing limits through the whole bridge: the real ari-client, the ARI
 * simulator, the SQLite guessing store; Kvorum in this process, or as
 * processes that are killed and restarted, or two of them on one database.
 */

const ACCESS_NUMBER = '4721000000';
const TRY_LATER = [heardItem({ key: 'call.try-later' })];
const WRONG = '99999999';
const guessingEnv = {
  // Loading the ARI declarations takes longer than the harness's 500 ms on a busy machine, and Kvorum starts here often.
  KVORUM_ARI_REQUEST_TIMEOUT_MS: '3000',
  KVORUM_MAX_FAILED_CODES_PER_CALLER: '4',
  KVORUM_MAX_CODE_ENTRY_CALLS_PER_CALLER: '3',
  KVORUM_MAX_CODE_ENTRY_CALLS_PER_ACCESS_NUMBER: '8',
  KVORUM_SPIKE_FAILED_CODES_PER_ACCESS_NUMBER: '6',
  KVORUM_SPIKE_SLOWDOWN_MS: '100',
  KVORUM_SPIKE_ARRIVAL_WAIT_MS: '300',
};

let world: ResilienceWorld;
let inProcess: RunningKvorum | null = null;
const processes: KvorumProcess[] = [];

afterEach(async () => {
  await inProcess?.stop();
  inProcess = null;
  for (const kvorum of processes.splice(0)) await kvorum.signal('SIGKILL');
  await world.close();
});

async function startWorld(env: Record<string, string> = {}): Promise<void> {
  world = await ResilienceWorld.start({ env: { ...guessingEnv, ...env } });
}

async function startProcess(env: Record<string, string> = {}): Promise<KvorumProcess> {
  const { process } = await KvorumProcess.start(world, { env });
  processes.push(process);
  return process;
}

async function kill9(kvorum: KvorumProcess): Promise<void> {
  processes.splice(processes.indexOf(kvorum), 1);
  await kvorum.signal('SIGKILL');
  await world.waitForApp(false);
}

/** A caller who dialled and is asked for the code. */
async function askedForCode(caller: SimCaller): Promise<SimCaller> {
  await caller.waitForMedia(soundOf({ key: 'code.enter' }));
  return caller;
}

/** Types a wrong code and waits for what follows: "invalid", a goodbye, or "try later". */
async function typeWrongCode(caller: SimCaller): Promise<void> {
  const invalidBefore = timesHeard(caller.heard(), { key: 'code.invalid' });
  await caller.press(`${WRONG}#`);
  await caller.waitUntil(
    (c) => timesHeard(c.heard(), { key: 'code.invalid' }) > invalidBefore || c.state === 'hungup',
    'hear that the code was wrong, or be sent away',
    5_000,
  );
}

/** Turned away before a code could count: "try later", hung up. */
async function refusedWithTryLater(caller: SimCaller): Promise<void> {
  await caller.waitForHangup(5_000);
  expect(caller.heard().slice(-1)).toEqual(TRY_LATER);
}

describe('parallel lines from one number', () => {
  it('are capped, stop at the number’s limit, and a line in code entry at the block gets no lookup even for a right code', async () => {
    await startWorld();
    inProcess = await world.startInProcess();
    // One phone, presented four ways: one caller.
    const lines = await Promise.all(['+4790000666', '004790000666', '90000666'].map((id) => askedForCode(world.dial(id))));
    const fourth = world.dial('4790000666');
    await refusedWithTryLater(fourth);
    expect(fourth.heard()).toEqual(TRY_LATER);

    const [first, second, third] = lines as [SimCaller, SimCaller, SimCaller];
    for (let i = 0; i < 3; i++) await typeWrongCode(first);
    await first.waitForMedia(soundOf({ key: 'call.goodbye' }));
    await typeWrongCode(second);
    await refusedWithTryLater(second);

    await third.press(`${world.conference.participantCode}#`);
    await refusedWithTryLater(third);
    expect(third.bridgeId()).toBeNull();
    const again = world.dial('+4790000666');
    await refusedWithTryLater(again);
    expect(again.heard()).toEqual(TRY_LATER);
    expect(await world.legs()).toEqual([]);

    // Someone else gets in; the ledger keeps the number as presented and normalised.
    const national = world.dial('91234567');
    await askedForCode(national);
    await national.press(`${world.conference.participantCode}#`);
    await national.waitUntil((c) => c.bridgeType() === 'holding', 'wait for the leader');
    const leg = await world.legWhen(national, () => true, 'a leg for the national number');
    expect(leg).toMatchObject({ callerNumber: '91234567', normalisedCallerNumber: '+4791234567' });
  });
});

describe('parallel lines from many numbers', () => {
  it('are capped per access number: the lines beyond the cap hear "try later", and a place frees as a caller gets in', async () => {
    await startWorld();
    inProcess = await world.startInProcess();
    const typing = await Promise.all(Array.from({ length: 8 }, (_, i) => askedForCode(world.dial(`4791100${String(i).padStart(3, '0')}`))));
    const beyond = [world.dial('4791100100'), world.dial('4791100101')];
    for (const caller of beyond) await refusedWithTryLater(caller);
    expect(beyond.map((caller) => caller.heard())).toEqual([TRY_LATER, TRY_LATER]);

    await typing[0]!.press(`${world.conference.participantCode}#`);
    await typing[0]!.waitUntil((c) => c.bridgeType() === 'holding', 'wait for the leader');
    await askedForCode(world.dial('4791100102'));
  });
});

describe('a guesser who hangs up after each guess during a spike', () => {
  it('waits, unanswered, on every new call before typing, and a hang-up during the wait records nothing', async () => {
    await startWorld();
    inProcess = await world.startInProcess();
    const failures = () => world.read((db) => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM code_failures').get()!.n);
    // Six bots from six numbers, one wrong code each, answered at once: the spike builds up.
    for (let i = 0; i < 6; i++) {
      const bot = await askedForCode(world.dial(`4795000${String(i).padStart(3, '0')}`));
      await typeWrongCode(bot);
      await bot.hangUp();
    }
    expect(failures()).toBe(6);

    for (let call = 0; call < 3; call++) {
      const guesser = world.dial(`479600000${call}`);
      await guesser.waitUntil((c) => c.isRinging(), 'hear ringing before being answered');
      expect(guesser.heard()).toEqual([]);
      if (call === 0) {
        await guesser.hangUp();
        continue;
      }
      await askedForCode(guesser);
      await typeWrongCode(guesser);
      await guesser.hangUp();
    }
    expect(failures()).toBe(8);

    // An honest caller during the attack rings a moment longer, then gets in with the right code at once.
    const honest = world.dial('4791234567');
    await honest.waitUntil((c) => c.isRinging(), 'ring while the spike lasts');
    await askedForCode(honest);
    await honest.press(`${world.conference.participantCode}#`);
    await honest.waitUntil((c) => c.bridgeType() === 'holding', 'wait for the leader');
  });
});

describe('the counts and blocks', () => {
  it(
    'survive kill -9 and a restart: failures before it count towards a block, and a block made before it holds',
    { timeout: 30_000 },
    async () => {
      await startWorld();
      const first = await startProcess();
      const counted = await askedForCode(world.dial('+4790000777'));
      for (let i = 0; i < 3; i++) await typeWrongCode(counted);
      await counted.waitForMedia(soundOf({ key: 'call.goodbye' }));
      const blocked = await askedForCode(world.dial('+4790000778'));
      for (let i = 0; i < 3; i++) await typeWrongCode(blocked);
      const blockedAgain = await askedForCode(world.dial('+4790000778'));
      await typeWrongCode(blockedAgain);
      await refusedWithTryLater(blockedAgain);
      await kill9(first);

      await startProcess();
      const fourth = await askedForCode(world.dial('004790000777'));
      await typeWrongCode(fourth);
      await refusedWithTryLater(fourth);
      const stillBlocked = world.dial('90000778');
      await refusedWithTryLater(stillBlocked);
      expect(stillBlocked.heard()).toEqual(TRY_LATER);
    },
  );

  it(
    'are shared by two Kvorum processes on one database: a block made on one refuses the number on the other',
    { timeout: 30_000 },
    async () => {
      await startWorld();
      inProcess = await world.startInProcess();
      await startProcess({ KVORUM_ARI_APP: 'kvorum-b' });
      const dialB = (callerId: string) => world.sim.dial(ACCESS_NUMBER, { callerId, app: 'kvorum-b' });
      const waitingOnB = await askedForCode(dialB('+4790000888'));

      const onA = await askedForCode(world.dial('+4790000888'));
      for (let i = 0; i < 3; i++) await typeWrongCode(onA);
      const again = await askedForCode(world.dial('+4790000888'));
      await typeWrongCode(again);
      await refusedWithTryLater(again);

      await waitingOnB.press(`${world.conference.participantCode}#`);
      await refusedWithTryLater(waitingOnB);
      const newOnB = dialB('+4790000888');
      await refusedWithTryLater(newOnB);
      expect(newOnB.heard()).toEqual(TRY_LATER);
      const someoneElse = await askedForCode(dialB('+4791234567'));
      expect(someoneElse.state).toBe('up');
    },
  );
});
