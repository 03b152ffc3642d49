import { afterEach, describe, expect, it } from 'vitest';
import type { SimCaller } from '../../simulator/types';
import { openDatabase } from '../../src/adapters/db/database';
import type { RunningKvorum } from '../../src/start-kvorum';
import { eventually, ResilienceWorld } from './resync-harness';
import { soundOf } from '../support/heard';

/**
 * /metrics as Prometheus scrapes it, from a Kvorum on the ARI simulator:
 * after a scripted set of calls, the values moved as the calls did.
 */

const TOKEN = 'metrics-token-0123456789abcdef';

let world: ResilienceWorld;
let kvorum: RunningKvorum | null = null;

afterEach(async () => {
  await kvorum?.stop();
  kvorum = null;
  await world.close();
});

async function start(): Promise<RunningKvorum> {
  world = await ResilienceWorld.start({
    env: { KVORUM_METRICS_PORT: '0', KVORUM_METRICS_TOKEN: TOKEN, KVORUM_MAX_CODE_ENTRY_CALLS_PER_CALLER: '1' },
  });
  kvorum = await world.startInProcess();
  return kvorum;
}

async function get(path: string, token: string | null = TOKEN): Promise<Response> {
  const port = kvorum?.metricsPort ?? expect.unreachable('metrics are on');
  return fetch(`http://127.0.0.1:${port}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}

/** The scrape as `name{label="value",…}` → value. */
async function scrape(): Promise<{ value: (series: string) => number; series: string[] }> {
  const response = await get('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return {
    value: (series) => samples.get(series) ?? expect.unreachable(`no series ${series} in the scrape`),
    series: [...samples.keys()],
  };
}

const inState = (state: string) => `kvorum_calls{state="${state}"}`;

describe('/metrics', () => {
  it('counts calls by state, live meetings, failed codes, refusals, ARI requests and ledger commits as the calls go', async () => {
    await start();
    const before = await scrape();
    expect(['code-entry', 'waiting', 'in-meeting', 'farewell'].map((state) => before.value(inState(state)))).toEqual([0, 0, 0, 0]);
    expect(before.value('kvorum_meetings_live')).toBe(0);
    expect(before.value('kvorum_code_failures_total{outcome="retry"}')).toBe(0);

    const participant = world.dial('4791000001');
    await participant.waitForMedia(soundOf({ key: 'code.enter' }));
    await participant.press(`${world.conference.participantCode}#`);
    await participant.waitUntil((c) => c.bridgeType() === 'holding', 'wait for the leader');
    const waitingNow = await scrape();
    expect(waitingNow.value(inState('waiting'))).toBe(1);

    const { leader } = await world.meeting(0);
    await participant.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting');
    const guesser = world.dial('4791000666');
    await guesser.waitForMedia(soundOf({ key: 'code.enter' }));
    await guesser.press('99999999#');
    await guesser.waitForMedia(soundOf({ key: 'code.invalid' }));
    const overTheCap = world.dial('004791000666');
    await overTheCap.waitForHangup();

    const during = await scrape();
    expect(during.value(inState('in-meeting'))).toBe(2);
    expect(during.value(inState('code-entry'))).toBe(1);
    expect(during.value('kvorum_meetings_live')).toBe(1);
    expect(during.value('kvorum_code_failures_total{outcome="retry"}')).toBe(1);
    expect(during.value('kvorum_code_failures_total{outcome="sent-away"}')).toBe(0);
    expect(during.value('kvorum_calls_refused_total{reason="too-many-calls-from-caller"}')).toBe(1);
    // Every caller was answered (the one over the cap to hear why): one request each, timed under its operation's name.
    expect(during.value('kvorum_ari_request_duration_seconds_count{operation="channels.answer",outcome="ok"}')).toBe(4);
    expect(during.value('kvorum_ari_request_duration_seconds_count{operation="bridges.addChannel",outcome="ok"}')).toBeGreaterThanOrEqual(
      3,
    );
    expect(during.value('kvorum_ledger_writes_committed_total')).toBeGreaterThanOrEqual(4);
    expect(during.value('kvorum_ledger_commit_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(during.value('kvorum_ledger_waiting_writes')).toBe(0);
    expect(during.series).toContain('nodejs_eventloop_lag_p99_seconds');
    // No label names a channel, a caller, an access number or a code.
    for (const secret of [guesser.channelId, leader.channelId, '4791000666', '4721000000', world.conference.leaderCode, '99999999']) {
      expect(during.series.filter((series) => series.includes(secret))).toEqual([]);
    }

    await leader.press('##');
    for (const caller of [leader, participant] as SimCaller[]) await caller.waitForHangup();
    await guesser.hangUp();
    const after = await eventually(
      () => scrape(),
      (scraped) => scraped.value('kvorum_meetings_live') === 0 && scraped.value(inState('farewell')) === 0,
      'the meeting ends and the farewells are over',
    );
    expect(['code-entry', 'waiting', 'in-meeting', 'farewell'].map((state) => after.value(inState(state)))).toEqual([0, 0, 0, 0]);
  });

  it('shows the ledger writes waiting while another process holds the write lock, and how long they waited', async () => {
    await start();
    const otherProcess = openDatabase(world.env.KVORUM_DB_PATH!);
    try {
      otherProcess.exec('BEGIN IMMEDIATE');
      const caller = await world.callIn(world.conference.participantCode);
      await caller.waitUntil((c) => c.bridgeType() === 'holding', 'wait for the leader while the ledger cannot commit');
      const blocked = await eventually(
        () => scrape(),
        (scraped) => scraped.value('kvorum_ledger_commit_failures_total') >= 1,
        'a refused commit',
      );
      expect(blocked.value('kvorum_ledger_waiting_writes')).toBeGreaterThanOrEqual(1);
      otherProcess.exec('COMMIT');
      const landed = await eventually(
        () => scrape(),
        (scraped) => scraped.value('kvorum_ledger_waiting_writes') === 0,
        'the writes land once the lock is gone',
      );
      // That batch waited at least one busy timeout (25 ms) and a retry: not in the 10 ms bucket.
      expect(landed.value('kvorum_ledger_commit_lag_seconds_bucket{le="0.01"}')).toBeLessThan(
        landed.value('kvorum_ledger_commit_lag_seconds_count'),
      );
    } finally {
      otherProcess.close();
    }
  });

  it('answers only with the token, only on its own listener, and only /metrics', async () => {
    await start();
    expect((await get('/metrics', null)).status).toBe(401);
    expect((await get('/metrics', 'not-the-token-0123456789')).status).toBe(401);
    const refused = await get('/metrics', null);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="kvorum-metrics"');
    expect(await refused.json()).toEqual({ error: 'unauthorized', message: 'the metrics token is required' });
    expect((await get('/api/v1/openapi.json')).status).toBe(404);
    const ok = await get('/metrics');
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    const admin = await fetch(`http://127.0.0.1:${kvorum!.httpPort}/metrics`);
    expect(admin.status).toBe(404);
  });
});
