import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokensCommand } from '../../src/cli/tokens-command';
import { runCliCaptured, type CliOutcome } from '../support/run-cli-captured';
import { AdminApiHarness } from './admin-api-harness';

let workDir: string;
let dbPath: string;
let api: AdminApiHarness | null = null;

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'kvorum-tokens-cli-'));
  dbPath = join(workDir, 'kvorum.db');
});
afterEach(async () => {
  await api?.stop();
  api = null;
  rmSync(workDir, { recursive: true, force: true });
});

function kvorum(...args: string[]): Promise<CliOutcome> {
  const env = { KVORUM_DB_PATH: dbPath, KVORUM_CODE_SECRET: 'cli-test-secret-0123456789' };
  return runCliCaptured(['tokens', ...args], { tokens: tokensCommand }, env, () => Date.UTC(2026, 0, 1));
}

describe('npm run kvorum -- tokens', () => {
  it('creates the first operator token, which works on the API at once and stops working when revoked', async () => {
    const created = await kvorum('create', '--role', 'operator', '--name', 'Olga');
    expect(created.exitCode).toBe(0);
    const printed = JSON.parse(created.stdout);
    expect(printed.user).toMatchObject({ name: 'Olga', role: 'operator' });
    expect(printed.secret).toMatch(/^kvorum_/);
    expect(printed.token.issuedBy).toEqual({ via: 'command-line' });

    api = await AdminApiHarness.start({ databaseFile: dbPath });
    const me = await api.call(printed.secret, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.json.user).toMatchObject({ id: printed.user.id, role: 'operator' });
    // A token the operator then issues over the API names the operator.
    const issued = await api.call(printed.secret, 'POST', `/users/${printed.user.id}/tokens`, { name: 'ci' });
    expect(issued.json.token.issuedBy).toEqual({ via: 'api', userId: printed.user.id });
    // An operator sees every organisation, including those created after it.
    expect((await api.call(printed.secret, 'GET', '/organisations')).json.organisations.length).toBeGreaterThan(1);

    // A second operator joins the first in the platform organisation; the listing never shows secrets.
    const second = JSON.parse((await kvorum('create', '--role', 'operator', '--name', 'Per')).stdout);
    expect(second.user.organisationId).toBe(printed.user.organisationId);
    const listed = await kvorum('list', '--user', printed.user.id);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ id: printed.token.id, revokedAt: null, issuedBy: { via: 'command-line' } }),
      expect.objectContaining({ id: issued.json.token.id, issuedBy: { via: 'api', userId: printed.user.id } }),
    ]);
    expect(listed.stdout).not.toContain(printed.secret);

    expect((await kvorum('revoke', '--token', printed.token.id)).exitCode).toBe(0);
    expect((await api.call(printed.secret, 'GET', '/me')).status).toBe(401);
  });

  it('creates a token for an existing user, or an org admin in a named organisation', async () => {
    const operator = JSON.parse((await kvorum('create', '--role', 'operator', '--name', 'Olga')).stdout);
    const again = await kvorum('create', '--user', operator.user.id, '--token-name', 'backup');
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout).token.name).toBe('backup');

    const admin = await kvorum('create', '--role', 'org-admin', '--name', 'Ada', '--organisation', operator.user.organisationId);
    expect(JSON.parse(admin.stdout).user).toMatchObject({ role: 'org-admin', organisationId: operator.user.organisationId });
  });

  it('explains what is wrong with a request it cannot do', async () => {
    const cases: Array<[string[], string]> = [
      [['create', '--name', 'X'], '--role (or --user) is required'],
      [['create', '--role', 'admin', '--name', 'X'], '--role must be one of'],
      [['create', '--role', 'operator'], '--name is required'],
      [['create', '--role', 'finance', '--name', 'X'], '--organisation is required for the finance role'],
      [['create', '--role', 'user', '--name', 'X', '--organisation', 'org-nope'], 'no such organisation'],
      [['create', '--user', 'user-nope'], 'no such user'],
      [['revoke', '--token', 'tok-nope'], 'no such token'],
      [['rotate'], 'unknown command rotate'],
    ];
    for (const [args, message] of cases) {
      const outcome = await kvorum(...args);
      expect(outcome.exitCode, args.join(' ')).toBe(2);
      expect(outcome.stderr).toContain(message);
    }
  });
});
