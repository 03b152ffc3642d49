import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveControl } from '../../src/app/ports/live-control';
import { ROOM_TYPES } from '../../src/domain/room-types';
import { AdminApiHarness } from './admin-api-harness';

let api: AdminApiHarness;
beforeAll(async () => {
  api = await AdminApiHarness.start({ bodyLimitBytes: 4096 });
});
afterAll(() => api.stop());

describe('bad input', () => {
  it('names every wrong field of a body at once: wrong types, bad values, missing and unknown fields', async () => {
    const response = await api.call(api.callers.acmeAdmin, 'POST', '/conferences', {
      roomType: 'huge',
      language: 'English please',
      joinLeaveTones: 'yes',
      maxDurationMinutes: 0,
      validFrom: 'tomorrow',
      codes: 'three',
      pin: '1234',
    });
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('invalid-request');
    const fields = response.json.fields.map((f: { location: string; field: string }) => `${f.location}:${f.field}`);
    expect(fields.sort()).toEqual(
      [
        'body:name',
        'body:roomType',
        'body:language',
        'body:joinLeaveTones',
        'body:maxDurationMinutes',
        'body:validFrom',
        'body:codes',
        'body:pin',
      ].sort(),
    );
    expect(response.json.fields.find((f: { field: string }) => f.field === 'pin').message).toBe('unknown field');
    // Nothing was stored.
    expect((await api.call(api.callers.acmeAdmin, 'GET', '/conferences')).json.conferences).toEqual([]);
  });

  it('rejects a body that is not an object, and a body sent where none is taken', async () => {
    const array = await api.call(api.callers.acmeAdmin, 'POST', '/users', [1, 2, 3]);
    expect(array.status).toBe(400);
    expect(array.json.fields).toEqual([{ location: 'body', field: '', message: expect.any(String) }]);
    const { id } = await api.createConference(api.callers.acmeAdmin);
    const stray = await api.call(api.callers.acmeAdmin, 'POST', `/conferences/${id}/codes/leader/reset`, { code: '12345678' });
    expect(stray.status).toBe(400);
    expect(stray.json.fields).toEqual([{ location: 'body', field: '', message: 'this request takes no body' }]);
  });

  it('names wrong path and query parameters', async () => {
    const role = await api.call(api.callers.acmeAdmin, 'POST', '/conferences/conf-1/codes/boss/reset');
    expect(role.status).toBe(400);
    expect(role.json.fields).toEqual([{ location: 'path', field: 'role', message: expect.any(String) }]);
    const id = await api.call(api.callers.acmeAdmin, 'GET', `/conferences/${encodeURIComponent("1' OR '1'='1")}`);
    expect(id.status).toBe(400);
    expect(id.json.fields).toEqual([{ location: 'path', field: 'conferenceId', message: 'must be an id' }]);
    const query = await api.call(api.callers.acmeAdmin, 'GET', '/conferences?colour=red&ownerUserId=');
    expect(query.status).toBe(400);
    expect(query.json.fields.map((f: { location: string; field: string }) => `${f.location}:${f.field}`).sort()).toEqual([
      'query:colour',
      'query:ownerUserId',
    ]);
  });

  it('answers malformed JSON with 400 and an oversized body with 413, both as JSON', async () => {
    const malformed = await api.call(api.callers.acmeAdmin, 'POST', '/users', '{"name": "Eve",');
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({ error: 'invalid-request', message: 'the body is not valid JSON', fields: [] });
    expect(JSON.stringify(malformed.json)).not.toMatch(/Unexpected|at JSON|position/);

    const huge = await api.call(api.callers.acmeAdmin, 'POST', '/conferences', { name: 'x'.repeat(10_000) });
    expect(huge.status).toBe(413);
    expect(huge.json).toEqual({ error: 'payload-too-large', message: 'the request body is too large' });
  });

  it('odd Unicode in names is stored as given; over-long names are refused', async () => {
    const name = 'Møte 🎉 Ærlig talt — ש';
    const created = await api.call(api.callers.acmeAdmin, 'POST', '/conferences', { name });
    expect(created.status).toBe(201);
    expect(created.json.conference.name).toBe(name);
    const long = await api.call(api.callers.acmeAdmin, 'POST', '/conferences', { name: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.json.fields[0].field).toBe('name');
  });

  it('an unknown route answers 404 as JSON', async () => {
    const response = await api.call(api.callers.acmeAdmin, 'GET', '/nothing-here');
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ error: 'not-found', message: 'no such route' });
  });
});

describe('internal errors', () => {
  it('never leak a stack, SQL or a message: the caller gets a bare 500', async () => {
    const failing: LiveControl = {
      list: () => {
        throw new Error('SQLITE_CORRUPT: SELECT code_hash FROM conference_codes WHERE 12345678');
      },
      get: () => null,
      command: () => 'done',
      onChange: () => () => undefined,
    };
    const broken = await AdminApiHarness.start({ liveControl: failing });
    try {
      const response = await broken.call(broken.callers.operator, 'GET', '/live');
      expect(response.status).toBe(500);
      expect(response.json).toEqual({ error: 'internal', message: 'internal error' });
    } finally {
      await broken.stop();
    }
  });
});

describe('health and documentation', () => {
  it('/healthz answers while the process runs; /readyz follows readiness', async () => {
    expect((await api.call(null, 'GET', '//healthz')).json).toEqual({ status: 'ok' });
    const ready = await api.call(null, 'GET', '//readyz');
    expect([ready.status, ready.json]).toEqual([200, { status: 'ready' }]);
    api.setReady(false);
    const notReady = await api.call(null, 'GET', '//readyz');
    expect([notReady.status, notReady.json]).toEqual([503, { status: 'not-ready' }]);
    api.setReady(true);
  });

  it('serves an OpenAPI document generated from the validation schemas', async () => {
    const response = await api.call(null, 'GET', '/openapi.json');
    expect(response.status).toBe(200);
    const document = response.json;
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/me',
        '/api/v1/organisations',
        '/api/v1/organisations/{organisationId}/statistics',
        '/api/v1/users/{userId}/tokens',
        '/api/v1/tokens/{tokenId}',
        '/api/v1/conferences',
        '/api/v1/conferences/{conferenceId}',
        '/api/v1/conferences/{conferenceId}/codes/{role}/reset',
        '/api/v1/live',
        '/api/v1/conferences/{conferenceId}/live/participants/{legId}/mute',
        '/api/v1/conferences/{conferenceId}/live/end',
        '/api/v1/session',
        '/api/v1/password',
        '/api/v1/users/{userId}/password-reset',
      ]),
    );
    // Signing in and setting a password take no credentials; everything else takes a token or the session cookie.
    expect(Object.keys(document.paths['/api/v1/session'])).toEqual(['post', 'get', 'delete']);
    expect(document.paths['/api/v1/session'].post.security).toEqual([]);
    expect(document.paths['/api/v1/password'].post.security).toEqual([]);
    expect(document.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(document.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'kvorum_session' });
    expect(document.paths['/api/v1/users/{userId}/password-reset'].post['x-roles']).toEqual(['operator', 'reseller', 'org-admin']);
    const create = document.paths['/api/v1/conferences'].post;
    expect(create['x-roles']).toEqual(['operator', 'reseller', 'org-admin', 'user']);
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['name']);
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.roomType.enum).toEqual([...ROOM_TYPES]);
    expect(body.properties.codes.default).toBe('pair');
    const reset = document.paths['/api/v1/conferences/{conferenceId}/codes/{role}/reset'].post;
    expect(reset.parameters).toEqual([
      expect.objectContaining({ name: 'conferenceId', in: 'path', required: true }),
      expect.objectContaining({
        name: 'role',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ enum: ['leader', 'participant', 'single'] }),
      }),
    ]);
    const statistics = document.paths['/api/v1/organisations/{organisationId}/statistics'].get;
    expect(statistics.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name)).toEqual([
      'from',
      'to',
    ]);
    expect(statistics.responses['200'].content['application/json'].schema.properties.totals).toBeDefined();
  });
});
