import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiHarness, type ApiResponse } from './admin-api-harness';
import { participant } from './fake-live-control';

/**
 * HTTP fuzzing of every route of the admin API, enumerated from its own
 * OpenAPI document (a new route is fuzzed without touching this file): wrong
 * types, missing and extra fields, bodies that are not objects, malformed and
 * huge bodies, odd Unicode and SQL injection in paths, queries and bodies.
 * Every answer is a 4xx that says why, and nothing is stored.
 */

const BODY_LIMIT_BYTES = 16 * 1024;

const sqlInjections = [
  "' OR '1'='1",
  '1; DROP TABLE conferences; --',
  "x') UNION SELECT code_hash FROM conference_codes --",
  '%27%20OR%201=1',
];
const oddUnicode = [
  '\u0000',
  '\ud800',
  '\u202eevil\u202c',
  'a\u200b\u200d\ufeff',
  '🎉'.repeat(300),
  `e${'\u0301'.repeat(2_000)}`,
  'Ω≈ç√∫˜µ≤≥÷',
  '../../etc/passwd',
];
const oddStrings = [...sqlInjections, ...oddUnicode, '', ' ', 'x'.repeat(5_000)];

interface Operation {
  method: string;
  /** The OpenAPI path, e.g. `/api/v1/conferences/{conferenceId}`. */
  path: string;
  pathParams: string[];
  query: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  body: JsonSchema | null;
}

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  pattern?: string;
  format?: string;
}

interface Attempt {
  what: string;
  path: string;
  query?: Record<string, string>;
  /** A value to send as JSON, or raw text with its content type. */
  body?: { json: unknown } | { raw: string; contentType: string };
}

let api: AdminApiHarness;
let operations: Operation[];
/** Real ids for each path parameter, so that a bad body or query is what the route has to refuse. */
let realParams: Record<string, string>;

beforeAll(async () => {
  api = await AdminApiHarness.start({ bodyLimitBytes: BODY_LIMIT_BYTES });
  const document = (await api.call(null, 'GET', '/openapi.json')).json as { paths: Record<string, Record<string, any>> };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = (operation.parameters ?? []) as Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
      return {
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true, schema: p.schema })),
        body: (operation.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined) ?? null,
      };
    }),
  );
  const conference = await api.createConference(api.callers.acmeAdmin, { name: 'Fuzzed' });
  // A live meeting, so that live control routes have something a bad request could wrongly change.
  api.liveControl.startMeeting(conference.id, [participant('leg-1', 'participant', '+4790000001', { waitingInLobby: true })]);
  const tokens = await api.call(api.callers.operator, 'GET', `/users/${api.callers.acmeUser.user.id}/tokens`);
  const host = await api.host();
  const room = await api.createConference(api.callers.acmeAdmin, { name: 'Booked', ownerUserId: host.id });
  const booking = await api.createBooking(api.callers.acmeAdmin, { conferenceId: room.id, hostUserId: host.id });
  const licence = (await api.call(api.callers.acmeAdmin, 'POST', `/users/${host.id}/licences`, { planId: 'basic' })).json;
  realParams = {
    organisationId: api.orgs.acme.id,
    userId: api.callers.acmeUser.user.id,
    tokenId: tokens.json.tokens[0].id,
    conferenceId: conference.id,
    legId: 'leg-1',
    role: 'leader',
    bookingId: booking.id,
    planId: 'basic',
    licenceId: licence.id,
    number: '22222222',
  };
});

afterAll(() => api.stop());

function rowCounts(): Record<string, number> {
  const tables = api.db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all();
  return Object.fromEntries(
    tables.map(({ name }) => [name, (api.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}

/** False for a string with a lone surrogate, which has no UTF-8 form (String.prototype.isWellFormed is newer than the TS lib). */
function isWellFormed(text: string): boolean {
  return !/\p{Surrogate}/u.test(text);
}

/** `encoded` overrides are put in the path as they are (to send bytes that are not UTF-8). */
function fillPath(operation: Operation, encoded: Record<string, string> = {}): string {
  let path = operation.path.replace(/^\/api\/v1/, '');
  for (const name of operation.pathParams) {
    const real = realParams[name];
    if (real === undefined) throw new Error(`no value for path parameter ${name}: add it to realParams`);
    path = path.replace(`{${name}}`, encoded[name] ?? encodeURIComponent(real));
  }
  return path;
}

/** A value that a query parameter accepts, so one bad parameter at a time is what gets refused. */
function goodQueryValue(name: string, schema: JsonSchema): string {
  if (schema.enum) return String(schema.enum[0]);
  if (name === 'from' || name === 'to') return '2026-01-05';
  return realParams[name] ?? realParams.organisationId!;
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  return schema.type ? [schema.type] : [];
}

/** Values of the wrong type for a property, plus strings it cannot take when it is constrained. */
function wrongValues(schema: JsonSchema): unknown[] {
  const types = typesOf(schema);
  const values: unknown[] = [];
  if (!types.includes('string')) values.push('yes', ...sqlInjections);
  if (!types.includes('boolean')) values.push(true);
  if (!types.includes('number') && !types.includes('integer')) values.push(42, -1.5);
  if (types.includes('integer')) values.push(1.5, 1e308);
  if (!types.includes('null')) values.push(null);
  // An empty list is a fine value for a list.
  values.push(...(types.includes('array') ? [] : [[]]), {}, [1, 'two'], { nested: { deeper: "'; --" } });
  if (
    types.includes('string') &&
    (schema.enum || schema.pattern || schema.format || schema.anyOf?.some((s) => s.enum || s.pattern || s.format))
  ) {
    values.push(...oddStrings);
  }
  return values;
}

function attemptsFor(operation: Operation): Attempt[] {
  const path = fillPath(operation);
  const goodQuery = Object.fromEntries(operation.query.filter((q) => q.required).map((q) => [q.name, goodQueryValue(q.name, q.schema)]));
  const attempts: Attempt[] = [];

  for (const name of operation.pathParams) {
    // (No `..`: the client itself resolves dot segments before sending.)
    for (const bad of [
      ...oddStrings.filter((s) => s.trim() !== '' && isWellFormed(s)).map(encodeURIComponent),
      'a%2Fb',
      '%00',
      '12345678',
    ]) {
      attempts.push({ what: `path ${name}=${bad.slice(0, 40)}`, path: fillPath(operation, { [name]: bad }), query: goodQuery });
    }
    for (const bad of ['%FF%FE', '%ED%A0%80', '%C0%AF']) {
      attempts.push({ what: `path ${name}=${bad}`, path: fillPath(operation, { [name]: bad }), query: goodQuery });
    }
  }
  attempts.push({ what: 'an unknown query parameter', path, query: { ...goodQuery, colour: 'red' } });
  for (const bad of sqlInjections) attempts.push({ what: `unknown query parameter ${bad}`, path, query: { ...goodQuery, [bad]: bad } });
  for (const param of operation.query) {
    if (param.required) {
      const { [param.name]: _dropped, ...rest } = goodQuery;
      attempts.push({ what: `query ${param.name} missing`, path, query: rest });
    }
    // Free-text query values are legitimately looked up; the others must be refused.
    const constrained =
      param.schema.enum || param.name === 'from' || param.name === 'to' || param.name.endsWith('Id') || typesOf(param.schema).length === 0;
    if (constrained) {
      const shapeless = param.name.endsWith('Id') ? [] : ['2026-13-45', 'maybe'];
      for (const bad of [...oddStrings.filter((s) => s !== '' && s.length < 2_000), ...shapeless]) {
        attempts.push({
          what: `query ${param.name}=${JSON.stringify(bad).slice(0, 40)}`,
          path,
          query: { ...goodQuery, [param.name]: bad },
        });
      }
    }
  }

  if (operation.body === null) {
    // (fetch cannot send a body with a GET.)
    if (operation.method !== 'GET')
      attempts.push({ what: 'a body where none is taken', path, query: goodQuery, body: { json: { code: '12345678' } } });
    return attempts;
  }
  const body = operation.body;
  const properties = body.properties ?? {};
  const valid = validBody(properties, body.required ?? []);
  for (const [name, schema] of Object.entries(properties)) {
    for (const value of wrongValues(schema)) {
      attempts.push({
        what: `body ${name}=${JSON.stringify(value)?.slice(0, 40)}`,
        path,
        query: goodQuery,
        body: { json: { ...valid, [name]: value } },
      });
    }
  }
  for (const name of body.required ?? []) {
    const { [name]: _dropped, ...rest } = valid;
    attempts.push({ what: `body without ${name}`, path, query: goodQuery, body: { json: rest } });
  }
  // Free text is stored as given, so odd strings there come with an unknown field: the whole body must be refused.
  for (const odd of oddStrings) {
    const textFields = Object.fromEntries(
      Object.entries(properties)
        .filter(([, s]) => typesOf(s).includes('string') && !s.enum && !s.pattern && !s.format)
        .map(([n]) => [n, odd]),
    );
    attempts.push({
      what: `odd text ${JSON.stringify(odd).slice(0, 30)} with an unknown field`,
      path,
      query: goodQuery,
      body: { json: { ...valid, ...textFields, pin: '1234' } },
    });
  }
  for (const [extra, value] of [
    ['pin', '1234'],
    ['__proto__', { admin: true }],
    ['constructor', 'x'],
    ["name' OR '1'='1", 'x'],
  ] as const) {
    attempts.push({
      what: `extra field ${extra}`,
      path,
      query: goodQuery,
      body: {
        raw: JSON.stringify(valid).replace(/^\{/, `{${JSON.stringify(extra)}:${JSON.stringify(value)},`),
        contentType: 'application/json',
      },
    });
  }
  for (const notAnObject of [[valid], 'text', 42, null, true]) {
    attempts.push({ what: `body ${JSON.stringify(notAnObject).slice(0, 30)}`, path, query: goodQuery, body: { json: notAnObject } });
  }
  attempts.push({ what: 'malformed JSON', path, query: goodQuery, body: { raw: '{"name": "x",', contentType: 'application/json' } });
  attempts.push({ what: 'a huge body', path, query: goodQuery, body: { json: { ...valid, padding: 'x'.repeat(BODY_LIMIT_BYTES * 4) } } });
  attempts.push({
    what: 'deeply nested JSON',
    path,
    query: goodQuery,
    body: { raw: `${'['.repeat(5_000)}${']'.repeat(5_000)}`, contentType: 'application/json' },
  });
  attempts.push({
    what: 'a form instead of JSON',
    path,
    query: goodQuery,
    body: { raw: 'name=x', contentType: 'application/x-www-form-urlencoded' },
  });
  return attempts;
}

/** A body the route would accept (required fields filled plausibly), to make one thing wrong at a time. */
function validBody(properties: Record<string, JsonSchema>, required: string[]): Record<string, unknown> {
  const plausible: Record<string, unknown> = {
    name: 'Fuzz',
    billingReference: '123456789',
    role: 'user',
    muted: true,
    on: true,
    locked: true,
    effectiveFrom: '2099-01-01',
    rateOrePerMinute: 255,
    vatRateBasisPoints: 2500,
    amountOre: -100,
    reason: 'fuzz',
    conferenceId: 'conf-fuzz',
    title: 'Fuzz',
    startsAt: '2099-01-01T09:00',
    endsAt: '2099-01-01T10:00',
    start: '2099-01-01T09:00:00+01:00',
    id: 'fuzz',
    priceOrePerYear: 0,
    maxParticipants: null,
    groupTimeLimitMinutes: null,
    planId: 'no-such-plan',
    number: '80012345',
    label: 'Fuzz',
    internationalNumber: '+4780012345',
    defaultLanguage: 'nb',
    roomType: 'personal',
    priceOrePerMonth: 7000,
    email: 'fuzz@example.com',
    password: 'a fuzzed passphrase',
    resetCode: 'AAAA-BBBB-CCCC-DDDD',
    newPassword: 'a fuzzed passphrase',
  };
  return Object.fromEntries(
    required.map((name) => {
      if (!(name in plausible)) throw new Error(`no plausible value for required body field ${name}: add one`);
      return [name, properties[name]?.enum ? properties[name].enum[0] : plausible[name]];
    }),
  );
}

async function send(operation: Operation, attempt: Attempt): Promise<ApiResponse> {
  const query = new URLSearchParams(attempt.query ?? {}).toString();
  const path = `${attempt.path}${query ? `?${query}` : ''}`;
  const body = attempt.body;
  if (body === undefined) return api.call(api.callers.operator, operation.method, path);
  if ('json' in body) return api.call(api.callers.operator, operation.method, path, JSON.stringify(body.json));
  return api.call(api.callers.operator, operation.method, path, body.raw, { 'content-type': body.contentType });
}

/** Sends every selected attempt on every route; returns what was not a 4xx with reasons. */
async function fuzz(): Promise<{ sent: number; wrong: string[] }> {
  const wrong: string[] = [];
  let sent = 0;
  for (const operation of operations) {
    for (const attempt of attemptsFor(operation)) {
      const response = await send(operation, attempt);
      sent += 1;
      const label = `${operation.method} ${operation.path} with ${attempt.what}: ${response.status} ${JSON.stringify(response.json)?.slice(0, 200)}`;
      const body = response.json as { error?: unknown; message?: unknown; fields?: unknown[] } | null;
      const explained =
        typeof body?.error === 'string' && ((typeof body.message === 'string' && body.message !== '') || (body.fields?.length ?? 0) > 0);
      if (response.status < 400 || response.status > 499 || !explained) wrong.push(label);
      else if (/SQLITE|stack|at \S+ \(|\.ts:\d+/i.test(JSON.stringify(body))) wrong.push(`${label} (internals shown)`);
    }
  }
  return { sent, wrong };
}

describe('fuzzing every route of the admin API', () => {
  it('finds the routes in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain('POST /api/v1/conferences');
  });

  it('answers every bad request with a 4xx that gives reasons, and stores nothing', async () => {
    const before = rowCounts();
    const meetingBefore = structuredClone(api.liveControl.list());
    const { sent, wrong } = await fuzz();
    expect(sent).toBeGreaterThan(1_000);
    expect(wrong).toEqual([]);
    expect(rowCounts()).toEqual(before);
    expect(api.liveControl.list()).toEqual(meetingBefore);
    // Some 2,000 requests, one after the other, on a shared machine.
  }, 120_000);
});
