import { expect, it } from 'vitest';
import { AccessNumbersRepository } from '../../src/adapters/db/access-numbers-repository';
import { createCodeHasher } from '../../src/adapters/db/code-hash';
import { ConferencesRepository } from '../../src/adapters/db/conferences-repository';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';
import { PasswordsRepository } from '../../src/adapters/db/passwords-repository';
import { SessionsRepository } from '../../src/adapters/db/sessions-repository';
import { TokensRepository } from '../../src/adapters/db/tokens-repository';
import { UsersRepository } from '../../src/adapters/db/users-repository';
import type { SqlDatabase } from '../../src/adapters/db/sql/sql-database';
import { newConferenceRecord } from '../../src/domain/provisioning/conference-rules';
import { describeEachStore } from '../support/stores-under-test';

const T0 = Date.UTC(2026, 0, 5, 9);
const PAGE = { limit: 2, offset: 0 };

async function organisationOf(db: SqlDatabase, name = 'Acme') {
  return new OrganisationsRepository(db).create({ name, billingReference: '912345678', resellerOrganisationId: null }, T0);
}

describeEachStore('the admin stores', (store) => {
  it('pages users by name, ASCII case ignored, searched in the Unicode search form by name and e-mail', async () => {
    const db = await store.open();
    const acme = await organisationOf(db);
    const other = await organisationOf(db, 'Other');
    const users = new UsersRepository(db);
    for (const [name, email] of [
      ['Østfold Hansen', null],
      ['åse Berg', 'ase@example.com'],
      ['Bjørn ÅLESUND', 'bjorn@example.com'],
      ['anne', 'ANNE@EXAMPLE.COM'],
    ] as const) {
      await users.create({ organisationId: acme.id, name, email, role: 'user' }, T0);
    }
    await users.create({ organisationId: other.id, name: 'Åge Other', email: null, role: 'user' }, T0);

    const acmeOnly = new Set([acme.id]);
    const first = await users.page(acmeOnly, { ...PAGE, search: null });
    expect(first.total).toBe(4);
    expect(first.users.map((user) => user.name)).toEqual(['anne', 'Bjørn ÅLESUND']);
    expect((await users.page(acmeOnly, { limit: 10, offset: 4, search: null })).users).toEqual([]);
    expect((await users.page(acmeOnly, { limit: 10, offset: 4, search: null })).total).toBe(4);

    const ale = await users.page(undefined, { limit: 10, offset: 0, search: 'ÅLE' });
    expect(ale.users.map((user) => user.name)).toEqual(['Bjørn ÅLESUND']);
    const byEmail = await users.page(acmeOnly, { limit: 10, offset: 0, search: 'example.com' });
    expect(byEmail.users.map((user) => user.name)).toEqual(['anne', 'Bjørn ÅLESUND', 'åse Berg']);
    expect(byEmail.total).toBe(3);
    const secondPage = await users.page(acmeOnly, { limit: 1, offset: 1, search: 'EXAMPLE' });
    expect([secondPage.users.map((user) => user.name), secondPage.total]).toEqual([['Bjørn ÅLESUND'], 3]);
    expect((await users.page(new Set(), { ...PAGE, search: null })).total).toBe(0);
    expect((await users.page(undefined, { ...PAGE, search: '%' })).total).toBe(0);
  });

  it('keeps a room, its codes and its subscription together, and frees the codes when it is deleted', async () => {
    const db = await store.open();
    const acme = await organisationOf(db);
    const conferences = new ConferencesRepository(db, createCodeHasher('store-test-secret-0123456789'));
    const record = newConferenceRecord({ organisationId: acme.id, name: 'Weekly', codes: { kind: 'pair' } });
    const codes = [
      { role: 'leader', code: '11112222' },
      { role: 'participant', code: '33334444' },
    ] as const;
    const created = await conferences.create(record, codes, T0, { bindingMonths: 12, by: 'test' });
    if ('kind' in created) throw new Error('the codes were free');
    expect(await conferences.create(record, [codes[1]], T0, { bindingMonths: 0, by: 'test' })).toEqual({
      kind: 'code-in-use',
      role: 'participant',
    });
    const updated = await conferences.update(created.id, { ...record, roomType: 'large-auditorium' }, T0, {
      by: 'op',
      bindingOverride: null,
    });
    expect(updated?.roomType).toBe('large-auditorium');
    expect(await conferences.replaceCode(created.id, { role: 'leader', code: '55556666' }, T0 + 1)).toBe('replaced');
    expect((await conferences.page({ organisationIds: new Set([acme.id]) }, { limit: 5, offset: 0, search: 'week' })).total).toBe(1);

    expect(await conferences.delete(created.id, T0 + 2, { by: 'op', bindingOverride: 'moving out' })).toBe(true);
    expect(await conferences.delete(created.id, T0 + 2, { by: 'op', bindingOverride: null })).toBe(false);
    expect(await conferences.get(created.id)).toBeNull();
    const subscription = await conferences.subscription(created.id);
    expect(subscription?.types.map((change) => change.roomType)).toEqual([record.roomType, 'large-auditorium']);
    expect(subscription?.ended).toEqual({ by: 'op', bindingOverride: 'moving out' });
    const again = await conferences.create(record, codes, T0 + 3, { bindingMonths: 0, by: 'test' });
    expect('kind' in again).toBe(false);
  });

  it('signs in with sessions and tokens of active users only, and counts failures in one transaction', async () => {
    const db = await store.open();
    const acme = await organisationOf(db);
    const users = new UsersRepository(db);
    const ada = await users.create({ organisationId: acme.id, name: 'Ada', email: 'Ada@Example.com', role: 'org-admin' }, T0);
    const tokens = new TokensRepository(db);
    const token = await tokens.create({ userId: ada.id, name: 'ci', tokenHash: 'token-hash', issuedBy: { via: 'command-line' } }, T0);
    const sessions = new SessionsRepository(db);
    const times = { createdAt: T0, lastSeenAt: T0, idleExpiresAt: T0 + 1000, expiresAt: T0 + 5000 };
    await sessions.create({ userId: ada.id, sessionHash: 'session-hash', csrfToken: 'csrf', times });
    expect((await tokens.findActive('token-hash'))?.user.name).toBe('Ada');
    expect((await sessions.findActive('session-hash'))?.session.csrfToken).toBe('csrf');

    await users.deactivate(ada.id, T0 + 1);
    expect(await tokens.findActive('token-hash')).toBeNull();
    expect(await sessions.findActive('session-hash')).toBeNull();
    await users.reactivate(ada.id);
    expect((await tokens.findActive('token-hash'))?.token.id).toBe(token.id);
    expect(await sessions.pruneEnded(T0 + 2)).toBe(1);

    const passwords = new PasswordsRepository(db);
    expect((await passwords.findByEmail('ada@example.COM')).map((found) => found.user.id)).toEqual([ada.id]);
    const counted = await Promise.all([1, 2, 3].map((n) => passwords.update('ada', (recent) => [...recent, T0 + n], T0)));
    expect(counted.map((recent) => recent.length).sort()).toEqual([0, 1, 2]);
    expect(await passwords.update('ada', () => null, T0)).toEqual([T0 + 1, T0 + 2, T0 + 3]);
    await passwords.clear('ada');
    expect(await passwords.update('ada', () => null, T0)).toEqual([]);
  });

  it('answers the languages of the access numbers from memory, its own changes at once and others after a reload', async () => {
    const db = await store.open();
    const bridgeSide = new AccessNumbersRepository(db);
    await bridgeSide.reload();
    expect(bridgeSide.languageOf('22222222')).toBe('nb');
    const entry = { number: '80012345', internationalNumber: '+4780012345', label: 'Toll-free', defaultLanguage: 'en' } as const;
    expect((await bridgeSide.create(entry, T0))?.defaultLanguage).toBe('en');
    expect(await bridgeSide.create(entry, T0)).toBeNull();
    expect(bridgeSide.languageOf('80012345')).toBe('en');

    const elsewhere = new AccessNumbersRepository(db);
    await elsewhere.update('80012345', { ...entry, defaultLanguage: 'nb' }, T0 + 1);
    expect(bridgeSide.languageOf('80012345')).toBe('en');
    await bridgeSide.reload();
    expect(bridgeSide.languageOf('80012345')).toBe('nb');
    expect(await bridgeSide.delete('80012345')).toBe(true);
    expect(bridgeSide.languageOf('80012345')).toBeNull();
  });
});
