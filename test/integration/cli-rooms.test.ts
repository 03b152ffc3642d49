import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomPricesCommand } from '../../src/cli/billing-command';
import { conferencesCommand } from '../../src/cli/conferences-command';
import { reportCommand } from '../../src/cli/report-command';
import { EXIT_OK, EXIT_USAGE } from '../../src/cli/run-cli';
import { runCliCaptured } from '../support/run-cli-captured';
import { csvObjects } from './billing-fixtures';

/** NHN's rooms on the command line: room prices, a room's binding and its override, the room fees on the report. */
describe('npm run kvorum -- room-prices | conferences update/delete/subscription', () => {
  let directory: string;
  let env: Record<string, string>;
  let now = Date.parse('2025-03-10T09:00:00+01:00');
  const groups = { 'room-prices': roomPricesCommand, conferences: conferencesCommand, report: reportCommand };
  const kvorum = (...args: string[]) => runCliCaptured(args, groups, env, () => now);
  const at = (instant: string) => (now = Date.parse(instant));

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'kvorum-cli-rooms-'));
    env = {
      KVORUM_DB_PATH: join(directory, 'kvorum.db'),
      KVORUM_CODE_SECRET: 'cli-rooms-secret-0123456789',
      KVORUM_TIME_ZONE: 'Europe/Oslo',
    };
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  async function createRoom(name: string, roomType: string): Promise<string> {
    const created = await kvorum('conferences', 'create', '--name', name, '--room-type', roomType);
    expect(created).toMatchObject({ exitCode: EXIT_OK, stderr: '' });
    return JSON.parse(created.stdout).conference.id as string;
  }

  it('lists the room prices and adds one from a day on, refusing the past and the per-minute room', async () => {
    const listed = await kvorum('room-prices', 'list');
    expect(listed.exitCode).toBe(EXIT_OK);
    expect(JSON.parse(listed.stdout).find((price: { roomType: string }) => price.roomType === 'sensitive')).toMatchObject({
      priceOrePerMonth: 5000,
      currency: 'NOK',
    });

    const added = await kvorum('room-prices', 'add', '--room-type', 'small-auditorium', '--price-ore', '40000', '--from', '2025-04-01');
    expect(added.exitCode).toBe(EXIT_OK);
    expect(JSON.parse(added.stdout)).toMatchObject({
      roomType: 'small-auditorium',
      effectiveFrom: '2025-04-01T00:00:00+02:00',
      priceOrePerMonth: 40000,
    });

    const past = await kvorum('room-prices', 'add', '--room-type', 'personal', '--price-ore', '8000', '--from', '2025-03-09');
    expect(past).toEqual({ exitCode: EXIT_USAGE, stdout: '', stderr: 'kvorum room-prices: a room price cannot take effect in the past\n' });
    const perMinute = await kvorum('room-prices', 'add', '--room-type', 'unlimited', '--price-ore', '0', '--from', '2025-04-01');
    expect(perMinute.exitCode).toBe(EXIT_USAGE);
    expect(perMinute.stderr).toContain('--room-type must be one of sensitive, personal, small-administrative');
  });

  it('upgrades a room at once, refuses a downgrade inside the binding with the day it is allowed from, and overrides it with a logged reason', async () => {
    at('2025-03-10T09:00:00+01:00');
    const id = await createRoom('Ward 3', 'personal');
    at('2025-03-20T11:00:00+01:00');
    const upgraded = await kvorum('conferences', 'update', '--id', id, '--room-type', 'small-auditorium');
    expect(upgraded.exitCode).toBe(EXIT_OK);
    expect(JSON.parse(upgraded.stdout)).toMatchObject({ id, roomType: 'small-auditorium' });

    const refused = await kvorum('conferences', 'update', '--id', id, '--room-type', 'personal');
    expect(refused).toEqual({
      exitCode: EXIT_USAGE,
      stdout: '',
      stderr:
        'kvorum conferences: the room is bound for 12 months from 2025-03-10: a downgrade from small-auditorium to personal is allowed from 2026-03-10\n',
    });
    const deleteRefused = await kvorum('conferences', 'delete', '--id', id);
    expect(deleteRefused.exitCode).toBe(EXIT_USAGE);
    expect(deleteRefused.stderr).toBe(
      'kvorum conferences: the room is bound for 12 months from 2025-03-10: it can be deleted from 2026-03-10\n',
    );
    expect((await kvorum('conferences', 'update', '--id', id, '--room-type', 'personal', '--override-binding', ' ')).stderr).toBe(
      'kvorum conferences: --override-binding is required\n',
    );

    const reason = 'wrong type ordered, case 2025-40';
    const overridden = await kvorum('conferences', 'update', '--id', id, '--room-type', 'personal', '--override-binding', reason);
    expect(overridden.exitCode).toBe(EXIT_OK);
    expect(JSON.parse(overridden.stdout).roomType).toBe('personal');
    const logged = overridden.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(logged).toEqual([
      expect.objectContaining({ msg: 'room binding overridden', conferenceId: id, change: 'downgrade', by: 'command-line', reason }),
    ]);

    const subscription = await kvorum('conferences', 'subscription', '--id', id);
    expect(JSON.parse(subscription.stdout)).toMatchObject({
      bindingMonths: 12,
      bindingEndsOn: '2026-03-10',
      types: [
        { roomType: 'personal', by: 'command-line', bindingOverride: null },
        { roomType: 'small-auditorium', by: 'command-line', bindingOverride: null },
        { roomType: 'personal', by: 'command-line', bindingOverride: reason },
      ],
    });

    at('2025-03-21T08:00:00+01:00');
    const deleted = await kvorum('conferences', 'delete', '--id', id, '--override-binding', 'customer left');
    expect(deleted.exitCode).toBe(EXIT_OK);
    expect(deleted.stderr).toContain('"change":"deletion"');
    expect((await kvorum('conferences', 'subscription', '--id', id)).stderr).toBe('kvorum conferences: no such conference\n');
  });

  it("turns a room's lobby and recorded names on and off, refusing a value that is not true or false", async () => {
    const id = await createRoom('Surgery', 'personal');
    const on = await kvorum('conferences', 'update', '--id', id, '--admission-required', 'true', '--names-recorded', 'true');
    expect(on.exitCode).toBe(EXIT_OK);
    expect(JSON.parse(on.stdout)).toMatchObject({ id, admissionRequired: true, namesRecorded: true });
    const off = await kvorum('conferences', 'update', '--id', id, '--names-recorded', 'false');
    expect(JSON.parse(off.stdout)).toMatchObject({ admissionRequired: true, namesRecorded: false });
    expect(await kvorum('conferences', 'update', '--id', id, '--admission-required', 'yes')).toEqual({
      exitCode: EXIT_USAGE,
      stdout: '',
      stderr: 'kvorum conferences: --admission-required must be true or false\n',
    });
  });

  it("puts the month's room fees, with the upgrade day, on the charge report", async () => {
    at('2025-02-03T09:00:00+01:00');
    const id = await createRoom('Clinic', 'small-administrative');
    at('2025-02-17T13:00:00+01:00');
    expect((await kvorum('conferences', 'update', '--id', id, '--room-type', 'large-auditorium')).exitCode).toBe(EXIT_OK);
    at('2025-03-01T08:00:00+01:00');
    const report = await kvorum('report', 'charges', '--from', '2025-02-01', '--to', '2025-02-28');
    expect(report.exitCode).toBe(EXIT_OK);
    const rooms = csvObjects(report.stdout.replace(/\n$/, '')).filter((row) => row.record === 'room' && row.conference === 'Clinic');
    // 14 days of 28 at 100 NOK, then 12 days of 28 at 500 NOK.
    expect(rooms.map((row) => [row.start, row.end, row.amount_nok])).toEqual([
      ['2025-02-03', '2025-02-16', '50.00'],
      ['2025-02-17', '2025-02-28', '214.29'],
    ]);
  });
});
