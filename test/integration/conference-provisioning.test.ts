import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCodeHasher } from '../../src/adapters/db/code-hash';
import { SqlConferenceDirectory } from '../../src/adapters/db/sql-conference-directory';
import type { ConferenceProvisioning } from '../../src/app/admin/conference-provisioning';
import type { NewConference } from '../../src/domain/provisioning/conference-rules';
import { isRefusal, type ProvisioningRefusalCode } from '../../src/domain/provisioning/provisioning-refusal';
import { provisioned, SET_UP, provisioningOn, sqliteSql } from '../support/store-provisioning';
import { type Database, openDatabase } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';

const SECRET = 'a-test-secret-of-some-length';
const T0 = Date.UTC(2026, 0, 5, 9, 0);

let db: Database;
let conferences: ConferenceProvisioning;
let directory: SqlConferenceDirectory;
let acme: string;
let globex: string;

beforeEach(async () => {
  db = openDatabase(':memory:');
  migrate(db);
  const hashCode = createCodeHasher(SECRET);
  conferences = provisioningOn(db, SECRET);
  directory = new SqlConferenceDirectory(sqliteSql(db), hashCode);
  const organisations = new OrganisationsRepository(sqliteSql(db));
  acme = (await organisations.create({ name: 'Acme', billingReference: '912345678' }, T0)).id;
  globex = (await organisations.create({ name: 'Globex', billingReference: '+4722000000' }, T0)).id;
});

afterEach(() => db.close());

function pair(leader?: string, participant?: string): NewConference {
  return { organisationId: acme, name: 'Weekly', codes: { kind: 'pair', leader, participant } };
}

/** The provisioning rules answer a refusal as a value. */
async function refusal(run: () => Promise<unknown>): Promise<{ code: ProvisioningRefusalCode; field?: string; message: string }> {
  const outcome = await run();
  if (isRefusal(outcome)) return { code: outcome.code, field: outcome.field, message: outcome.message };
  throw new Error('expected a refusal');
}

function addUser(id: string, organisationId: string): void {
  db.prepare('INSERT INTO users (id, organisation_id, name, created_at) VALUES (?, ?, ?, ?)').run(id, organisationId, id, T0);
}

describe('creating a conference', () => {
  it('issues two different 8-digit codes when none are given, with sensible defaults', async () => {
    const { conference, codes } = provisioned(await conferences.create(pair(), T0, SET_UP.by));
    if (codes.kind !== 'pair') throw new Error('expected a pair');
    expect(codes.leader).toMatch(/^\d{8}$/);
    expect(codes.participant).toMatch(/^\d{8}$/);
    expect(codes.leader).not.toBe(codes.participant);
    expect(conference).toEqual({
      id: expect.stringMatching(/^conf-/),
      organisationId: acme,
      ownerUserId: null,
      name: 'Weekly',
      roomType: 'unlimited',
      language: 'en',
      timeZone: 'Europe/Oslo',
      joinLeaveTones: true,
      endOnLeaderHangup: true,
      admissionRequired: false,
      namesRecorded: false,
      maxDurationMinutes: null,
      validFrom: null,
      validUntil: null,
      codeKind: 'pair',
      createdAt: T0,
      updatedAt: T0,
    });
  });

  it('gives a single-code conference one code, and no automatic end when its leader hangs up', async () => {
    const { conference, codes } = provisioned(
      await conferences.create({ organisationId: acme, name: 'One-off', codes: { kind: 'single' } }, T0, SET_UP.by),
    );
    expect(codes).toEqual({ kind: 'single', single: expect.stringMatching(/^\d{8}$/) });
    expect(conference).toMatchObject({ codeKind: 'single', endOnLeaderHangup: false });
  });

  it('keeps the settings asked for', async () => {
    addUser('user-ola', acme);
    const asked = {
      ownerUserId: 'user-ola',
      roomType: 'large-auditorium',
      language: 'nb',
      joinLeaveTones: false,
      endOnLeaderHangup: false,
      maxDurationMinutes: 90,
      validFrom: T0,
      validUntil: T0 + 3_600_000,
    } as const;
    const { conference } = provisioned(await conferences.create({ ...pair('12345678', '87654321'), ...asked }, T0, SET_UP.by));
    expect(await conferences.get(conference.id)).toMatchObject(asked);
  });

  it('stores only keyed hashes of the codes, and never shows digits or hashes in the record', async () => {
    const { conference } = provisioned(await conferences.create(pair('24681357', '13572468'), T0, SET_UP.by));
    const stored = db.prepare('SELECT * FROM conference_codes').all();
    expect(JSON.stringify(stored)).not.toContain('24681357');
    expect(stored).toHaveLength(2);
    const hashes = db.prepare<[], { code_hash: string }>('SELECT code_hash FROM conference_codes').all();
    expect(hashes.map((row) => row.code_hash).sort()).toEqual(
      [createCodeHasher(SECRET)('24681357'), createCodeHasher(SECRET)('13572468')].sort(),
    );
    const shown = JSON.stringify([conference, await conferences.get(conference.id), await conferences.list()]);
    for (const secret of ['24681357', '13572468', ...hashes.map((row) => row.code_hash)]) {
      expect(shown).not.toContain(secret);
    }
  });

  it.each([
    ['letters', '12ab5678'],
    ['too short', '12345'],
    ['too long', '1234567890123'],
  ])('refuses a given code with %s, without repeating it', async (_, digits) => {
    const refused = await refusal(async () => await conferences.create(pair(digits), T0, SET_UP.by));
    expect(refused).toMatchObject({ code: 'invalid-code', field: 'codes.leader' });
    expect(refused.message).not.toContain(digits);
    expect(await conferences.list()).toEqual([]);
  });

  it('refuses the same code for leader and participant', async () => {
    expect((await refusal(async () => await conferences.create(pair('55556666', '55556666'), T0, SET_UP.by))).code).toBe('same-codes');
  });

  it('refuses a code already used by another conference without saying which, and creates nothing', async () => {
    const first = provisioned(await conferences.create({ ...pair('11112222', '33334444'), name: 'Board meeting' }, T0, SET_UP.by));
    const refused = await refusal(async () => await conferences.create(pair('99990000', '33334444'), T0, SET_UP.by));
    expect(refused).toMatchObject({ code: 'code-in-use', field: 'codes.participant' });
    expect(refused.message).not.toMatch(/Board meeting|33334444/);
    expect(refused.message).not.toContain(first.conference.id);
    expect((await conferences.list()).map((c) => c.id)).toEqual([first.conference.id]);
    expect(await directory.findByCode('99990000', T0)).toBeNull();
  });

  it('refuses an unknown organisation, an owner from another organisation and an empty validity window', async () => {
    addUser('user-globex', globex);
    expect((await refusal(async () => await conferences.create({ ...pair(), organisationId: 'org-nope' }, T0, SET_UP.by))).code).toBe(
      'unknown-organisation',
    );
    expect((await refusal(async () => await conferences.create({ ...pair(), ownerUserId: 'user-globex' }, T0, SET_UP.by))).code).toBe(
      'unknown-owner',
    );
    expect((await refusal(async () => await conferences.create({ ...pair(), validFrom: T0, validUntil: T0 }, T0, SET_UP.by))).code).toBe(
      'invalid-validity-window',
    );
    expect((await refusal(async () => await conferences.create({ ...pair(), maxDurationMinutes: 0 }, T0, SET_UP.by))).code).toBe(
      'invalid-max-duration',
    );
    expect(await conferences.list()).toEqual([]);
  });
});

describe('listing and reading conferences', () => {
  it('filters by organisation, by a set of organisations and by owner, and hides deleted ones', async () => {
    addUser('user-kari', acme);
    const weekly = provisioned(await conferences.create(pair(), T0, SET_UP.by)).conference;
    const karis = provisioned(
      await conferences.create({ ...pair(), name: "Kari's", ownerUserId: 'user-kari' }, T0 + 1, SET_UP.by),
    ).conference;
    const other = provisioned(
      await conferences.create({ ...pair(), organisationId: globex, name: 'Globex' }, T0 + 2, SET_UP.by),
    ).conference;
    const gone = provisioned(await conferences.create({ ...pair(), name: 'Gone' }, T0 + 3, SET_UP.by)).conference;
    await conferences.delete(gone.id, T0 + 4, SET_UP);

    const names = (list: { name: string }[]) => list.map((c) => c.name);
    expect(names(await conferences.list())).toEqual(['Weekly', "Kari's", 'Globex']);
    expect(names(await conferences.list({ organisationId: acme }))).toEqual(['Weekly', "Kari's"]);
    expect(names(await conferences.list({ organisationIds: new Set([globex]) }))).toEqual(['Globex']);
    expect(names(await conferences.list({ organisationIds: new Set() }))).toEqual([]);
    expect(names(await conferences.list({ ownerUserId: 'user-kari' }))).toEqual(["Kari's"]);
    expect((await conferences.get(weekly.id))?.name).toBe('Weekly');
    expect((await conferences.get(karis.id))?.ownerUserId).toBe('user-kari');
    expect((await conferences.get(other.id))?.organisationId).toBe(globex);
    expect(await conferences.get(gone.id)).toBeNull();
    expect(await conferences.get('conf-unknown')).toBeNull();
  });
});

describe('updating a conference', () => {
  it('changes only what the patch names, can clear a setting with null, and stamps the change', async () => {
    const { conference } = provisioned(await conferences.create({ ...pair(), maxDurationMinutes: 60 }, T0, SET_UP.by));
    const updated = provisioned(
      await conferences.update(conference.id, { name: 'Monthly', roomType: 'personal', maxDurationMinutes: null }, T0 + 1000, SET_UP),
    );
    expect(updated).toEqual({ ...conference, name: 'Monthly', roomType: 'personal', maxDurationMinutes: null, updatedAt: T0 + 1000 });
    expect(await conferences.get(conference.id)).toEqual(updated);
  });

  it('refuses a validity window that ends before it starts, keeping the old settings', async () => {
    const { conference } = provisioned(await conferences.create({ ...pair(), validFrom: T0 }, T0, SET_UP.by));
    expect((await refusal(async () => await conferences.update(conference.id, { validUntil: T0 - 1 }, T0, SET_UP))).code).toBe(
      'invalid-validity-window',
    );
    expect(await conferences.get(conference.id)).toEqual(conference);
  });

  it('answers null for an unknown or deleted conference', async () => {
    const { conference } = provisioned(await conferences.create(pair(), T0, SET_UP.by));
    await conferences.delete(conference.id, T0, SET_UP);
    expect(await conferences.update(conference.id, { name: 'x' }, T0, SET_UP)).toBeNull();
    expect(await conferences.update('conf-unknown', { name: 'x' }, T0, SET_UP)).toBeNull();
  });
});

describe('deleting a conference', () => {
  it('makes its codes unknown to callers and free to issue again', async () => {
    const { conference } = provisioned(await conferences.create(pair('10203040', '50607080'), T0, SET_UP.by));
    expect(await conferences.delete(conference.id, T0 + 1, SET_UP)).toBe(true);
    expect(await directory.findByCode('10203040', T0 + 2)).toBeNull();
    expect(await directory.findByCode('50607080', T0 + 2)).toBeNull();
    const again = provisioned(await conferences.create(pair('10203040', '50607080'), T0 + 3, SET_UP.by));
    expect((await directory.findByCode('10203040', T0 + 4))?.conference.conferenceId).toBe(again.conference.id);
  });

  it('keeps the row for its meetings, and deleting twice does nothing', async () => {
    const { conference } = provisioned(await conferences.create(pair(), T0, SET_UP.by));
    await conferences.delete(conference.id, T0 + 1, SET_UP);
    expect(await conferences.delete(conference.id, T0 + 2, SET_UP)).toBe(false);
    expect(db.prepare('SELECT deleted_at FROM conferences WHERE id = ?').get(conference.id)).toEqual({
      deleted_at: T0 + 1,
    });
  });
});

describe('resetting a code', () => {
  it('replaces the code for the next caller and leaves the other code working', async () => {
    const { conference } = provisioned(await conferences.create(pair('11223344', '55667788'), T0, SET_UP.by));
    const fresh = provisioned(await conferences.resetCode(conference.id, 'participant', T0 + 1));
    expect(fresh).toMatch(/^\d{8}$/);
    expect(await directory.findByCode('55667788', T0 + 2)).toBeNull();
    expect(await directory.findByCode(fresh, T0 + 2)).toMatchObject({ role: 'participant' });
    expect(await directory.findByCode('11223344', T0 + 2)).toMatchObject({ role: 'leader' });
    expect((await conferences.get(conference.id))?.updatedAt).toBe(T0 + 1);
  });

  it('takes given digits, checked like new codes', async () => {
    const { conference } = provisioned(await conferences.create(pair('11223344', '55667788'), T0, SET_UP.by));
    expect(await conferences.resetCode(conference.id, 'leader', T0, '99887766')).toBe('99887766');
    expect(await directory.findByCode('99887766', T0)).toMatchObject({ role: 'leader' });
    expect((await refusal(async () => await conferences.resetCode(conference.id, 'leader', T0, '55667788'))).code).toBe('code-in-use');
    expect((await refusal(async () => await conferences.resetCode(conference.id, 'leader', T0, '123'))).code).toBe('invalid-code');
    expect(await directory.findByCode('99887766', T0)).toMatchObject({ role: 'leader' });
  });

  it('refuses a role the conference does not have, and answers null for an unknown conference', async () => {
    const { conference } = provisioned(
      await conferences.create({ organisationId: acme, name: 'x', codes: { kind: 'single' } }, T0, SET_UP.by),
    );
    expect((await refusal(async () => await conferences.resetCode(conference.id, 'leader', T0))).code).toBe('wrong-code-role');
    expect(await conferences.resetCode('conf-unknown', 'leader', T0)).toBeNull();
  });
});
