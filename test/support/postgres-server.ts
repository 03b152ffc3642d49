import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Debian's PostgreSQL (package `postgresql`, which `.ci/run` installs when
 * missing): the newest major version installed, whichever the release ships.
 */
const POSTGRES_BIN = process.env.KVORUM_TEST_POSTGRES_BIN ?? newestDebianPostgres();

function newestDebianPostgres(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a)).find((version) => existsSync(join(root, version, 'bin', 'initdb')));
  return join(root, newest ?? '15', 'bin');
}

/**
 * initdb and postgres refuse to run as root. As root (CI, this sandbox) the
 * server runs as this user instead: Debian's package creates `postgres`;
 * `nobody` exists everywhere else. Not root: the server runs as the caller.
 */
const SERVER_USERS = ['postgres', 'nobody'];

/** The role the tests connect as; trusted on 127.0.0.1 only, no password. */
const SUPERUSER = 'kvorum';

/**
 * A throwaway PostgreSQL for one test file: a fresh cluster in a temporary
 * folder, listening on 127.0.0.1 on a free port (and a Unix socket in that
 * folder, nowhere else), without fsync since nothing in it must survive.
 * `database()` makes an empty database per test; `stop()` stops the server
 * and removes the folder.
 */
export class PostgresServer {
  private databases = 0;

  private constructor(
    private readonly dataDir: string,
    private readonly workDir: string,
    private readonly runAs: string | null,
    readonly port: number,
  ) {}

  static available(): boolean {
    return existsSync(join(POSTGRES_BIN, 'initdb'));
  }

  static async start(): Promise<PostgresServer> {
    const workDir = mkdtempSync(join(tmpdir(), 'kvorum-pg-'));
    const dataDir = join(workDir, 'data');
    const runAs = process.getuid?.() === 0 ? await serverUser() : null;
    if (runAs !== null) {
      // The server's user must own the folder it writes; 0700 is what postgres demands of it.
      const { uid, gid } = await userIds(runAs);
      chownSync(workDir, uid, gid);
      chmodSync(workDir, 0o700);
    }
    const server = new PostgresServer(dataDir, workDir, runAs, await freePort());
    try {
      await server.asServerUser('initdb', ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-sync']);
      const options = `-p ${server.port} -k ${workDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
      await server.asServerUser('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(workDir, 'server.log'), '-w', 'start']);
    } catch (error) {
      rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
    return server;
  }

  /**
   * A connection string for a new database on this server: empty, or a copy
   * of the database `template` (which nobody may be connected to meanwhile).
   */
  async database(template?: string): Promise<string> {
    this.databases += 1;
    const name = `kvorum_test_${this.databases}`;
    const copy = template === undefined ? [] : ['-T', template];
    await this.asServerUser('createdb', ['-h', '127.0.0.1', '-p', String(this.port), '-U', SUPERUSER, ...copy, name]);
    return this.url(name);
  }

  url(database = 'postgres'): string {
    return `postgres://${SUPERUSER}@127.0.0.1:${this.port}/${database}`;
  }

  async stop(): Promise<void> {
    try {
      await this.asServerUser('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
    } finally {
      rmSync(this.workDir, { recursive: true, force: true });
    }
  }

  private async asServerUser(tool: string, args: string[]): Promise<void> {
    const binary = join(POSTGRES_BIN, tool);
    const [command, commandArgs] = this.runAs === null ? [binary, args] : ['runuser', ['-u', this.runAs, '--', binary, ...args]];
    // The server's own folder as working directory: the server user may not be able to read the caller's.
    await run(command, commandArgs, { cwd: this.workDir });
  }
}

async function serverUser(): Promise<string> {
  for (const user of SERVER_USERS) {
    const found = await userIds(user).then(
      () => true,
      () => false,
    );
    if (found) return user;
  }
  throw new Error(`none of the users ${SERVER_USERS.join(', ')} exists to run PostgreSQL as (it refuses root)`);
}

async function userIds(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** A port nothing listens on now, on 127.0.0.1. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
