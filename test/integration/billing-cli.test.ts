import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/command-group';
import { reportCommand } from '../../src/cli/report-command';
import { EXIT_OK, EXIT_USAGE, runCli } from '../../src/cli/run-cli';
import { runCliCaptured, withoutLastLineEnd } from '../support/run-cli-captured';
import { createBillingWorld, csvObjects } from './billing-fixtures';

const JUNE_3 = Date.parse('2025-06-03T07:00:00Z'); // 09:00 in Oslo

describe('npm run kvorum -- report charges', () => {
  let directory: string;
  let databasePath: string;
  let organisationId: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'kvorum-billing-cli-'));
    databasePath = join(directory, 'kvorum.db');
    const world = createBillingWorld(databasePath);
    organisationId = await world.account('Fjord AS', '987654321');
    const conference = await world.conference(organisationId, 'Weekly');
    const meeting = await world.startMeeting(conference, organisationId, JUNE_3);
    await world.call({ conferenceId: conference, meetingId: meeting, calledAt: JUNE_3, enteredAt: JUNE_3, leftAt: JUNE_3 + 90_000 });
    await world.ledger.meetingEnded(meeting, JUNE_3 + 90_000, 'ended-by-leader');
    world.db.close();
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const run = async (...args: string[]) => {
    const env = { KVORUM_DB_PATH: databasePath, KVORUM_LOG_LEVEL: 'silent' };
    const { exitCode, stdout, stderr } = await runCliCaptured(
      ['report', ...args],
      { report: reportCommand },
      env,
      () => JUNE_3 + 86_400_000,
    );
    return { code: exitCode, out: withoutLastLineEnd(stdout), err: withoutLastLineEnd(stderr) };
  };

  it('prints the CSV report of an account for a period', async () => {
    const result = await run('charges', '--from', '2025-06-01', '--to', '2025-06-30', '--account', organisationId, '--legs');
    expect(result).toMatchObject({ code: EXIT_OK, err: '' });
    const rows = csvObjects(result.out);
    expect(rows.filter((row) => row.record === 'leg')).toMatchObject([
      { caller_number: "'+47xxxxxx67", seconds: '90', charged_minutes: '2', amount_nok: '5.10', billing_reference: '987654321' },
    ]);
    expect(rows.find((row) => row.note === 'total incl. VAT')?.amount_nok).toBe('6.38'); // 5.10 + 1.275 → 1.28
  });

  it('prints JSON with --format json and writes to a file with --output', async () => {
    const output = join(directory, 'june.json');
    const result = await run('charges', '--from', '2025-06-01', '--to', '2025-06-30', '--format', 'json', '--output', output);
    expect(result.code).toBe(EXIT_OK);
    const document = JSON.parse(readFileSync(output, 'utf8'));
    expect(document.accounts.map((account: { totals: { chargesOre: number } }) => account.totals.chargesOre)).toEqual([510]);
  });

  it('streams the report to standard output as it is made, every CSV record ending in CRLF, without a code secret', async () => {
    const chunks: Uint8Array[] = [];
    const lines: string[] = [];
    const context: CliContext = {
      env: { KVORUM_DB_PATH: databasePath, KVORUM_LOG_LEVEL: 'silent' },
      out: (text) => lines.push(text),
      write: (chunk) => void chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
      err: (text) => lines.push(text),
      now: () => JUNE_3 + 86_400_000,
    };
    const args = ['report', 'charges', '--from', '2025-06-01', '--to', '2025-06-30', '--legs'];
    expect(await runCli(args, { report: reportCommand }, context)).toBe(EXIT_OK);
    expect(lines).toEqual([]);
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(
      csv
        .split('\r\n')
        .slice(0, -1)
        .every((record) => !record.includes('\n')),
    ).toBe(true);
    expect(csvObjects(csv).map((row) => row.record)).toEqual([
      'meeting',
      'leg',
      'total',
      'total',
      'total',
      'total',
      'total',
      'total',
      'total',
    ]);
  });

  it('uses the separator asked for', async () => {
    const result = await run('charges', '--from', '2025-06-01', '--to', '2025-06-30', '--separator', ';');
    expect(result.out.split('\r\n')[0]).toMatch(/^record;account_id;/);
  });

  it('explains a wrong date, a reversed period, a period over 13 months and an unknown account with exit code 2', async () => {
    expect(await run('charges', '--from', '2025-06-31', '--to', '2025-07-01')).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('--from: must be a date YYYY-MM-DD'),
    });
    expect(await run('charges', '--from', '2025-07-01', '--to', '2025-06-01')).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('--to: must not be before from'),
    });
    expect(await run('charges', '--from', '2024-06-01', '--to', '2025-07-01')).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('--to: a report covers at most 13 months: end it before 2025-07-01'),
    });
    // Thirteen months to the day is the longest report.
    expect((await run('charges', '--from', '2024-06-01', '--to', '2025-06-30')).code).toBe(EXIT_OK);
    expect(await run('charges', '--from', '2025-06-01', '--to', '2025-06-30', '--account', 'org-nope')).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('--account: no such account'),
    });
    expect((await run('invoices')).code).toBe(EXIT_USAGE);
  });
});
