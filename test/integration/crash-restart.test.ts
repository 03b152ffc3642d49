import { afterEach, describe, expect, it } from 'vitest';
import { adminApiRequest } from '../support/admin-api-request';
import { KvorumProcess, operatorToken } from './crash-harness';
import { eventually, ResilienceWorld } from './resync-harness';
import { heardItem, soundOf, timesHeard } from '../support/heard';

const CHECKPOINT_INTERVAL_MS = 200;

let world: ResilienceWorld;
const running: KvorumProcess[] = [];

afterEach(async () => {
  for (const kvorum of running.splice(0)) await kvorum.signal('SIGKILL');
  await world.close();
});

async function start(): Promise<{ process: KvorumProcess; httpPort: number }> {
  const started = await KvorumProcess.start(world);
  running.push(started.process);
  return started;
}

async function kill9(kvorum: KvorumProcess): Promise<void> {
  running.splice(running.indexOf(kvorum), 1);
  expect(await kvorum.signal('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
  await world.waitForApp(false);
}

describe('kill -9 during a meeting, then a restart', () => {
  it(
    'the meeting goes on with its callers, mute and lock; keypad and admin API control it again; no leg is lost',
    { timeout: 20_000 },
    async () => {
      world = await ResilienceWorld.start({ env: { KVORUM_CHECKPOINT_INTERVAL_MS: String(CHECKPOINT_INTERVAL_MS) } });
      const first = await start();
      const { leader, participants } = await world.meeting(3);
      const [listener, leaving, speaker] = participants as [typeof leader, typeof leader, typeof leader];
      // Listen mode and a lock: state Asterisk itself does not keep for a meeting.
      await leader.press('*5');
      await listener.waitUntil((c) => c.isMuted(), 'be muted by listen mode');
      // One listener raises a hand and is given the floor: unmuted while listen mode stays on.
      await speaker.press('*9');
      await speaker.waitForMedia(soundOf({ key: 'hand.raised' }));
      await leader.press('*9');
      await speaker.waitUntil((c) => !c.isMuted(), 'be given the floor');
      await leader.press('*7');
      await leader.waitForMedia(soundOf({ key: 'leader.locked' }));
      // The channels remember the switches once the confirmation has been heard (see memo-writer.ts).
      await eventually(
        () => leader.channelVar('KVORUM_STATE') ?? '',
        (memo) => memo.includes('locked=1') && memo.includes('listen=1'),
        'the leader to remember the lock',
      );
      await eventually(
        () => speaker.channelVar('KVORUM_STATE') ?? '',
        (memo) => memo.includes('muted=0'),
        'the speaker to remember the floor',
      );
      const typing = world.dial();
      await typing.waitForMedia(soundOf({ key: 'code.enter' }));
      // Let a checkpoint record everyone alive.
      await eventually(
        async () => (await world.legOf(leaving))?.checkpointAt ?? null,
        (at) => at !== null,
        'a checkpoint',
      );

      await kill9(first.process);
      const hungUpAt = Date.now();
      await leaving.hangUp();

      const second = await start();
      // The meeting is taken back as it was.
      expect(leader.bridgeType()).toBe('mixing');
      expect(listener.bridgeType()).toBe('mixing');
      expect(listener.isMuted()).toBe(true);
      expect(await world.sim.canHearOnceQuiet(listener, leader)).toBe(true);
      expect(speaker.isMuted()).toBe(false);
      expect(await world.sim.canHearOnceQuiet(leader, speaker)).toBe(true);
      // The caller who was typing a code is asked again.
      await typing.waitUntil((c) => timesHeard(c.heard(), { key: 'code.enter' }) === 2, 'be asked for the code again');
      // The caller who left while Kvorum was dead: closed at the last sign of life, marked estimated.
      const lost = (await world.legOf(leaving))!;
      expect(lost).toMatchObject({ endReason: 'lost', estimated: true });
      expect(lost.leftAt!).toBeLessThanOrEqual(hungUpAt);
      expect(hungUpAt - lost.leftAt!).toBeLessThan(CHECKPOINT_INTERVAL_MS + 300);

      // Still locked: a newcomer is turned away.
      const late = await world.callIn(world.conference.participantCode);
      await late.waitForMedia(soundOf({ key: 'admission.locked' }));
      await late.waitForHangup();

      // The admin API sees and steers the meeting again.
      const token = await operatorToken(world);
      const live = await adminApiRequest(second.httpPort, token, 'GET', `/conferences/${world.conference.conferenceId}/live`);
      expect(live.status).toBe(200);
      expect(live.json).toMatchObject({ locked: true, listenMode: true });
      expect(live.json.participants.map((p: { channelId: string; muted: boolean }) => [p.channelId, p.muted])).toEqual([
        [leader.channelId, false],
        [listener.channelId, true],
        [speaker.channelId, false],
      ]);

      // The leader's keypad works again: *5 lifts listen mode, ## ends the meeting.
      await leader.press('*5');
      await leader.waitForMedia(soundOf({ key: 'leader.listen-mode-off' }));
      await listener.waitUntil((c) => !c.isMuted(), 'be heard again');
      expect(await world.sim.canHearOnceQuiet(leader, listener)).toBe(true);
      await leader.press('##');
      await leader.waitForHangup();
      await listener.waitForHangup();
      await speaker.waitForHangup();

      const legs = await eventually(
        () => world.legs(),
        (all) => all.every((leg) => leg.leftAt !== null),
        'every leg is closed',
      );
      expect(legs.map((leg) => [leg.channelId, leg.endReason])).toEqual([
        [leader.channelId, 'meeting-ended'],
        [listener.channelId, 'meeting-ended'],
        [leaving.channelId, 'lost'],
        [speaker.channelId, 'meeting-ended'],
        [late.channelId, 'locked'],
      ]);
      expect(await world.meetings()).toEqual([expect.objectContaining({ endReason: 'ended-by-leader' })]);
      await second.process.signal('SIGTERM');
      running.splice(0);
    },
  );

  it(
    'legs of callers who all left while Kvorum was dead close at their checkpoint, and their meeting ends',
    { timeout: 20_000 },
    async () => {
      world = await ResilienceWorld.start({ env: { KVORUM_CHECKPOINT_INTERVAL_MS: String(CHECKPOINT_INTERVAL_MS) } });
      const first = await start();
      const { leader, participants } = await world.meeting(1);
      await eventually(
        async () => (await world.legOf(leader))?.checkpointAt ?? null,
        (at) => at !== null,
        'a checkpoint',
      );
      await kill9(first.process);
      const hungUpAt = Date.now();
      await leader.hangUp();
      await participants[0]!.hangUp();

      await start();
      const legs = await world.legs();
      expect(legs.every((leg) => leg.endReason === 'lost' && leg.estimated)).toBe(true);
      for (const leg of legs) expect(hungUpAt - leg.leftAt!).toBeLessThan(CHECKPOINT_INTERVAL_MS + 300);
      expect(await world.meetings()).toEqual([expect.objectContaining({ endReason: 'lost' })]);
      // Its bridges, abandoned in Asterisk, are destroyed.
      await eventually(
        () => world.sim.bridges(),
        (bridges) => bridges.length === 0,
        'abandoned bridges are destroyed',
      );
    },
  );

  it(
    'a meeting left behind by an earlier release, which kept the leg in KVORUM_LEG, is taken back with its mute',
    { timeout: 20_000 },
    async () => {
      world = await ResilienceWorld.start({ env: { KVORUM_CHECKPOINT_INTERVAL_MS: String(CHECKPOINT_INTERVAL_MS) } });
      const first = await start();
      const { leader, participants } = await world.meeting(1);
      const participant = participants[0]!;
      await leader.press('*5');
      await participant.waitUntil((c) => c.isMuted(), 'be muted by listen mode');
      const [participantMemo, leaderMemo] = await eventually(
        () => [participant.channelVar('KVORUM_STATE') ?? '', leader.channelVar('KVORUM_STATE') ?? ''] as const,
        ([muted, switches]) => muted.includes('muted=listen') && switches.includes('listen=1'),
        'the memos of the mute and of listen mode',
      );
      await kill9(first.process);
      // What that release wrote: the leg on its own, and every caller's mute and the meeting's switches in the memo.
      const switches = /meeting=.*$/.exec(leaderMemo)![0];
      const earlier = [
        [leader, leaderMemo, `muted=0;${switches}`],
        [participant, participantMemo, `muted=1;host=1;${switches}`],
      ] as const;
      for (const [caller, memo, earlierMemo] of earlier) {
        await setChannelVar(caller.channelId, 'KVORUM_LEG', /(?:^|;)leg=([^;]+)/.exec(memo)![1]!);
        await setChannelVar(caller.channelId, 'KVORUM_STATE', earlierMemo);
      }

      const second = await start();
      const token = await operatorToken(world);
      const live = await adminApiRequest(second.httpPort, token, 'GET', `/conferences/${world.conference.conferenceId}/live`);
      expect(live.json).toMatchObject({ listenMode: true });
      expect(live.json.participants.map((p: { channelId: string; muted: boolean }) => [p.channelId, p.muted])).toEqual([
        [leader.channelId, false],
        [participant.channelId, true],
      ]);
      await leader.press('##');
      await leader.waitForHangup();
      await participant.waitForHangup();
    },
  );

  it(
    'a caller who switched to English hears English after the restart too, in the meeting and while typing the code',
    { timeout: 20_000 },
    async () => {
      world = await ResilienceWorld.start({ env: { KVORUM_DEFAULT_LANGUAGE: 'nb' }, conference: { language: 'nb' } });
      const first = await start();
      const switchToEnglish = async () => {
        const caller = world.dial();
        await caller.waitUntil((c) => timesHeard(c.heard(), { key: 'code.english-offer' }, 'nb') === 1, 'be offered English');
        await caller.press('*');
        await caller.waitUntil((c) => timesHeard(c.heard(), { key: 'code.enter' }, 'en') === 1, 'be asked in English');
        // Remembered on the channel: what a restart reads.
        await caller.waitUntil((c) => c.channelVar('KVORUM_LANGUAGE') === 'en', 'have the choice remembered');
        return caller;
      };
      const john = await switchToEnglish();
      await john.press(`${world.conference.leaderCode}#`);
      await john.waitUntil(
        (c) => timesHeard(c.heard(), { key: 'meeting.others-present', count: 0 }, 'en') === 1,
        'hear he is alone, in English',
      );
      const kari = await world.joinMeeting(world.conference.participantCode);
      const typing = await switchToEnglish();

      await kill9(first.process);
      await start();

      // Asked for the code again, in English and without the Norwegian offer.
      await typing.waitUntil((c) => timesHeard(c.heard(), { key: 'code.enter' }, 'en') === 2, 'be asked again, in English');
      expect(timesHeard(typing.heard(), { key: 'code.english-offer' })).toBe(1);
      // In the meeting: the leader's answers in English, the conference's Norwegian for the others.
      await john.press('#2');
      await john.waitUntil((c) => timesHeard(c.heard(), { key: 'meeting.count', count: 2 }, 'en') === 1, 'hear the count in English');
      await john.press('##');
      await john.waitForHangup();
      await kari.waitForHangup();
      expect(john.heard().at(-1)).toEqual(heardItem({ key: 'meeting.ended' }, 'en'));
      expect(kari.heard().at(-1)).toEqual(heardItem({ key: 'meeting.ended' }, 'nb'));
    },
  );

  it(
    'recorded names: those of callers still there survive, those of callers gone meanwhile are deleted at the start',
    { timeout: 20_000 },
    async () => {
      world = await ResilienceWorld.start({ conference: { namesRecorded: true } });
      const first = await start();
      // Nobody here presses #: each name runs to its maximum length, and the caller goes on into the meeting.
      const leader = await world.joinMeeting(world.conference.leaderCode);
      const kari = await world.joinMeeting(world.conference.participantCode);
      const saying = await world.callIn(world.conference.participantCode);
      await saying.waitUntil((c) => c.isBeingRecorded(), 'be saying their name');
      const [leaderName] = leader.recordings();
      await eventually(
        async () => (await world.legOf(kari))?.checkpointAt ?? null,
        (at) => at !== null,
        'a checkpoint',
      );

      await kill9(first.process);
      // Gone while Kvorum was dead: Asterisk keeps what they said, and nobody is left to delete it.
      await kari.hangUp();
      await saying.hangUp();
      const stored = async () => ((await ariGet('/recordings/stored')) as Array<{ name: string }>).map((recording) => recording.name);
      expect((await stored()).sort()).toEqual([leaderName, ...kari.recordings(), ...saying.recordings()].sort());

      await start();
      await eventually(stored, (names) => names.length === 1, 'the names of the callers gone are deleted');
      expect(await stored()).toEqual([leaderName]);
    },
  );
});

/** Sets a channel variable through ARI, as a Kvorum process would. */
async function setChannelVar(channelId: string, variable: string, value: string): Promise<void> {
  const { url, username, password } = world.sim;
  const query = new URLSearchParams({ variable, value, api_key: `${username}:${password}` });
  const response = await fetch(`${url}/ari/channels/${channelId}/variable?${query.toString()}`, { method: 'POST' });
  expect(response.status).toBe(204);
}

/** A GET of the simulator's ARI, as any ARI client makes it. */
async function ariGet(path: string): Promise<unknown> {
  const { url, username, password } = world.sim;
  const response = await fetch(`${url}/ari${path}?${new URLSearchParams({ api_key: `${username}:${password}` }).toString()}`);
  return response.json();
}
