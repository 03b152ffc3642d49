import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCodeHasher } from '../../src/adapters/db/code-hash';
import { SqlConferenceDirectory } from '../../src/adapters/db/sql-conference-directory';
import { conferencesOn, sqliteSql } from '../support/store-provisioning';
import { type Database, openDatabase } from '../../src/adapters/db/database';
import { migrate } from '../../src/adapters/db/migrations';
import { OrganisationsRepository } from '../../src/adapters/db/organisations-repository';

const SECRET = 'a-test-secret-of-some-length';
const T0 = Date.UTC(2026, 2, 2, 8, 0);
const HOUR = 3_600_000;

let db: Database;
let conferences: ReturnType<typeof conferencesOn>;
let directory: SqlConferenceDirectory;
let organisationId: string;

beforeEach(async () => {
  db = openDatabase(':memory:');
  migrate(db);
  conferences = conferencesOn(db, SECRET);
  directory = new SqlConferenceDirectory(sqliteSql(db), createCodeHasher(SECRET));
  organisationId = (await new OrganisationsRepository(sqliteSql(db)).create({ name: 'Acme', billingReference: '-' }, T0)).id;
});

afterEach(() => db.close());

describe('a caller typing a code', () => {
  it('is recognised as leader or participant of the conference, with the settings the bridge needs', async () => {
    const { conference } = await conferences.create(
      {
        organisationId,
        name: 'Sales',
        roomType: 'large-administrative',
        language: 'nb',
        joinLeaveTones: false,
        admissionRequired: true,
        namesRecorded: true,
        maxDurationMinutes: 45,
        codes: { kind: 'pair', leader: '11110000', participant: '22220000' },
      },
      T0,
    );
    const settings = {
      conferenceId: conference.id,
      organisationId,
      name: 'Sales',
      language: 'nb',
      joinLeaveTones: false,
      endOnLeaderHangup: true,
      capacity: 50,
      participantsJoinMuted: false,
      admissionRequired: true,
      namesRecorded: true,
      maxDurationMs: 45 * 60_000,
      groupTimeLimitMs: null,
    };
    expect(await directory.findByCode('11110000', T0)).toEqual({ role: 'leader', conference: settings });
    expect(await directory.findByCode('22220000', T0)).toEqual({ role: 'participant', conference: settings });
  });

  it('in an auditorium joins muted; an unlimited room has no capacity and no duration limit by default', async () => {
    await conferences.create(
      { organisationId, name: 'Town hall', roomType: 'large-auditorium', codes: { kind: 'pair', participant: '30303030' } },
      T0,
    );
    await conferences.create({ organisationId, name: 'Open', codes: { kind: 'pair', participant: '40404040' } }, T0);
    expect((await directory.findByCode('30303030', T0))?.conference).toMatchObject({ capacity: 150, participantsJoinMuted: true });
    expect((await directory.findByCode('40404040', T0))?.conference).toMatchObject({ capacity: null, maxDurationMs: null });
  });

  it('of a single-code conference is its single-code caller, without automatic end on leader hangup', async () => {
    await conferences.create({ organisationId, name: 'One-off', codes: { kind: 'single', single: '909090' } }, T0);
    expect(await directory.findByCode('909090', T0)).toMatchObject({
      role: 'single',
      conference: { name: 'One-off', endOnLeaderHangup: false },
    });
  });

  it('that is wrong, or only part of a real code, finds nothing', async () => {
    await conferences.create({ organisationId, name: 'Sales', codes: { kind: 'pair', leader: '11110000' } }, T0);
    expect(await directory.findByCode('11110001', T0)).toBeNull();
    expect(await directory.findByCode('1111000', T0)).toBeNull();
    expect(await directory.findByCode('', T0)).toBeNull();
  });

  it('of a deleted conference finds nothing', async () => {
    const { conference } = await conferences.create({ organisationId, name: 'Old', codes: { kind: 'single', single: '55555555' } }, T0);
    await conferences.delete(conference.id, T0 + 1);
    expect(await directory.findByCode('55555555', T0 + 2)).toBeNull();
  });

  it('counts only inside the validity window: from its start, up to but not at its end', async () => {
    await conferences.create(
      { organisationId, name: 'Webinar', validFrom: T0, validUntil: T0 + 2 * HOUR, codes: { kind: 'single', single: '77777777' } },
      T0 - HOUR,
    );
    expect(await directory.findByCode('77777777', T0 - 1)).toBeNull();
    expect(await directory.findByCode('77777777', T0)).not.toBeNull();
    expect(await directory.findByCode('77777777', T0 + 2 * HOUR - 1)).not.toBeNull();
    expect(await directory.findByCode('77777777', T0 + 2 * HOUR)).toBeNull();
  });

  it('finds nothing when the server secret differs: the stored hashes are keyed', async () => {
    await conferences.create({ organisationId, name: 'Sales', codes: { kind: 'single', single: '12121212' } }, T0);
    const otherServer = new SqlConferenceDirectory(sqliteSql(db), createCodeHasher('another-secret-entirely'));
    expect(await otherServer.findByCode('12121212', T0)).toBeNull();
  });
});

describe('a meeting taken back after a restart', () => {
  it('gets its conference settings by id, and none once the conference is deleted', async () => {
    const { conference } = await conferences.create({ organisationId, name: 'Board', roomType: 'personal', codes: { kind: 'pair' } }, T0);
    expect(await directory.settingsOf(conference.id)).toMatchObject({ conferenceId: conference.id, name: 'Board', capacity: 5 });
    await conferences.delete(conference.id, T0 + 1);
    expect(await directory.settingsOf(conference.id)).toBeNull();
    expect(await directory.settingsOf('conf-unknown')).toBeNull();
  });
});
