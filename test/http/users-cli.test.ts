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
  workDir = mkdtempSync(join(tmpdir(), 'kvorum-users-cli-'));
  dbPath = join(workDir, 'kvorum.db');
});
afterEach(async () => {
  await api?.stop();
  api = null;
  rmSync(workDir, { recursive: true, force: true });
});

function kvorum(...args: string[]): Promise<CliOutcome> {
  return runCliCaptured(args, { tokens: tokensCommand, users: usersCommand }, { KVORUM_DB_PATH: dbPath, KVORUM_LOG_LEVEL: 'trace' });
}

describe('npm run kvorum -- users password-reset', () => {
  it('lets the first operator sign in to the portal after the setup commands', async () => {
    const operator = JSON.parse((await kvorum('tokens', 'create', '--role', 'operator', '--name', 'Olga')).stdout);
    const reset = await kvorum('users', 'password-reset', '--user', operator.user.id, '--email', 'olga@example.com');
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
    expect(await kvorum('users', 'password-reset')).toMatchObject({ exitCode: 2, stderr: 'kvorum users: --user is required\n' });
    const operator = JSON.parse((await kvorum('tokens', 'create', '--role', 'operator', '--name', 'Olga')).stdout);
    expect((await kvorum('users', 'password-reset', '--user', operator.user.id, '--email', 'not an address')).stderr).toBe(
      'kvorum users: --email must be an e-mail address\n',
    );
    expect((await kvorum('users', 'password-reset', '--user', 'user-nobody')).stderr).toBe('kvorum users: no such user\n');
    expect((await kvorum('users', 'password-reset', '--user', operator.user.id)).stderr).toBe(
      'kvorum users: the user has no e-mail address to sign in with: give it one first\n',
    );
  });
});
