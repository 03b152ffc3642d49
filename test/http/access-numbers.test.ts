import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminApiHarness } from './admin-api-harness';

let api: AdminApiHarness;
beforeAll(async () => {
  api = await AdminApiHarness.start();
});
afterAll(() => api.stop());

describe('the directory of access numbers', () => {
  it('comes with the access number of the shipped dialplan, which speaks bokmål before the code; everyone signed in reads it', async () => {
    for (const caller of [api.callers.operator, api.callers.acmeUser, api.callers.acmeFinance]) {
      const read = await api.call(caller, 'GET', '/access-numbers/22222222');
      expect(read.status).toBe(200);
      expect(read.json).toMatchObject({ number: '22222222', internationalNumber: '+4722222222', label: 'Oslo', defaultLanguage: 'nb' });
    }
    const listed = await api.call(api.callers.acmeAdmin, 'GET', '/access-numbers');
    expect(listed.json.accessNumbers.map((entry: { number: string }) => entry.number)).toContain('22222222');
  });

  it('an operator adds a number, changes its language and label, and removes it; the bridge reads what was stored', async () => {
    const { operator } = api.callers;
    // The bridge reads the directory the admin API changes.
    const bridgeSide = api.accessNumbers;
    const created = await api.call(operator, 'POST', '/access-numbers', {
      number: '80012345',
      internationalNumber: '+4780012345',
      label: ' Norway toll-free ',
      defaultLanguage: 'nb',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      number: '80012345',
      internationalNumber: '+4780012345',
      label: 'Norway toll-free',
      defaultLanguage: 'nb',
    });
    expect(bridgeSide.languageOf('80012345')).toBe('nb');

    const changed = await api.call(operator, 'PATCH', '/access-numbers/80012345', { defaultLanguage: 'en' });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ label: 'Norway toll-free', defaultLanguage: 'en' });
    expect(bridgeSide.languageOf('80012345')).toBe('en');

    expect((await api.call(operator, 'DELETE', '/access-numbers/80012345')).status).toBe(204);
    expect((await api.call(operator, 'GET', '/access-numbers/80012345')).status).toBe(404);
    expect(bridgeSide.languageOf('80012345')).toBeNull();
  });

  it('accepts only the languages Kvorum speaks, and says which field is wrong', async () => {
    const { operator } = api.callers;
    const entry = { number: '80099999', internationalNumber: '+4780099999', label: 'Berlin' };
    const german = await api.call(operator, 'POST', '/access-numbers', { ...entry, defaultLanguage: 'de' });
    expect(german.status).toBe(400);
    expect(german.json.fields).toEqual([
      { location: 'body', field: 'defaultLanguage', message: 'must be a language Kvorum speaks: en or nb' },
    ]);
    const badNumber = await api.call(operator, 'POST', '/access-numbers', { ...entry, number: '22-22', defaultLanguage: 'nb' });
    expect(badNumber.json.fields).toEqual([{ location: 'body', field: 'number', message: expect.stringContaining('digits') }]);
    const national = await api.call(operator, 'POST', '/access-numbers', {
      ...entry,
      internationalNumber: '80099999',
      defaultLanguage: 'nb',
    });
    expect(national.json.fields).toEqual([{ location: 'body', field: 'internationalNumber', message: expect.stringContaining('+') }]);
    const emptyLabel = await api.call(operator, 'PATCH', '/access-numbers/22222222', { label: '  ' });
    expect(emptyLabel.json.fields).toEqual([{ location: 'body', field: 'label', message: expect.any(String) }]);
    expect((await api.call(operator, 'GET', '/access-numbers/80099999')).status).toBe(404);
  });

  it('refuses a number that is in the directory already, and one that is not there to change', async () => {
    const { operator } = api.callers;
    const again = await api.call(operator, 'POST', '/access-numbers', {
      number: '22222222',
      internationalNumber: '+4722222222',
      label: 'Oslo again',
      defaultLanguage: 'en',
    });
    expect(again.status).toBe(409);
    expect((await api.call(operator, 'GET', '/access-numbers/22222222')).json).toMatchObject({ label: 'Oslo', defaultLanguage: 'nb' });
    expect((await api.call(operator, 'PATCH', '/access-numbers/80000000', { label: 'x' })).status).toBe(404);
    expect((await api.call(operator, 'DELETE', '/access-numbers/80000000')).status).toBe(404);
  });
});

describe('the language of a conference', () => {
  it('is English or bokmål; anything else is refused with the field named', async () => {
    const refused = await api.call(api.callers.acmeAdmin, 'POST', '/conferences', { name: 'Auf Deutsch', language: 'de' });
    expect(refused.status).toBe(400);
    expect(refused.json.fields).toEqual([{ location: 'body', field: 'language', message: 'must be a language Kvorum speaks: en or nb' }]);
    const { id } = await api.createConference(api.callers.acmeAdmin, { language: 'nb' });
    const tagged = await api.call(api.callers.acmeAdmin, 'PATCH', `/conferences/${id}`, { language: 'nb_NO' });
    expect(tagged.status).toBe(400);
    expect((await api.call(api.callers.acmeAdmin, 'GET', `/conferences/${id}`)).json.language).toBe('nb');
  });

  it('stored before Kvorum spoke bokmål as any tag, reads as the language Kvorum speaks for it (English for the others)', async () => {
    const old = await api.createConference(api.callers.acmeAdmin);
    const other = await api.createConference(api.callers.acmeAdmin);
    api.db.prepare('UPDATE conferences SET language = ? WHERE id = ?').run('nb_NO', old.id);
    api.db.prepare('UPDATE conferences SET language = ? WHERE id = ?').run('de', other.id);
    expect((await api.call(api.callers.acmeAdmin, 'GET', `/conferences/${old.id}`)).json.language).toBe('nb');
    expect((await api.call(api.callers.acmeAdmin, 'GET', `/conferences/${other.id}`)).json.language).toBe('en');
    expect((await api.directory.findByCode(old.codes[0]!.code, Date.now()))?.conference.language).toBe('nb');
  });
});
