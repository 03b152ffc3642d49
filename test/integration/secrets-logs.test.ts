import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type SimCaller, type Simulator } from '../../simulator';
import { conferencesCommand } from '../../src/cli/conferences-command';
import { reportCommand } from '../../src/cli/report-command';
import { tokensCommand } from '../../src/cli/tokens-command';
import { loadConfig } from '../../src/config';
import { startKvorum, type RunningKvorum } from '../../src/start-kvorum';
import { createLogger } from '../../src/logger';
import { adminApiRequest } from '../support/admin-api-request';
import { runCliCaptured, type CliOutcome } from '../support/run-cli-captured';
import { createKvorumTestEnv, type KvorumTestEnv } from '../support/kvorum-test-env';
import { soundOf } from '../support/heard';

/**
 * Conference codes are secrets. A whole working day in miniature — codes made
 * on the command line and over the API, reset, typed right and wrong on the
 * keypad, mistyped into API bodies and CLI flags, charge reports pulled both
 * ways — with every log line at trace level captured: no code, right or
 * wrong, ever shows up in a log line, an error or a report. Nor does a
 * recorded name (personal data), in those or in the ledger.
 */

const ACCESS_NUMBER = '+4721000000';
const CLI_LEADER_CODE = '31415926';
const CLI_PARTICIPANT_CODE = '27182818';
const WRONG_CODE = '99887766';
const LONG_WRONG_ENTRY = '4815162342108';
const HALF_TYPED = '5772156';
const CLI_TAKEN_CODE = '16180339';
const NAMED_LEADER_CODE = '14142135';
const NAMED_PARTICIPANT_CODE = '17320508';
/** Where Kvorum keeps the names callers say: personal data, never in a log, the ledger or a report. */
const RECORDED_NAMES = 'kvorum-names/';

let sim: Simulator;
let kvorum: RunningKvorum;
let workspace: KvorumTestEnv;
let env: Record<string, string>;
const logLines: string[] = [];
/** Everything a user read that is not meant to show a code: error bodies, CLI errors, reports. */
const userFacingTexts: Array<{ what: string; text: string }> = [];
/** Every code that existed or was typed during the day. */
const secrets = new Set([
  CLI_LEADER_CODE,
  CLI_PARTICIPANT_CODE,
  WRONG_CODE,
  LONG_WRONG_ENTRY,
  HALF_TYPED,
  CLI_TAKEN_CODE,
  NAMED_LEADER_CODE,
  NAMED_PARTICIPANT_CODE,
  RECORDED_NAMES,
]);

async function cli(...args: string[]): Promise<CliOutcome> {
  const outcome = await runCliCaptured(args, { conferences: conferencesCommand, tokens: tokensCommand, report: reportCommand }, env);
  userFacingTexts.push({ what: `kvorum ${args.join(' ')} (stderr)`, text: outcome.stderr });
  return outcome;
}

const api = (token: string, method: string, path: string, body?: unknown) => adminApiRequest(kvorum.httpPort, token, method, path, body);

/** Strings anywhere in a parsed log record (numbers are instants and counts). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
  return [];
}

const isoDate = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  sim = await startSimulator({ timeScale: 0.001 });
  workspace = createKvorumTestEnv(sim, {
    folderPrefix: 'kvorum-secrets-',
    codeSecret: 'secrets-test-secret-0123456789',
    env: { KVORUM_LOG_LEVEL: 'trace', KVORUM_CHECKPOINT_INTERVAL_MS: '50' },
  });
  env = workspace.env;
  const logger = createLogger('trace', { write: (line: string) => void logLines.push(line) });
  kvorum = await startKvorum(loadConfig(env), logger);
});

afterAll(async () => {
  await kvorum?.stop();
  await sim?.close();
  workspace?.remove();
});

describe('a day of conferences', () => {
  it('leaves no code in any log line, error, or report', async () => {
    // Provisioning: the command line, then the API.
    const operator = JSON.parse((await cli('tokens', 'create', '--role', 'operator', '--name', 'Olga')).stdout).secret as string;
    const made = await cli(
      'conferences',
      'create',
      '--name',
      'Board',
      '--leader-code',
      CLI_LEADER_CODE,
      '--participant-code',
      CLI_PARTICIPANT_CODE,
    );
    expect(made.exitCode).toBe(0);
    const organisationId = JSON.parse(made.stdout).conference.organisationId as string;
    expect(
      (await cli('conferences', 'create', '--name', 'Twin', '--leader-code', CLI_LEADER_CODE, '--participant-code', CLI_TAKEN_CODE))
        .exitCode,
    ).not.toBe(0);
    expect(
      (await cli('conferences', 'create', '--name', 'Short', '--leader-code', HALF_TYPED.slice(0, 5), '--participant-code', CLI_TAKEN_CODE))
        .exitCode,
    ).not.toBe(0);

    const created = await api(operator, 'POST', '/conferences', { name: 'Weekly', organisationId });
    expect(created.status).toBe(201);
    const { conference, codes } = JSON.parse(created.text) as { conference: { id: string }; codes: Array<{ code: string }> };
    for (const { code } of codes) secrets.add(code);
    const reset = await api(operator, 'POST', `/conferences/${conference.id}/codes/participant/reset`);
    expect(reset.status).toBe(200);
    const apiParticipantCode = (JSON.parse(reset.text) as { code: { code: string } }).code.code;
    secrets.add(apiParticipantCode);
    for (const [what, response] of [
      ['GET the conference', await api(operator, 'GET', `/conferences/${conference.id}`)],
      ['list conferences', await api(operator, 'GET', `/conferences?organisationId=${organisationId}`)],
      [
        'a code slipped into a body',
        await api(operator, 'POST', '/conferences', { name: 'Sneaky', organisationId, leaderCode: CLI_LEADER_CODE }),
      ],
      ['a code as a conference id', await api(operator, 'GET', `/conferences/${CLI_PARTICIPANT_CODE}`)],
      ['a code as a role', await api(operator, 'POST', `/conferences/${conference.id}/codes/${WRONG_CODE}/reset`)],
    ] as const) {
      userFacingTexts.push({ what, text: response.text });
    }

    // Calls: wrong codes, a long entry, a half-typed code, the right codes.
    const leader = sim.dial(ACCESS_NUMBER, { callerId: '4790000001' });
    await leader.waitForMedia(soundOf({ key: 'code.enter' }));
    await leader.press(`${WRONG_CODE}#`);
    await leader.waitForMedia(soundOf({ key: 'code.invalid' }));
    await leader.press(`${CLI_LEADER_CODE}#`);
    await leader.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting');
    const participant = sim.dial(ACCESS_NUMBER, { callerId: '4790000002' });
    await participant.waitForMedia(soundOf({ key: 'code.enter' }));
    await participant.press(`${LONG_WRONG_ENTRY}#`);
    await participant.waitForMedia(soundOf({ key: 'code.invalid' }));
    await participant.press(`${CLI_PARTICIPANT_CODE}#`);
    await participant.waitUntil((c) => c.bridgeType() === 'mixing', 'be in the meeting');
    const quitter = sim.dial(ACCESS_NUMBER, { callerId: null });
    await quitter.waitForMedia(soundOf({ key: 'code.enter' }));
    await quitter.press(HALF_TYPED);
    await quitter.hangUp();
    // A room with names: the names run to their maximum length (nobody presses #).
    expect(
      (
        await cli(
          'conferences',
          'create',
          '--name',
          'Clinic',
          '--leader-code',
          NAMED_LEADER_CODE,
          '--participant-code',
          NAMED_PARTICIPANT_CODE,
          '--names-recorded',
          'true',
        )
      ).exitCode,
    ).toBe(0);
    const named: SimCaller[] = [];
    for (const [code, callerId] of [
      [NAMED_LEADER_CODE, '4790000004'],
      [NAMED_PARTICIPANT_CODE, '4790000005'],
    ] as const) {
      const caller = sim.dial(ACCESS_NUMBER, { callerId });
      await caller.waitForMedia(soundOf({ key: 'code.enter' }));
      await caller.press(`${code}#`);
      await caller.waitUntil((c) => c.bridgeType() === 'mixing', 'say their name and be in the meeting');
      named.push(caller);
    }
    const weekly = sim.dial(ACCESS_NUMBER, { callerId: '4790000003' });
    await weekly.waitForMedia(soundOf({ key: 'code.enter' }));
    await weekly.press(`${apiParticipantCode}#`);
    await weekly.waitUntil((c) => c.bridgeType() === 'holding', 'wait for the leader');
    const callers: SimCaller[] = [leader, participant, quitter, weekly, ...named];
    for (const caller of callers) if (caller.state !== 'hungup') await caller.hangUp();
    await vi.waitFor(() => expect(kvorum.app.list()).toEqual([]), { timeout: 5_000, interval: 10 });
    await vi.waitFor(async () => expect(await kvorum.sql.get('SELECT count(*) AS n FROM legs WHERE left_at IS NULL')).toEqual({ n: 0 }), {
      timeout: 5_000,
      interval: 10,
    });

    // Reports, both ways, in every form, with the caller numbers unmasked.
    const period = ['--from', isoDate(-1), '--to', isoDate(1)];
    for (const format of ['csv', 'json']) {
      const fromCli = await cli('report', 'charges', ...period, '--legs', '--unmasked', '--format', format);
      expect(fromCli.exitCode).toBe(0);
      userFacingTexts.push({ what: `CLI ${format} report`, text: fromCli.stdout });
      const fromApi = await api(
        operator,
        'GET',
        `/reports/charges?from=${isoDate(-1)}&to=${isoDate(1)}&legs=true&unmasked=true&format=${format}`,
      );
      expect(fromApi.status).toBe(200);
      userFacingTexts.push({ what: `API ${format} report`, text: fromApi.text });
    }
    // The reports are not empty: the meeting and its caller numbers are in them.
    expect(userFacingTexts.find((t) => t.what === 'API csv report')?.text).toContain('4790000002');

    // The names were said, and are in no row of the ledger.
    expect(named.every((caller) => caller.recordings().length === 1)).toBe(true);
    for (const table of ['legs', 'meetings', 'charges']) {
      userFacingTexts.push({ what: `the ${table} table`, text: JSON.stringify(await kvorum.sql.all(`SELECT * FROM ${table}`)) });
    }

    await kvorum.stop();

    // The day was logged in detail...
    const records = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const messages = new Set(records.map((record) => record.msg));
    for (const expected of ['call arrived', 'code accepted', 'leg closed', 'http request', 'kvorum started', 'kvorum stopped']) {
      expect(messages).toContain(expected);
    }
    // Asterisk sends only the event types Kvorum reads, so no line is an ignored event's.
    expect(records.length).toBeGreaterThan(25);
    // ...and holds no code, whole or as typed key by key.
    const leaks = records.flatMap((record, line) =>
      stringsIn(record)
        .filter((text) => [...secrets].some((secret) => text.includes(secret)))
        .map((text) => ({ line, msg: record.msg, text })),
    );
    expect(leaks).toEqual([]);
    const keyByKey = records.filter((record) => stringsIn(record).some((text) => /^(digit|digits|dtmf)$/i.test(text)));
    expect(keyByKey.map((record) => record.msg)).toEqual([]);
    for (const { what, text } of userFacingTexts) {
      for (const secret of secrets) expect(text, `${what} shows a code`).not.toContain(secret);
    }
  });
});
