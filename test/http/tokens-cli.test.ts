import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokensCommand } from '../../src/cli/tokens-command';
import { usersCommand } from '../../src/cli/users-command';
import { runCliCaptured, type CliOutcome } from '../support/run-cli-captured';
import { AdminApiHarness } from './admin-api-harness';
import { PortalBrowser } from './portal-browser';

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

/** `kvorum users …` on the same database, with every log line (at trace) kept on stderr. */
function users(...args: string[]): Promise<CliOutcome> {
  const env = { KVORUM_DB_PATH: dbPath, KVORUM_LOG_LEVEL: 'trace' };
  return runCliCaptured(['users', ...args], { users: usersCommand }, env);
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

describe('npm run kvorum -- users password-reset', () => {
  it('lets the first operator sign in to the portal after the setup commands', async () => {
    const operator = JSON.parse((await kvorum('create', '--role', 'operator', '--name', 'Olga')).stdout);
    const reset = await users('password-reset', '--user', operator.user.id, '--email', 'olga@example.com');
    expect(reset.exitCode).toBe(0);
    const printed = JSON.parse(reset.stdout);
    expect(printed).toEqual({
      userId: operator.user.id,
      email: 'olga@example.com',
      resetCode: expect.stringMatching(/^\w{4}-\w{4}-\w{4}-\w{4}$/),
      expiresAt: expect.any(String),
    });
    expect(reset.stderr).not.toContain(printed.resetCode);

    api = await AdminApiHarness.start({ databaseFile: dbPath });
    const password = 'first operator passphrase';
    const set = await api.call(null, 'POST', '/password', {
      email: 'olga@example.com',
      resetCode: printed.resetCode,
      newPassword: password,
    });
    expect(set.status).toBe(204);
    const browser = new PortalBrowser(api);
    const signedIn = await browser.signIn('olga@example.com', password);
    expect(signedIn.json.user).toMatchObject({ userId: operator.user.id, role: 'operator' });
    expect((await browser.call('GET', '/organisations')).status).toBe(200);
  });

  it('refuses without --user, with a bad --email, for an unknown user, and for a user without an address', async () => {
    expect(await users('password-reset')).toMatchObject({ exitCode: 2, stderr: 'kvorum users: --user is required\n' });
    const operator = JSON.parse((await kvorum('create', '--role', 'operator', '--name', 'Olga')).stdout);
    expect((await users('password-reset', '--user', operator.user.id, '--email', 'not an address')).stderr).toBe(
      'kvorum users: --email must be an e-mail address\n',
    );
    expect((await users('password-reset', '--user', 'user-nobody')).stderr).toBe('kvorum users: no such user\n');
    expect((await users('password-reset', '--user', operator.user.id)).stderr).toBe(
      'kvorum users: the user has no e-mail address to sign in with: give it one first\n',
    );
  });
});

describe('npm run kvorum -- users deactivate | reactivate', () => {
  it('deactivates a user, whose token then answers 401, and reactivates it; never the last active operator', async () => {
    const first = JSON.parse((await kvorum('create', '--role', 'operator', '--name', 'Olga')).stdout);
    const last = await users('deactivate', '--user', first.user.id);
    expect(last).toMatchObject({
      exitCode: 2,
      stderr: 'kvorum users: the last active operator cannot be deactivated: make another operator first\n',
    });

    const second = JSON.parse((await kvorum('create', '--role', 'operator', '--name', 'Per')).stdout);
    const deactivated = await users('deactivate', '--user', first.user.id);
    expect(deactivated.exitCode).toBe(0);
    expect(JSON.parse(deactivated.stdout)).toMatchObject({
      id: first.user.id,
      role: 'operator',
      active: false,
      deactivatedAt: expect.any(String),
    });
    // Per is the last active operator now.
    expect((await users('deactivate', '--user', second.user.id)).exitCode).toBe(2);
    // (The harness adds users of its own, an operator among them.)
    api = await AdminApiHarness.start({ databaseFile: dbPath });
    expect((await api.call(first.secret, 'GET', '/me')).status).toBe(401);

    const reactivated = await users('reactivate', '--user', first.user.id);
    expect(reactivated.exitCode).toBe(0);
    expect(JSON.parse(reactivated.stdout)).toMatchObject({ id: first.user.id, active: true, deactivatedAt: null });
    expect((await api.call(first.secret, 'GET', '/me')).status).toBe(200);
  });

  it('refuses without --user and for an unknown user', async () => {
    for (const command of ['deactivate', 'reactivate']) {
      expect(await users(command)).toMatchObject({ exitCode: 2, stderr: 'kvorum users: --user is required\n' });
      expect(await users(command, '--user', 'user-nobody')).toMatchObject({ exitCode: 2, stderr: 'kvorum users: no such user\n' });
    }
  });
});
