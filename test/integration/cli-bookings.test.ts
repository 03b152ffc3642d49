import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookingsCommand } from '../../src/cli/bookings-command';
import { conferencesCommand } from '../../src/cli/conferences-command';
import { licencesCommand } from '../../src/cli/licences-command';
import { tokensCommand } from '../../src/cli/tokens-command';
import { openDatabase } from '../../src/adapters/db/database';
import { runCliCaptured } from '../support/run-cli-captured';

const GROUPS = { bookings: bookingsCommand, conferences: conferencesCommand, licences: licencesCommand, tokens: tokensCommand };
const NOW = Date.parse('2026-05-04T08:00:00+02:00');

let workDir: string;
let env: Record<string, string>;
beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kvorum-cli-bookings-'));
  env = { KVORUM_DB_PATH: join(workDir, 'kvorum.db'), KVORUM_CODE_SECRET: 'cli-bookings-secret-0123456789', KVORUM_LOG_LEVEL: 'silent' };
});
afterEach(() => rmSync(workDir, { recursive: true, force: true }));

const kvorum = (...args: string[]) => runCliCaptured(args, GROUPS, env, () => NOW);

describe('bookings and licences on the command line', () => {
  it('books a weekly meeting, lists it as upcoming, gives its host a licence and cancels it', async () => {
    const room = JSON.parse((await kvorum('conferences', 'create', '--name', 'Styrerom')).stdout);
    const db = openDatabase(env.KVORUM_DB_PATH as string);
    const hostId = 'user-host';
    db.prepare("INSERT INTO users (id, organisation_id, name, email, created_at) VALUES (?, ?, 'Hanne', 'hanne@example.com', 0)").run(
      hostId,
      room.conference.organisationId,
    );
    db.close();

    const created = await kvorum(
      'bookings',
      'create',
      '--conference',
      room.conference.id,
      '--title',
      'Ukemøte',
      '--start',
      '2026-05-05T09:00',
      '--end',
      '2026-05-05T09:30',
      '--host',
      hostId,
      '--invitee',
      'per@example.com,Per,nb',
      '--repeat',
      'weekly',
      '--count',
      '3',
    );
    expect(created.exitCode).toBe(0);
    const booking = JSON.parse(created.stdout);
    expect(booking).toMatchObject({ title: 'Ukemøte', emailsQueued: 2 });
    expect(booking.codes.leader).toMatch(/^\d{8}$/);

    const upcoming = JSON.parse((await kvorum('bookings', 'upcoming', '--user', hostId)).stdout);
    expect(upcoming.map((meeting: { start: string }) => meeting.start)).toEqual([
      '2026-05-05T07:00:00.000Z',
      '2026-05-12T07:00:00.000Z',
      '2026-05-19T07:00:00.000Z',
    ]);

    const licence = await kvorum('licences', 'assign', '--user', hostId, '--plan', 'enterprise');
    expect(JSON.parse(licence.stdout)).toMatchObject({ planId: 'enterprise', startsOn: '2026-05-04', endsOn: null });
    const unknownPlan = await kvorum('licences', 'assign', '--user', hostId, '--plan', 'gold');
    expect(unknownPlan).toMatchObject({ exitCode: 2, stderr: 'kvorum licences: --plan: unknown licence plan\n' });

    expect((await kvorum('bookings', 'cancel', '--id', booking.id)).exitCode).toBe(0);
    expect(JSON.parse((await kvorum('bookings', 'upcoming')).stdout)).toEqual([]);
    const bad = await kvorum(
      'bookings',
      'create',
      '--conference',
      room.conference.id,
      '--title',
      'x',
      '--start',
      'tomorrow',
      '--end',
      'x',
      '--host',
      hostId,
    );
    expect(bad).toMatchObject({ exitCode: 2, stderr: 'kvorum bookings: --start must be YYYY-MM-DDTHH:MM\n' });
  });
});
